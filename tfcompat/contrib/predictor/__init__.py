"""TF 1.15's ``tf.contrib.predictor``: a callable over a SavedModel's signature, on a ``tf.compat.v1`` session.

``from_saved_model`` and ``from_estimator`` (a ``tf.estimator.Estimator``); ``from_contrib_estimator`` (the learn
Estimator) is left out.
"""
from __future__ import annotations

from tfcompat.contrib.predictor._predictor import SavedModelPredictor, from_estimator, from_saved_model
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
