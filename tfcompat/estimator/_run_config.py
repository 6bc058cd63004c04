"""``RunConfig``: TF 1.15's defaults, validation and ``replace``, and the cluster read from ``TF_CONFIG``."""
from __future__ import annotations

import copy
import inspect
import os
from typing import Any, Callable

import tensorflow as tf

from tfcompat.estimator import _cluster

_USE_DEFAULT = object()
_SAVE_CKPT_ERR = "`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set."

# The properties ``replace`` may change, as TF 1.15 listed them.
REPLACEABLE = ("model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps",
               "save_checkpoints_secs", "session_config", "keep_checkpoint_max",
               "keep_checkpoint_every_n_hours", "log_step_count_steps", "train_distribute", "device_fn",
               "protocol", "eval_distribute", "experimental_distribute", "experimental_max_worker_delay_secs",
               "session_creation_timeout_secs", "checkpoint_save_graph_def")

# (property, condition on a non-None value, message) as TF 1.15 checked them.
_CHECKS: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("model_dir", bool, "model_dir should be non-empty"),
    ("save_summary_steps", lambda v: v >= 0, "save_summary_steps should be >= 0"),
    ("save_checkpoints_steps", lambda v: v >= 0, "save_checkpoints_steps should be >= 0"),
    ("save_checkpoints_secs", lambda v: v >= 0, "save_checkpoints_secs should be >= 0"),
    ("session_config", lambda v: isinstance(v, tf.compat.v1.ConfigProto),
     "session_config must be instance of ConfigProto"),
    ("keep_checkpoint_max", lambda v: v >= 0, "keep_checkpoint_max should be >= 0"),
    ("keep_checkpoint_every_n_hours", lambda v: v > 0, "keep_checkpoint_every_n_hours should be > 0"),
    ("log_step_count_steps", lambda v: v > 0, "log_step_count_steps should be > 0"),
    ("tf_random_seed", lambda v: isinstance(v, int) and not isinstance(v, bool), "tf_random_seed must be integer."),
    ("experimental_max_worker_delay_secs", lambda v: isinstance(v, int),
     "experimental_max_worker_delay_secs must be an integer if set."),
    ("session_creation_timeout_secs", lambda v: v > 0, "session_creation_timeout_secs should be > 0"),
    ("device_fn", lambda v: callable(v) and list(inspect.signature(v).parameters) == ["op"],
     'device_fn must be callable with exactly one argument "op".'),
    ("protocol", lambda v: v in ("grpc", "grpc+verbs"), "protocol should be grpc or grpc+verbs"),
)


class RunConfig:
    """How an ``Estimator`` runs: model_dir, seed, checkpoint and summary frequencies, session config.

    With neither ``save_checkpoints_steps`` nor ``save_checkpoints_secs`` given, checkpoints are saved
    every 600 seconds, as in TF 1.15.  The cluster properties (``cluster_spec``, ``task_type``, ``task_id``,
    ``master``, ``is_chief``, ...) come from the ``TF_CONFIG`` environment variable, with their local values
    when it names no cluster; in a cluster without ``session_config``, each trainer's session sees only the
    ps tasks and itself, as in TF 1.15.
    """

    def __init__(self, model_dir: str | None = None, tf_random_seed: int | None = None,
                 save_summary_steps: int = 100, save_checkpoints_steps: Any = _USE_DEFAULT,
                 save_checkpoints_secs: Any = _USE_DEFAULT, session_config: Any = None,
                 keep_checkpoint_max: int = 5, keep_checkpoint_every_n_hours: float = 10000,
                 log_step_count_steps: int = 100, train_distribute: Any = None, device_fn: Any = None,
                 protocol: str | None = None, eval_distribute: Any = None, experimental_distribute: Any = None,
                 experimental_max_worker_delay_secs: int | None = None,
                 session_creation_timeout_secs: int = 7200, checkpoint_save_graph_def: bool = True) -> None:
        if save_checkpoints_steps is _USE_DEFAULT and save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_steps, save_checkpoints_secs = None, 600
        elif save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = None
        elif save_checkpoints_steps is _USE_DEFAULT:
            save_checkpoints_steps = None
        elif save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise ValueError(_SAVE_CKPT_ERR)
        if train_distribute or eval_distribute or experimental_distribute:
            raise ValueError("distribution strategies are not supported by tfcompat.estimator; "
                             "drop train_distribute/eval_distribute to train in one process.")
        tf_config = _cluster.read_tf_config()
        model_dir = os.fspath(model_dir) if model_dir is not None else None
        if model_dir == "":
            raise ValueError("model_dir should be non-empty.")
        in_env = tf_config.get("model_dir")
        if in_env == "":
            raise ValueError("model_dir in TF_CONFIG should be non-empty.")
        if in_env and model_dir and in_env != model_dir:
            raise ValueError(f"`model_dir` provided in RunConfig construct, if set, must have the same value "
                             f"as the model_dir in TF_CONFIG. model_dir: {model_dir} TF_CONFIG: {in_env}.")
        self._values: dict[str, Any] = {}
        self._set(model_dir=model_dir or in_env, tf_random_seed=tf_random_seed,
                  save_summary_steps=save_summary_steps, save_checkpoints_steps=save_checkpoints_steps,
                  save_checkpoints_secs=save_checkpoints_secs, session_config=session_config,
                  keep_checkpoint_max=keep_checkpoint_max,
                  keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours,
                  log_step_count_steps=log_step_count_steps, train_distribute=None, device_fn=device_fn,
                  protocol=protocol, eval_distribute=None, experimental_distribute=None,
                  experimental_max_worker_delay_secs=experimental_max_worker_delay_secs,
                  session_creation_timeout_secs=session_creation_timeout_secs,
                  checkpoint_save_graph_def=checkpoint_save_graph_def)
        self._cluster_settings = _cluster.cluster_settings(tf_config)
        if session_config is None and self._cluster_settings.cluster_spec:
            self._values["session_config"] = _cluster.distributed_session_config(self.task_type, self.task_id)

    def _set(self, **changes: Any) -> None:
        for key, value in changes.items():
            if key not in REPLACEABLE:
                raise ValueError(f"Replacing {key} is not supported. Allowed properties are {list(REPLACEABLE)}.")
            self._values[key] = value
        steps, secs = self._values["save_checkpoints_steps"], self._values["save_checkpoints_secs"]
        # Setting one of the two frequencies clears the other, as TF 1.15's replace did.
        if "save_checkpoints_steps" in changes and "save_checkpoints_secs" in changes:
            if steps is not None and secs is not None:
                raise ValueError(_SAVE_CKPT_ERR)
        elif "save_checkpoints_steps" in changes and steps is not None:
            self._values["save_checkpoints_secs"] = None
        elif "save_checkpoints_secs" in changes and secs is not None:
            self._values["save_checkpoints_steps"] = None
        for name, condition, message in _CHECKS:
            value = self._values[name]
            if value is not None and not condition(value):
                raise ValueError(message)

    def replace(self, **kwargs: Any) -> "RunConfig":
        """A copy with the given properties replaced (only those TF 1.15 allowed)."""
        new = copy.deepcopy(self)
        new._set(**kwargs)
        return new

    def __repr__(self) -> str:
        return f"RunConfig({', '.join(f'{k}={v!r}' for k, v in self._values.items() if v is not None)})"


def _property(name: str) -> property:
    return property(lambda self: self._values[name], doc=f"The ``{name}`` this config was built with.")


def _cluster_property(name: str) -> property:
    return property(lambda self: getattr(self._cluster_settings, name), doc=f"The ``{name}`` read from TF_CONFIG.")


for _name in REPLACEABLE:
    setattr(RunConfig, _name, _property(_name))
for _name in _cluster.ClusterSettings._fields:
    setattr(RunConfig, _name, _cluster_property(_name))
