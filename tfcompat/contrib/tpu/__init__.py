"""TF 1.15's ``tf.contrib.tpu`` estimator API running with ``use_tpu=False`` on CPU/GPU, as BERT and T2T ran it.

``TPUEstimator``, ``TPUEstimatorSpec`` (``eval_metrics``, ``scaffold_fn``, ``host_call``), ``RunConfig``,
``TPUConfig``, ``InputPipelineConfig``, ``CrossShardOptimizer`` (a pass-through on one replica).
``use_tpu=True`` is refused: tfcompat has no TPU runtime.  Other names (``bfloat16_scope``, ``rewrite``, ``shard``,
...) are ``tf.compat.v1.tpu``'s, where TF 2 keeps them.
"""
from __future__ import annotations

from typing import Any

import tensorflow as _tf

from tfcompat.contrib.tpu._config import InputPipelineConfig, RunConfig, TPUConfig
from tfcompat.contrib.tpu._estimator import ExamplesPerSecondHook, TPUEstimator
from tfcompat.contrib.tpu._optimizer import CrossShardOptimizer
from tfcompat.contrib.tpu._spec import TPUEstimatorSpec
from tfcompat.spec.served import exported

__all__ = exported(__name__)


def __getattr__(name: str) -> Any:
    try:
        return getattr(_tf.compat.v1.tpu, name)
    except AttributeError:
        raise AttributeError(f"tfcompat.contrib.tpu has no attribute {name!r}: it serves TPUEstimator and its "
                             "helpers on CPU/GPU and forwards tf.compat.v1.tpu, which lacks it too") from None
