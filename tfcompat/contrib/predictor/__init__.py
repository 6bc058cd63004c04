"""TF 1.15's ``tf.contrib.predictor.from_saved_model``: a callable over a SavedModel, on a ``tf.compat.v1`` session.

``from_estimator`` and ``from_contrib_estimator`` are left out: export with ``Estimator.export_saved_model``
and load the export.
"""
from __future__ import annotations

from tfcompat.contrib.predictor._predictor import SavedModelPredictor, from_saved_model

__all__ = ["SavedModelPredictor", "from_saved_model"]
