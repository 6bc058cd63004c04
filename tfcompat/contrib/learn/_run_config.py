"""``tf.contrib.learn.RunConfig`` and ``ModeKeys``: TF 1.15's learn spellings over ``tfcompat.estimator``'s."""
from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat.estimator import RunConfig as _CoreRunConfig

_USE_DEFAULT = object()


class ModeKeys:
    """``tf.contrib.learn.ModeKeys``: ``INFER`` is what ``tf.estimator.ModeKeys`` calls ``PREDICT``."""

    TRAIN = "train"
    EVAL = "eval"
    INFER = "infer"

    @classmethod
    def validate(cls, key: str) -> None:
        """Raises ValueError unless ``key`` is one of the three modes."""
        if key not in (cls.TRAIN, cls.EVAL, cls.INFER):
            raise ValueError(f"Invalid mode {key}.")


class Environment:
    """Where a learn job runs; tfcompat runs every job in this process."""

    LOCAL = "local"
    CLOUD = "cloud"
    GOOGLE = "google"


class RunConfig(_CoreRunConfig):
    """The learn ``RunConfig``: an Estimator ``RunConfig`` with the learn constructor and ``uid``.

    As in TF 1.15, checkpoints are saved every 600 seconds unless ``save_checkpoints_steps`` is given;
    ``num_cores``, ``log_device_placement`` and ``gpu_memory_fraction`` make ``tf_config``.
    """

    def __init__(self, master: str | None = None, num_cores: int = 0, log_device_placement: bool = False,
                 gpu_memory_fraction: float = 1, tf_random_seed: int | None = None, save_summary_steps: int = 100,
                 save_checkpoints_secs: Any = _USE_DEFAULT, save_checkpoints_steps: int | None = None,
                 keep_checkpoint_max: int = 5, keep_checkpoint_every_n_hours: float = 10000,
                 log_step_count_steps: int = 100, protocol: str | None = None, evaluation_master: str = "",
                 model_dir: str | None = None, session_config: Any = None,
                 session_creation_timeout_secs: int = 7200) -> None:
        if save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = 600 if save_checkpoints_steps is None else None
        super().__init__(model_dir=model_dir, tf_random_seed=tf_random_seed, save_summary_steps=save_summary_steps,
                         save_checkpoints_steps=save_checkpoints_steps, save_checkpoints_secs=save_checkpoints_secs,
                         session_config=session_config, keep_checkpoint_max=keep_checkpoint_max,
                         keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours,
                         log_step_count_steps=log_step_count_steps, protocol=protocol,
                         session_creation_timeout_secs=session_creation_timeout_secs)
        self._learn_master = master or ""
        self._learn_evaluation_master = evaluation_master
        self._tf_config = tf.compat.v1.ConfigProto(
            log_device_placement=log_device_placement, inter_op_parallelism_threads=num_cores,
            intra_op_parallelism_threads=num_cores,
            gpu_options=tf.compat.v1.GPUOptions(per_process_gpu_memory_fraction=gpu_memory_fraction))

    @property
    def master(self) -> str:
        """The ``master`` given, else the cluster's (TF_CONFIG)."""
        return self._learn_master or _CoreRunConfig.master.fget(self)

    @property
    def evaluation_master(self) -> str:
        """The ``evaluation_master`` given, else the cluster's (TF_CONFIG)."""
        return self._learn_evaluation_master or _CoreRunConfig.evaluation_master.fget(self)

    environment = property(lambda self: Environment.LOCAL)
    tf_config = property(lambda self: self._tf_config, doc="The ConfigProto the learn Estimator's sessions used.")

    def get_task_id(self) -> int:
        """The task index (0: tfcompat runs one local task)."""
        return self.task_id

    def uid(self, whitelist: Any = None) -> str:
        """A string naming this config's values: equal configs (and copies) have equal uids.

        ``whitelist`` lists properties left out of the comparison (TF 1.15's default: none).
        """
        skipped = set(whitelist or ())
        values = {**self._values, "master": self.master, "evaluation_master": self.evaluation_master,
                  "tf_config": self._tf_config}
        return ", ".join(f"{key}={values[key]!r}" for key in sorted(values) if key not in skipped)
