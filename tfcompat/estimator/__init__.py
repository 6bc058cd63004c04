"""TF 1.15's ``tf.estimator`` for custom ``model_fn``s, on TF 2's ``tf.compat.v1`` graphs (TF 2.16+ removed it).

``Estimator`` (train / evaluate / predict, checkpoints, resume, warm start), ``EstimatorSpec``, ``ModeKeys``,
``RunConfig``, ``TrainSpec`` / ``EvalSpec`` / ``train_and_evaluate`` (local), ``inputs.numpy_input_fn`` and
the session-run hooks ``tf.estimator`` re-exported.  Not here yet: canned estimators, SavedModel export and
exporters, distributed TF_CONFIG runs, TPUEstimator.
"""
from __future__ import annotations

import tensorflow as _tf

from tfcompat.estimator import inputs
from tfcompat.estimator._estimator import Estimator
from tfcompat.estimator._model_fn import EstimatorSpec, ModeKeys
from tfcompat.estimator._run_config import RunConfig
from tfcompat.estimator._training import EvalSpec, TrainSpec, train_and_evaluate
from tfcompat.estimator._warm_start import WarmStartSettings

# tf.estimator re-exported these tf.train hooks under its own name.
_HOOKS = ("CheckpointSaverHook", "CheckpointSaverListener", "FeedFnHook", "FinalOpsHook", "GlobalStepWaiterHook",
          "LoggingTensorHook", "NanLossDuringTrainingError", "NanTensorHook", "ProfilerHook", "SecondOrStepTimer",
          "SessionRunArgs", "SessionRunContext", "SessionRunHook", "SessionRunValues", "StepCounterHook",
          "StopAtStepHook", "SummarySaverHook")
globals().update({name: getattr(_tf.compat.v1.train, name) for name in _HOOKS})

__all__ = ["Estimator", "EstimatorSpec", "EvalSpec", "ModeKeys", "RunConfig", "TrainSpec", "WarmStartSettings",
           "inputs", "train_and_evaluate", *_HOOKS]
