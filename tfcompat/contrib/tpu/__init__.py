"""TF 1.15's ``tf.contrib.tpu`` estimator API running with ``use_tpu=False`` on CPU/GPU, as BERT and T2T ran it.

``TPUEstimator``, ``TPUEstimatorSpec`` (``eval_metrics``, ``scaffold_fn``, ``host_call``), ``RunConfig``,
``TPUConfig``, ``InputPipelineConfig``, ``CrossShardOptimizer`` (a pass-through on one replica).
``use_tpu=True`` is refused: tfcompat has no TPU runtime.
"""
from __future__ import annotations

from tfcompat.contrib.tpu._config import InputPipelineConfig, RunConfig, TPUConfig
from tfcompat.contrib.tpu._estimator import ExamplesPerSecondHook, TPUEstimator
from tfcompat.contrib.tpu._optimizer import CrossShardOptimizer
from tfcompat.contrib.tpu._spec import TPUEstimatorSpec

__all__ = ["CrossShardOptimizer", "ExamplesPerSecondHook", "InputPipelineConfig", "RunConfig", "TPUConfig",
           "TPUEstimator", "TPUEstimatorSpec"]
