"""``tf.contrib.layers.optimize_loss``: one training op from a loss, an optimizer name or object and options
(learning-rate variable ``OptimizeLoss/learning_rate``, decay, gradient noise, multipliers, clipping, summaries)."""
from __future__ import annotations

import functools
from typing import Any, Callable

import tensorflow as tf

v1 = tf.compat.v1
OPTIMIZER_CLS_NAMES: dict[str, Callable[..., v1.train.Optimizer]] = {
    "Adagrad": v1.train.AdagradOptimizer,
    "Adam": v1.train.AdamOptimizer,
    "Ftrl": v1.train.FtrlOptimizer,
    "Momentum": functools.partial(v1.train.MomentumOptimizer, momentum=0.9),
    "RMSProp": v1.train.RMSPropOptimizer,
    "SGD": v1.train.GradientDescentOptimizer,
}
OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm", "global_gradient_norm"]
_Pairs = list[tuple[Any, tf.Variable]]


def _learning_rate(learning_rate: Any) -> Any:
    if learning_rate is None:
        return None
    if tf.is_tensor(learning_rate) and learning_rate.shape.ndims == 0:
        return learning_rate
    if isinstance(learning_rate, float):
        if learning_rate < 0.0:
            raise ValueError(f"Invalid learning_rate {learning_rate}.")
        return v1.get_variable("learning_rate", [], trainable=False,
                               initializer=v1.constant_initializer(learning_rate))
    raise ValueError(f"Learning rate should be 0d Tensor or float. Got {learning_rate} of type {type(learning_rate)}")


def _optimizer(optimizer: Any, lr: Any, learning_rate: Any) -> v1.train.Optimizer:
    if isinstance(optimizer, str):
        if lr is None:
            raise ValueError(f"Learning rate is None, but should be specified if optimizer is string ({optimizer}).")
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError(f"Optimizer name should be one of [{', '.join(OPTIMIZER_CLS_NAMES)}], you provided "
                             f"{optimizer}.")
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
    if isinstance(optimizer, type) and issubclass(optimizer, v1.train.Optimizer):
        if lr is None:
            raise ValueError(f"Learning rate is None, but should be specified if optimizer is class ({optimizer}).")
        return optimizer(learning_rate=lr)
    if isinstance(optimizer, v1.train.Optimizer):
        return optimizer
    if callable(optimizer):
        opt = optimizer(lr) if learning_rate is not None else optimizer()
        if not isinstance(opt, v1.train.Optimizer):
            raise ValueError(f"Unrecognized optimizer: function should return subclass of Optimizer. Got {opt}.")
        return opt
    raise ValueError(f"Unrecognized optimizer: should be string, subclass of Optimizer, instance of subclass of "
                     f"Optimizer or function with one argument. Got {optimizer}.")


def _noisy(gradients: _Pairs, scale: float) -> _Pairs:
    noisy = []
    for grad, var in gradients:
        if grad is not None:
            shape = grad.dense_shape if isinstance(grad, tf.IndexedSlices) else grad.shape
            grad = grad + tf.random.truncated_normal(shape) * scale
        noisy.append((grad, var))
    return noisy


def _multiplied(gradients: _Pairs, multipliers: dict) -> _Pairs:
    out = []
    for grad, var in gradients:
        key = var if var in multipliers else var.name
        if grad is not None and key in multipliers:
            if isinstance(grad, tf.IndexedSlices):
                grad = tf.IndexedSlices(grad.values * multipliers[key], grad.indices, grad.dense_shape)
            else:
                grad = grad * tf.cast(multipliers[key], grad.dtype)
        out.append((grad, var))
    return out


def _global_norm(gradients: _Pairs) -> tf.Tensor:
    return tf.linalg.global_norm([g for g, _ in gradients])


def optimize_loss(loss: Any, global_step: Any, learning_rate: Any, optimizer: Any,
                  gradient_noise_scale: float | None = None, gradient_multipliers: dict | None = None,
                  clip_gradients: Any = None, learning_rate_decay_fn: Callable | None = None, update_ops: Any = None,
                  variables: Any = None, name: str | None = None, summaries: list[str] | None = None,
                  colocate_gradients_with_ops: bool = False, increment_global_step: bool = True) -> tf.Tensor:
    """The loss, after one step of ``optimizer`` on ``variables`` (all trainable by default) with UPDATE_OPS run
    first; ``clip_gradients`` is a global-norm bound (float) or a function of the (gradient, variable) pairs."""
    loss = tf.convert_to_tensor(loss)
    loss.shape.assert_has_rank(0)
    if global_step is None:
        global_step = v1.train.get_global_step()
    with v1.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(v1.get_collection(v1.GraphKeys.UPDATE_OPS))
        if update_ops:
            with tf.control_dependencies(list(update_ops)):
                loss = tf.identity(loss)
        lr = _learning_rate(learning_rate)
        if summaries is None:
            summaries = ["loss", "learning_rate", "global_gradient_norm"]
        for summ in summaries:
            if summ not in OPTIMIZER_SUMMARIES:
                raise ValueError(f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}], you provided {summ}.")
        if lr is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                v1.summary.scalar("learning_rate", lr)
        opt = _optimizer(optimizer, lr, learning_rate)
        variables = v1.trainable_variables() if variables is None else variables
        gradients = opt.compute_gradients(loss, variables, colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            gradients = _noisy(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiplied(gradients, gradient_multipliers)
            if not gradients:
                raise ValueError("Empty list of (gradient, var) pairs encountered. This is most likely to be caused "
                                 "by an improper value of gradient_multipliers.")
        norms = "global_gradient_norm" in summaries or "gradient_norm" in summaries
        if norms:
            v1.summary.scalar("global_norm/gradient_norm", _global_norm(gradients))
        if isinstance(clip_gradients, float):
            clipped, _ = tf.clip_by_global_norm([g for g, _ in gradients], clip_gradients)
            gradients = list(zip(clipped, [v for _, v in gradients]))
        elif callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients")
        if "loss" in summaries:
            v1.summary.scalar("loss", loss)
        for grad, var in gradients:
            values = grad.values if isinstance(grad, tf.IndexedSlices) else grad
            if values is not None:
                var_name = var.name.replace(":", "_")
                if "gradients" in summaries:
                    v1.summary.histogram(f"gradients/{var_name}", values)
                if "gradient_norm" in summaries:
                    v1.summary.scalar(f"gradient_norm/{var_name}", tf.linalg.global_norm([values]))
        if clip_gradients is not None and norms:
            v1.summary.scalar("global_norm/clipped_gradient_norm", _global_norm(gradients))
        grad_updates = opt.apply_gradients(gradients, global_step=global_step if increment_global_step else None,
                                           name="train")
        with tf.control_dependencies([grad_updates]):
            return tf.identity(loss)
