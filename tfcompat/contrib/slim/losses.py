"""`slim.losses` (TF 0.12's `tf.contrib.losses`): weighted losses that add themselves to LOSSES."""
from __future__ import annotations

from typing import Any

import tensorflow as tf
from tfcompat._left_out import left_out

v1 = tf.compat.v1


def compute_weighted_loss(losses: Any, weights: Any = 1.0, scope: Any = None) -> tf.Tensor:
    """Mean of `losses * weights` over the present (non-zero-weight) elements; added to LOSSES."""
    with v1.name_scope(scope, "weighted_loss", [losses, weights]):
        losses = tf.cast(losses, tf.float32)
        weights = tf.cast(tf.convert_to_tensor(weights), tf.float32)
        total = tf.reduce_sum(losses * weights)
        present = tf.reduce_sum(tf.cast(tf.not_equal(weights * tf.ones_like(losses), 0.0), tf.float32))
        loss = tf.math.divide_no_nan(total, present)
        add_loss(loss)
        return loss


def softmax_cross_entropy(logits: Any, onehot_labels: Any, weights: Any = 1.0, label_smoothing: float = 0,
                          scope: Any = None) -> tf.Tensor:
    """0.12 argument order: (logits, onehot_labels)."""
    with v1.name_scope(scope, "softmax_cross_entropy_loss", [logits, onehot_labels, weights]) as name:
        onehot_labels = tf.cast(onehot_labels, logits.dtype)
        if label_smoothing > 0:
            classes = tf.cast(tf.shape(onehot_labels)[1], logits.dtype)
            onehot_labels = onehot_labels * (1 - label_smoothing) + label_smoothing / classes
        losses = v1.nn.softmax_cross_entropy_with_logits(labels=onehot_labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope=name)


def sparse_softmax_cross_entropy(logits: Any, labels: Any, weights: Any = 1.0, scope: Any = None) -> tf.Tensor:
    with v1.name_scope(scope, "sparse_softmax_cross_entropy_loss", [logits, labels, weights]) as name:
        labels = tf.reshape(labels, tf.shape(logits)[:1])
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope=name)


def sigmoid_cross_entropy(logits: Any, multi_class_labels: Any, weights: Any = 1.0, label_smoothing: float = 0,
                          scope: Any = None) -> tf.Tensor:
    with v1.name_scope(scope, "sigmoid_cross_entropy_loss", [logits, multi_class_labels, weights]) as name:
        labels = tf.cast(multi_class_labels, logits.dtype)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope=name)


def mean_squared_error(predictions: Any, labels: Any, weights: Any = 1.0, scope: Any = None) -> tf.Tensor:
    with v1.name_scope(scope, "mean_squared_error", [predictions, labels, weights]) as name:
        losses = tf.math.squared_difference(tf.cast(predictions, tf.float32), tf.cast(labels, tf.float32))
        return compute_weighted_loss(losses, weights, scope=name)


def add_loss(loss: Any, loss_collection: str = v1.GraphKeys.LOSSES) -> None:
    if loss_collection:
        v1.add_to_collection(loss_collection, loss)


def get_losses(scope: Any = None, loss_collection: str = v1.GraphKeys.LOSSES) -> list:
    return v1.get_collection(loss_collection, scope)


def get_regularization_losses(scope: Any = None) -> list:
    return v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES, scope)


def get_total_loss(add_regularization_losses: bool = True, name: str = "total_loss") -> tf.Tensor:
    """Sum of LOSSES (and REGULARIZATION_LOSSES)."""
    losses = get_losses()
    if add_regularization_losses:
        losses += get_regularization_losses()
    return tf.add_n(losses, name=name)


__getattr__ = left_out(__name__)
