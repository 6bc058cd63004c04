"""``TPUConfig``, ``InputPipelineConfig`` and the TPU ``RunConfig``, with TF 1.15's fields, defaults and checks.

On CPU/GPU (``use_tpu=False``) the TPU settings are validated and kept, and otherwise unused.
"""
from __future__ import annotations

import collections
import json
import os
import re
from typing import Any

from tfcompat.estimator import RunConfig as _EstimatorRunConfig


class InputPipelineConfig:
    """TF 1.15's input pipeline modes (the values of ``per_host_input_for_training``)."""

    PER_SHARD_V1 = 1
    PER_HOST_V1 = 2
    PER_HOST_V2 = 3
    BROADCAST = 4
    SLICED = 5


_TPU_CONFIG_FIELDS = ("iterations_per_loop", "num_shards", "num_cores_per_replica", "per_host_input_for_training",
                      "tpu_job_name", "initial_infeed_sleep_secs", "input_partition_dims",
                      "eval_training_input_configuration", "experimental_host_call_every_n_steps")
_ITERATIONS = re.compile(r"^[1-9]\d*[smh]?$")  # 1.15 also took a duration such as "300s"


def _check_positive_integer(value: Any, name: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{name} must be positive integer. Got {value!r}.")


def _tpu_job_name_from_tf_config() -> str | None:
    return json.loads(os.environ.get("TF_CONFIG", "{}") or "{}").get("service", {}).get("tpu_worker_job_name")


class TPUConfig(collections.namedtuple("TPUConfig", _TPU_CONFIG_FIELDS)):
    """TF 1.15's ``tf.contrib.tpu.TPUConfig``: validated as 1.15 did; unused when running on CPU/GPU."""

    def __new__(cls, iterations_per_loop: int | str = 2, num_shards: int | None = None,
                num_cores_per_replica: int | None = None, per_host_input_for_training: Any = True,
                tpu_job_name: str | None = None, initial_infeed_sleep_secs: int | None = None,
                input_partition_dims: Any = None,
                eval_training_input_configuration: int = InputPipelineConfig.PER_HOST_V1,
                experimental_host_call_every_n_steps: int = 1) -> "TPUConfig":
        if not (isinstance(iterations_per_loop, str) and _ITERATIONS.match(iterations_per_loop)):
            _check_positive_integer(iterations_per_loop, "TPUConfig iterations_per_loop")
        if num_shards is not None:
            _check_positive_integer(num_shards, "TPUConfig num_shards")
        if input_partition_dims is not None:
            if len(input_partition_dims) not in (1, 2):
                raise ValueError("input_partition_dims must be a list/tuple with one or two elements.")
            if per_host_input_for_training is not InputPipelineConfig.PER_HOST_V2:
                raise ValueError("input_partition_dims is only supported in PER_HOST_V2 mode.")
            if num_cores_per_replica is None:
                raise ValueError("input_partition_dims requires setting num_cores_per_replica.")
        if num_cores_per_replica is not None and num_cores_per_replica not in (1, 2, 4, 8, 16):
            raise ValueError(f"num_cores_per_replica must be 1, 2, 4, 8, or 16; got {num_cores_per_replica}")
        if eval_training_input_configuration not in (InputPipelineConfig.PER_HOST_V1, InputPipelineConfig.SLICED):
            raise ValueError("eval_training_input_configuration must be PER_HOST_V1 or SLICED; "
                             f"got {eval_training_input_configuration}")
        # 1.15 mapped the legacy booleans onto the numbered modes.
        if per_host_input_for_training is False:
            per_host_input_for_training = InputPipelineConfig.PER_SHARD_V1
        elif per_host_input_for_training is True:
            per_host_input_for_training = InputPipelineConfig.PER_HOST_V1
        if initial_infeed_sleep_secs:
            _check_positive_integer(initial_infeed_sleep_secs, "TPUConfig initial_infeed_sleep_secs")
        return super().__new__(
            cls, iterations_per_loop=iterations_per_loop, num_shards=num_shards,
            num_cores_per_replica=num_cores_per_replica, per_host_input_for_training=per_host_input_for_training,
            tpu_job_name=tpu_job_name or _tpu_job_name_from_tf_config(),
            initial_infeed_sleep_secs=initial_infeed_sleep_secs, input_partition_dims=input_partition_dims,
            eval_training_input_configuration=eval_training_input_configuration,
            experimental_host_call_every_n_steps=experimental_host_call_every_n_steps)


class RunConfig(_EstimatorRunConfig):
    """TF 1.15's TPU ``RunConfig``: the estimator's ``RunConfig`` plus ``tpu_config``, ``master`` and ``cluster``.

    ``cluster`` (a cluster resolver) is kept and gives ``master``, but its cluster is not merged into the
    session config: tfcompat trains in this process.
    """

    def __init__(self, tpu_config: TPUConfig | None = None, evaluation_master: str | None = None,
                 master: str | None = None, cluster: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if master is not None and cluster is not None:
            raise ValueError("Both master and cluster are set.")
        self._tpu_config = tpu_config or TPUConfig()
        self._cluster = cluster
        self._master = master if master is not None else (cluster.master() if cluster else "")
        # 1.15 defaulted the evaluation master to the training master.
        self._evaluation_master = evaluation_master if evaluation_master is not None else self._master

    tpu_config = property(lambda self: self._tpu_config)
    cluster = property(lambda self: self._cluster)
    master = property(lambda self: self._master)
    evaluation_master = property(lambda self: self._evaluation_master)

    def replace(self, **kwargs: Any) -> "RunConfig":
        """A copy with the given properties replaced; ``tpu_config`` may be replaced too."""
        tpu_config = kwargs.pop("tpu_config", self._tpu_config)
        new = super().replace(**kwargs)
        new._tpu_config = tpu_config
        return new
