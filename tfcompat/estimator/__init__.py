"""TF 1.15's ``tf.estimator`` for custom ``model_fn``s, on TF 2's ``tf.compat.v1`` graphs (TF 2.16+ removed it).

``Estimator`` (train / evaluate / predict, checkpoints, resume, warm start), ``EstimatorSpec``, ``ModeKeys``,
``RunConfig``, ``TrainSpec`` / ``EvalSpec`` / ``train_and_evaluate``, ``inputs.numpy_input_fn`` and
the session-run hooks ``tf.estimator`` re-exported, SavedModel export (``export``, ``Estimator.export_saved_model``,
``LatestExporter`` / ``BestExporter`` / ``FinalExporter``), and the canned estimators (``DNNClassifier``,
``LinearRegressor``, ``DNNLinearCombinedClassifier``, ``BaselineClassifier``, ... with TF 1.15's variable names).
``train_and_evaluate`` also runs one task of a ``TF_CONFIG`` cluster, as TF 1.15 did; ``experimental`` has the
early-stopping hooks.  ``TPUEstimator`` is ``tfcompat.contrib.tpu``'s.
"""
from __future__ import annotations

import tensorflow as _tf

import importlib as _importlib
from typing import Any as _Any

from tfcompat._left_out import left_out as _left_out
from tfcompat.estimator import export, inputs
from tfcompat.estimator._canned_baseline import BaselineClassifier, BaselineRegressor
from tfcompat.estimator._canned_dnn import DNNClassifier, DNNRegressor
from tfcompat.estimator._canned_dnn_linear import DNNLinearCombinedClassifier, DNNLinearCombinedRegressor
from tfcompat.estimator._canned_linear import LinearClassifier, LinearRegressor
from tfcompat.estimator._estimator import Estimator
from tfcompat.estimator._exporter import BestExporter, Exporter, FinalExporter, LatestExporter
from tfcompat.estimator._model_fn import EstimatorSpec, ModeKeys
from tfcompat.estimator._run_config import RunConfig
from tfcompat.estimator._training import EvalSpec, TrainSpec, train_and_evaluate
from tfcompat.estimator._warm_start import WarmStartSettings
from tfcompat.spec.served import exported

# tf.estimator re-exported these tf.train hooks under its own name (spelled out: the linter reads this file).
_train = _tf.compat.v1.train
CheckpointSaverHook = _train.CheckpointSaverHook
CheckpointSaverListener = _train.CheckpointSaverListener
FeedFnHook = _train.FeedFnHook
FinalOpsHook = _train.FinalOpsHook
GlobalStepWaiterHook = _train.GlobalStepWaiterHook
LoggingTensorHook = _train.LoggingTensorHook
NanLossDuringTrainingError = _train.NanLossDuringTrainingError
NanTensorHook = _train.NanTensorHook
ProfilerHook = _train.ProfilerHook
SecondOrStepTimer = _train.SecondOrStepTimer
SessionRunArgs = _train.SessionRunArgs
SessionRunContext = _train.SessionRunContext
SessionRunHook = _train.SessionRunHook
SessionRunValues = _train.SessionRunValues
StepCounterHook = _train.StepCounterHook
StopAtStepHook = _train.StopAtStepHook
SummarySaverHook = _train.SummarySaverHook

__all__ = exported(__name__)


def __getattr__(name: str) -> _Any:
    """``experimental`` and ``tpu`` load on first use: they re-export tfcompat.contrib modules that import this package."""
    if name in ("experimental", "tpu"):
        return _importlib.import_module(f"{__name__}.{name}")
    return _left_out(__name__)(name)
