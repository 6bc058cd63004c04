"""`slim.learning.create_train_op`: a tensor that applies one optimizer step and evaluates to the loss.

``train``, ``train_step``, ``multiply_gradients`` and ``add_gradients_summaries`` are tf-slim's (``tfcompat[slim]``).
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf

from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.learning", "tfcompat.contrib.slim.learning", __all__)
v1 = tf.compat.v1
_USE_GLOBAL_STEP = object()


def clip_gradient_norms(gradients_to_variables: list, max_norm: float) -> list:
    return [(None if g is None else tf.clip_by_norm(g, max_norm), v) for g, v in gradients_to_variables]


def create_train_op(total_loss: Any, optimizer: Any, global_step: Any = _USE_GLOBAL_STEP, update_ops: Any = None,
                    variables_to_train: Any = None, clip_gradient_norm: float = 0, summarize_gradients: bool = False,
                    gate_gradients: int = 1, aggregation_method: Any = None,
                    colocate_gradients_with_ops: bool = False, gradient_multipliers: Any = None,
                    check_numerics: bool = True) -> tf.Tensor:
    """TF 1.x slim semantics: UPDATE_OPS run first, the value is the loss before the update."""
    if global_step is _USE_GLOBAL_STEP:
        global_step = v1.train.get_or_create_global_step()
    if update_ops is None:
        update_ops = set(v1.get_collection(v1.GraphKeys.UPDATE_OPS))
    if update_ops:
        with tf.control_dependencies(list(update_ops)):
            total_loss = tf.identity(total_loss)
    if variables_to_train is None:
        variables_to_train = v1.trainable_variables()
    grads = optimizer.compute_gradients(total_loss, variables_to_train, gate_gradients=gate_gradients,
                                        aggregation_method=aggregation_method,
                                        colocate_gradients_with_ops=colocate_gradients_with_ops)
    if gradient_multipliers:
        grads = [(g * gradient_multipliers.get(v, 1.0) if g is not None else g, v) for g, v in grads]
    if clip_gradient_norm > 0:
        grads = clip_gradient_norms(grads, clip_gradient_norm)
    if summarize_gradients:
        for grad, var in grads:
            if grad is not None:
                v1.summary.histogram(var.op.name + "/gradient", grad)
    grad_updates = optimizer.apply_gradients(grads, global_step=global_step)
    if check_numerics:
        total_loss = tf.debugging.check_numerics(total_loss, "LossTensor is inf or nan")
    with tf.control_dependencies([grad_updates]):
        train_op = tf.identity(total_loss, name="train_op")
    v1.add_to_collection(v1.GraphKeys.TRAIN_OP, train_op)
    return train_op
