"""``tf.contrib.metrics``: streaming metrics with contrib's argument order, Keras-free.

The ``streaming_*`` metrics ``tf.compat.v1.metrics`` has are built by it (``predictions`` first, as contrib
had them); ``streaming_covariance``, ``streaming_pearson_correlation``, ``streaming_recall_at_k`` and ``f1_score``
are written here with TF 1.15's update rules. The rest (``streaming_concat``, ``cohen_kappa``,
``streaming_dynamic_auc``, ...) is TF-Slim's metrics module, from tf-slim (``pip install 'tfcompat[slim]'``).
"""
from __future__ import annotations

from typing import Any, Sequence

import tensorflow as tf

from .._extras import forwarder
from ._covariance import f1_score, streaming_covariance, streaming_pearson_correlation
from ._streaming import (
    streaming_accuracy,
    streaming_auc,
    streaming_false_negatives,
    streaming_false_negatives_at_thresholds,
    streaming_false_positives,
    streaming_false_positives_at_thresholds,
    streaming_mean,
    streaming_mean_absolute_error,
    streaming_mean_cosine_distance,
    streaming_mean_iou,
    streaming_mean_relative_error,
    streaming_mean_squared_error,
    streaming_mean_tensor,
    streaming_percentage_less,
    streaming_precision,
    streaming_precision_at_thresholds,
    streaming_recall,
    streaming_recall_at_k,
    streaming_recall_at_thresholds,
    streaming_root_mean_squared_error,
    streaming_sensitivity_at_specificity,
    streaming_sparse_average_precision_at_k,
    streaming_sparse_precision_at_k,
    streaming_sparse_recall_at_k,
    streaming_specificity_at_sensitivity,
    streaming_true_negatives,
    streaming_true_negatives_at_thresholds,
    streaming_true_positives,
    streaming_true_positives_at_thresholds,
)
from tfcompat.spec.served import exported

confusion_matrix = tf.math.confusion_matrix
set_difference = tf.sets.difference
set_intersection = tf.sets.intersection
set_size = tf.sets.size
set_union = tf.sets.union


def accuracy(predictions: Any, labels: Any, weights: Any = None, name: str | None = None) -> tf.Tensor:
    """The (weighted) fraction of ``predictions == labels`` in this batch (not streaming)."""
    labels = tf.convert_to_tensor(labels)
    predictions = tf.convert_to_tensor(predictions)
    if not (labels.dtype.is_integer or labels.dtype in (tf.bool, tf.string)):
        raise ValueError(f"Labels should have bool, integer, or string dtype, not {labels.dtype!r}")
    if not labels.dtype.is_compatible_with(predictions.dtype):
        raise ValueError(f"Dtypes of predictions and labels should match. Given: predictions ({predictions.dtype!r}) "
                         f"and labels ({labels.dtype!r})")
    with tf.name_scope(name or "accuracy"):
        is_correct = tf.cast(tf.equal(predictions, labels), tf.float32)
        if weights is None:
            return tf.reduce_mean(is_correct)
        weights = tf.cast(weights, tf.float32)
        return tf.reduce_sum(is_correct * weights) / tf.reduce_sum(weights * tf.ones_like(is_correct))


def aggregate_metrics(*value_update_tuples: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """``[(value, update), ...]`` -> ``([values], [updates])``."""
    if not value_update_tuples:
        raise ValueError("Expected at least one value_tensor/update_op pair")
    values, updates = zip(*value_update_tuples)
    return list(values), list(updates)


def aggregate_metric_map(names_to_tuples: dict[str, Sequence[Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``{name: (value, update)}`` -> ``({name: value}, {name: update})``."""
    names = list(names_to_tuples)
    values, updates = aggregate_metrics(*names_to_tuples.values())
    return dict(zip(names, values)), dict(zip(names, updates))


__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.metrics", "tfcompat.contrib.metrics", __all__)
