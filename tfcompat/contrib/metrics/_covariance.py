"""``streaming_covariance``, ``streaming_pearson_correlation`` and ``f1_score``: contrib metrics that
``tf.compat.v1.metrics`` lacks, with TF 1.15's local variables and update rules."""
from __future__ import annotations

from typing import Any, Sequence

import tensorflow as tf

v1 = tf.compat.v1
_EPSILON = 1e-7


def _local(name: str) -> tf.Variable:
    return v1.Variable(lambda: tf.zeros([], tf.float32), trainable=False, name=name,
                       collections=[v1.GraphKeys.LOCAL_VARIABLES, v1.GraphKeys.METRIC_VARIABLES])


def _collect(collections: Sequence[str] | None, tensor: tf.Tensor) -> None:
    if collections:
        v1.add_to_collections(collections, tensor)


def _nan_below_two(comoment: tf.Tensor, count: tf.Tensor, name: str) -> tf.Tensor:
    return tf.where(count <= 1.0, tf.constant(float("nan")), comoment / (count - 1.0), name=name)


def streaming_covariance(predictions: Any, labels: Any, weights: Any = None, metrics_collections: Any = None,
                         updates_collections: Any = None, name: str | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """The unbiased sample covariance ``comoment / (count - 1)`` over all batches (NaN until ``count > 1``).

    Batches merge with Chan et al.'s pairwise rule; ``weights`` are frequency weights.
    """
    with v1.variable_scope(name, "covariance", (predictions, labels, weights)):
        predictions = tf.cast(predictions, tf.float32)
        labels = tf.cast(labels, tf.float32)
        predictions.shape.assert_is_compatible_with(labels.shape)
        count = _local("count")
        mean_prediction = _local("mean_prediction")
        mean_label = _local("mean_label")
        comoment = _local("comoment")
        if weights is None:
            batch_count = tf.cast(tf.size(labels), tf.float32)
            weights = tf.ones_like(labels)
        else:
            weights = tf.cast(weights, tf.float32) * tf.ones_like(labels)
            batch_count = tf.reduce_sum(weights)
        batch_mean_prediction = tf.math.divide_no_nan(tf.reduce_sum(predictions * weights), batch_count)
        batch_mean_label = tf.math.divide_no_nan(tf.reduce_sum(labels * weights), batch_count)
        batch_comoment = tf.reduce_sum((predictions - batch_mean_prediction) * (labels - batch_mean_label) * weights)

        new_count = v1.assign_add(count, batch_count)
        prev_count = new_count - batch_count
        delta_prediction = tf.math.divide_no_nan((batch_mean_prediction - mean_prediction) * batch_count, new_count)
        new_mean_prediction = v1.assign_add(mean_prediction, delta_prediction)
        delta_label = tf.math.divide_no_nan((batch_mean_label - mean_label) * batch_count, new_count)
        new_mean_label = v1.assign_add(mean_label, delta_label)
        prev_mean_prediction = new_mean_prediction - delta_prediction
        prev_mean_label = new_mean_label - delta_label
        delta_comoment = batch_comoment + ((prev_mean_prediction - batch_mean_prediction) *
                                           (prev_mean_label - batch_mean_label) *
                                           tf.math.divide_no_nan(prev_count * batch_count, new_count))
        new_comoment = v1.assign_add(comoment, delta_comoment)

        covariance = _nan_below_two(comoment, count, "covariance")
        with tf.control_dependencies([new_comoment]):
            update_op = _nan_below_two(comoment.read_value(), count.read_value(), "update_op")
    _collect(metrics_collections, covariance)
    _collect(updates_collections, update_op)
    return covariance, update_op


def streaming_pearson_correlation(predictions: Any, labels: Any, weights: Any = None,
                                  metrics_collections: Any = None, updates_collections: Any = None,
                                  name: str | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """``cov(predictions, labels) / sqrt(var(predictions) * var(labels))``, each a ``streaming_covariance``."""
    with v1.variable_scope(name, "pearson_r", (predictions, labels, weights)):
        cov, update_cov = streaming_covariance(predictions, labels, weights, name="covariance")
        var_p, update_var_p = streaming_covariance(predictions, predictions, weights, name="variance_predictions")
        var_l, update_var_l = streaming_covariance(labels, labels, weights, name="variance_labels")
        pearson_r = tf.truediv(cov, tf.sqrt(var_p) * tf.sqrt(var_l), name="pearson_r")
        update_op = tf.truediv(update_cov, tf.sqrt(update_var_p) * tf.sqrt(update_var_l), name="update_op")
    _collect(metrics_collections, pearson_r)
    _collect(updates_collections, update_op)
    return pearson_r, update_op


def _best_f1(tp: tf.Tensor, fp: tf.Tensor, fn: tf.Tensor) -> tf.Tensor:
    precision = tp / (_EPSILON + tp + fp)
    recall = tp / (_EPSILON + tp + fn)
    return tf.reduce_max(2.0 * precision * recall / (precision + recall + _EPSILON))


def f1_score(labels: Any, predictions: Any, weights: Any = None, num_thresholds: int = 200,
             metrics_collections: Any = None, updates_collections: Any = None,
             name: str | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """The best F1 score over ``num_thresholds`` evenly spaced thresholds in [0, 1] (labels cast to bool)."""
    with v1.variable_scope(name, "f1", (labels, predictions, weights)):
        inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [0.0 - _EPSILON, *inner, 1.0 + _EPSILON]
        labels = tf.cast(labels, tf.bool)
        counts = [fn(labels, predictions, thresholds, weights)
                  for fn in (v1.metrics.true_positives_at_thresholds, v1.metrics.false_positives_at_thresholds,
                             v1.metrics.false_negatives_at_thresholds)]
        best = _best_f1(*(value for value, _ in counts))
        update_op = _best_f1(*(update for _, update in counts))
    _collect(metrics_collections, best)
    _collect(updates_collections, update_op)
    return best, update_op
