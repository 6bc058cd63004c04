"""contrib.layers initializers and regularizers (TF 1.x formulas)."""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import tensorflow as tf


class VarianceScaling:
    """contrib ``variance_scaling_initializer``: ``uniform(+-sqrt(3f/n))`` or ``truncnorm(sqrt(1.3f/n))``."""

    def __init__(self, factor: float = 2.0, mode: str = "FAN_IN", uniform: bool = False,
                 seed: int | None = None, dtype: Any = tf.float32) -> None:
        if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
            raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")
        if not tf.as_dtype(dtype).is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        self.factor, self.mode, self.uniform, self.seed, self.dtype = factor, mode, uniform, seed, dtype

    def fans(self, shape: list) -> float:
        fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
        fan_out = float(shape[-1])
        receptive = float(np.prod(shape[:-2])) if len(shape) > 2 else 1.0
        fan_in, fan_out = fan_in * receptive, fan_out * receptive
        return {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[self.mode]

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> tf.Tensor:
        shape = [int(s) for s in shape]
        dtype = dtype or self.dtype
        n = self.fans(shape) if shape else 1.0
        if self.uniform:
            limit = math.sqrt(3.0 * self.factor / n)
            return tf.random.uniform(shape, -limit, limit, dtype, seed=self.seed)
        return tf.random.truncated_normal(shape, 0.0, math.sqrt(1.3 * self.factor / n), dtype, seed=self.seed)


def variance_scaling_initializer(factor: float = 2.0, mode: str = "FAN_IN", uniform: bool = False,
                                 seed: int | None = None, dtype: Any = tf.float32) -> VarianceScaling:
    return VarianceScaling(factor, mode, uniform, seed, dtype)


def xavier_initializer(uniform: bool = True, seed: int | None = None, dtype: Any = tf.float32) -> VarianceScaling:
    """Glorot initializer: ``variance_scaling_initializer(1.0, 'FAN_AVG', uniform)``."""
    return VarianceScaling(1.0, "FAN_AVG", uniform, seed, dtype)


xavier_initializer_conv2d = xavier_initializer


def _check_scale(scale: Any, name: str) -> bool:
    """Validate ``scale``; False means the regularizer is a no-op (scale 0)."""
    if isinstance(scale, (int, float)):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale}")
        if scale == 0.0:
            return False
    return True


def l1_regularizer(scale: float, scope: str | None = None) -> Callable:
    """``scale * sum(|w|)``."""
    if not _check_scale(scale, "l1"):
        return lambda _: None

    def l1(weights: tf.Tensor) -> tf.Tensor:
        with tf.name_scope(scope or "l1_regularizer"):
            return tf.multiply(tf.cast(scale, weights.dtype), tf.reduce_sum(tf.abs(weights)), name="value")

    return l1


def l2_regularizer(scale: float, scope: str | None = None) -> Callable:
    """``scale * sum(w**2) / 2`` (``tf.nn.l2_loss``)."""
    if not _check_scale(scale, "l2"):
        return lambda _: None

    def l2(weights: tf.Tensor) -> tf.Tensor:
        with tf.name_scope(scope or "l2_regularizer"):
            return tf.multiply(tf.cast(scale, weights.dtype), tf.nn.l2_loss(weights), name="value")

    return l2


def l1_l2_regularizer(scale_l1: float = 1.0, scale_l2: float = 1.0, scope: str | None = None) -> Callable:
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope)


def sum_regularizer(regularizer_list: list, scope: str | None = None) -> Callable:
    def total(weights: tf.Tensor) -> Any:
        terms = [t for t in (r(weights) for r in regularizer_list) if t is not None]
        return tf.add_n(terms) if terms else None

    return total


def apply_regularization(regularizer: Callable, weights_list: list | None = None) -> tf.Tensor:
    """Sum of ``regularizer(w)`` over ``weights_list`` (default: the WEIGHTS collection), also recorded."""
    weights_list = weights_list or tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    penalties = [p for p in (regularizer(w) for w in weights_list) if p is not None]
    total = tf.add_n(penalties) if penalties else tf.constant(0.0)
    tf.compat.v1.add_to_collection(tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES, total)
    return total
