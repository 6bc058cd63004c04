"""TF 1.15's ``tf.estimator.tpu``: the TPUEstimator names ``tfcompat.contrib.tpu`` serves (``use_tpu=False``).

``experimental.EmbeddingConfigSpec`` (TPU embedding tables) is left out: it needs a TPU.
"""
from __future__ import annotations

from tfcompat._left_out import left_out
from tfcompat.contrib.tpu import InputPipelineConfig, RunConfig, TPUConfig, TPUEstimator, TPUEstimatorSpec
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
