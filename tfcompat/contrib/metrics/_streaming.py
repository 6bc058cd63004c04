"""The ``streaming_*`` metrics that are ``tf.compat.v1.metrics`` with contrib's argument order.

``tf.contrib.metrics.streaming_auc(predictions, labels, ...)`` builds exactly ``tf.compat.v1.metrics.auc(labels,
predictions, ...)`` (same local variables, same update op): contrib only put ``predictions`` first.
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

v1 = tf.compat.v1


def _swapped(name: str, v1_name: str) -> Callable[..., Any]:
    """``tf.compat.v1.metrics.<v1_name>`` called with ``(predictions, labels, ...)``."""

    def metric(predictions: Any, labels: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(v1.metrics, v1_name)(labels, predictions, *args, **kwargs)

    metric.__name__ = metric.__qualname__ = name
    metric.__doc__ = f"``tf.compat.v1.metrics.{v1_name}`` with contrib's argument order (``predictions, labels``)."
    return metric


streaming_accuracy = _swapped("streaming_accuracy", "accuracy")
streaming_auc = _swapped("streaming_auc", "auc")
streaming_false_negatives = _swapped("streaming_false_negatives", "false_negatives")
streaming_false_negatives_at_thresholds = _swapped("streaming_false_negatives_at_thresholds",
                                                   "false_negatives_at_thresholds")
streaming_false_positives = _swapped("streaming_false_positives", "false_positives")
streaming_false_positives_at_thresholds = _swapped("streaming_false_positives_at_thresholds",
                                                   "false_positives_at_thresholds")
streaming_mean_absolute_error = _swapped("streaming_mean_absolute_error", "mean_absolute_error")
streaming_mean_cosine_distance = _swapped("streaming_mean_cosine_distance", "mean_cosine_distance")
streaming_mean_iou = _swapped("streaming_mean_iou", "mean_iou")
streaming_mean_relative_error = _swapped("streaming_mean_relative_error", "mean_relative_error")
streaming_mean_squared_error = _swapped("streaming_mean_squared_error", "mean_squared_error")
streaming_precision = _swapped("streaming_precision", "precision")
streaming_precision_at_thresholds = _swapped("streaming_precision_at_thresholds", "precision_at_thresholds")
streaming_recall = _swapped("streaming_recall", "recall")
streaming_recall_at_thresholds = _swapped("streaming_recall_at_thresholds", "recall_at_thresholds")
streaming_root_mean_squared_error = _swapped("streaming_root_mean_squared_error", "root_mean_squared_error")
streaming_sensitivity_at_specificity = _swapped("streaming_sensitivity_at_specificity", "sensitivity_at_specificity")
streaming_sparse_average_precision_at_k = _swapped("streaming_sparse_average_precision_at_k", "average_precision_at_k")
streaming_sparse_precision_at_k = _swapped("streaming_sparse_precision_at_k", "precision_at_k")
streaming_sparse_recall_at_k = _swapped("streaming_sparse_recall_at_k", "recall_at_k")
streaming_specificity_at_sensitivity = _swapped("streaming_specificity_at_sensitivity", "specificity_at_sensitivity")
streaming_true_negatives = _swapped("streaming_true_negatives", "true_negatives")
streaming_true_negatives_at_thresholds = _swapped("streaming_true_negatives_at_thresholds",
                                                  "true_negatives_at_thresholds")
streaming_true_positives = _swapped("streaming_true_positives", "true_positives")
streaming_true_positives_at_thresholds = _swapped("streaming_true_positives_at_thresholds",
                                                  "true_positives_at_thresholds")


def streaming_mean(values: Any, weights: Any = None, metrics_collections: Any = None, updates_collections: Any = None,
                   name: str | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """``tf.compat.v1.metrics.mean``."""
    return v1.metrics.mean(values, weights, metrics_collections, updates_collections, name)


def streaming_mean_tensor(values: Any, weights: Any = None, metrics_collections: Any = None,
                          updates_collections: Any = None, name: str | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """``tf.compat.v1.metrics.mean_tensor``."""
    return v1.metrics.mean_tensor(values, weights, metrics_collections, updates_collections, name)


def streaming_percentage_less(values: Any, threshold: Any, weights: Any = None, metrics_collections: Any = None,
                              updates_collections: Any = None, name: str | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """``tf.compat.v1.metrics.percentage_below``."""
    return v1.metrics.percentage_below(values, threshold, weights, metrics_collections, updates_collections, name)


def streaming_recall_at_k(predictions: Any, labels: Any, k: int, weights: Any = None,
                          metrics_collections: Any = None, updates_collections: Any = None,
                          name: str | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """The streaming mean of ``in_top_k(predictions, labels, k)``: how often the label is among the top ``k``."""
    in_top_k = tf.cast(tf.math.in_top_k(labels, predictions, k), tf.float32)
    return v1.metrics.mean(in_top_k, weights, metrics_collections, updates_collections, name or "recall_at_k")
