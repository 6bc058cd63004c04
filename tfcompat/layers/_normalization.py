"""``tf.layers.batch_normalization``: moving statistics updated through UPDATE_OPS."""
from __future__ import annotations

from typing import Any

import tensorflow as tf

from ._base import Layer, smart_cond, v1


class BatchNormalization(Layer):
    """Variables ``gamma``, ``beta``, ``moving_mean``, ``moving_variance`` (TF 1.x names and order)."""

    def __init__(self, axis: Any = -1, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = None, gamma_initializer: Any = None,
                 moving_mean_initializer: Any = None, moving_variance_initializer: Any = None,
                 beta_regularizer: Any = None, gamma_regularizer: Any = None, beta_constraint: Any = None,
                 gamma_constraint: Any = None, renorm: bool = False, fused: Any = None,
                 virtual_batch_size: Any = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        if renorm or virtual_batch_size is not None:
            raise NotImplementedError("tfcompat batch_normalization supports neither renorm nor "
                                      "virtual_batch_size")
        kwargs = {k: v for k, v in kwargs.items() if not k.startswith("renorm") and k != "adjustment"}
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        self.momentum, self.epsilon, self.center, self.scale = momentum, epsilon, center, scale
        self.beta_initializer = beta_initializer or tf.zeros_initializer()
        self.gamma_initializer = gamma_initializer or tf.ones_initializer()
        self.moving_mean_initializer = moving_mean_initializer or tf.zeros_initializer()
        self.moving_variance_initializer = moving_variance_initializer or tf.ones_initializer()
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint

    def build(self, input_shape: tf.TensorShape) -> None:
        rank = input_shape.rank
        self._axes = sorted(a % rank for a in self.axis)
        param_shape = [int(input_shape[a]) for a in self._axes]
        param_shape = param_shape[0] if len(param_shape) == 1 else param_shape
        dtype = tf.float32 if self.dtype in (tf.float16, tf.bfloat16) else self.dtype
        self.gamma = (self.add_weight("gamma", param_shape, dtype, self.gamma_initializer,
                                      self.gamma_regularizer, constraint=self.gamma_constraint)
                      if self.scale else None)
        self.beta = (self.add_weight("beta", param_shape, dtype, self.beta_initializer,
                                     self.beta_regularizer, constraint=self.beta_constraint)
                     if self.center else None)
        self.moving_mean = self.add_weight("moving_mean", param_shape, dtype, self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight("moving_variance", param_shape, dtype,
                                               self.moving_variance_initializer, trainable=False)

    def _broadcast(self, value: Any, rank: int) -> Any:
        if value is None or self._axes == [rank - 1]:
            return value
        shape = [1] * rank
        for axis in self._axes:
            shape[axis] = -1
        return tf.reshape(value, shape)

    def call(self, inputs: Any, training: Any = False) -> tf.Tensor:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        reduction = [a for a in range(rank) if a not in self._axes]
        compute = tf.cast(inputs, self.moving_mean.dtype)

        def batch_statistics() -> tuple:
            mean, variance = tf.nn.moments(compute, reduction, keepdims=False)
            return mean, variance

        def moving_statistics() -> tuple:
            return tf.identity(self.moving_mean), tf.identity(self.moving_variance)

        mean, variance = smart_cond(training, batch_statistics, moving_statistics)
        outputs = tf.nn.batch_normalization(
            compute, self._broadcast(mean, rank), self._broadcast(variance, rank),
            self._broadcast(self.beta, rank), self._broadcast(self.gamma, rank), self.epsilon)
        if training is not False and tf.get_static_value(training) is not False:
            decay = 1.0 - self.momentum
            for variable, value in ((self.moving_mean, mean), (self.moving_variance, variance)):
                new_value = smart_cond(training, lambda v=value: v, lambda var=variable: tf.identity(var))
                self.add_update(v1.assign_sub(variable, (variable - new_value) * decay))
        return tf.cast(outputs, inputs.dtype)


def batch_normalization(inputs: Any, axis: Any = -1, momentum: float = 0.99, epsilon: float = 1e-3,
                        center: bool = True, scale: bool = True, beta_initializer: Any = None,
                        gamma_initializer: Any = None, moving_mean_initializer: Any = None,
                        moving_variance_initializer: Any = None, beta_regularizer: Any = None,
                        gamma_regularizer: Any = None, beta_constraint: Any = None, gamma_constraint: Any = None,
                        training: Any = False, trainable: bool = True, name: str | None = None,
                        reuse: Any = None, renorm: bool = False, renorm_clipping: Any = None,
                        renorm_momentum: float = 0.99, fused: Any = None, virtual_batch_size: Any = None,
                        adjustment: Any = None) -> tf.Tensor:
    """Functional ``tf.layers.batch_normalization``; in training, run ``tf.GraphKeys.UPDATE_OPS`` too."""
    layer = BatchNormalization(axis, momentum, epsilon, center, scale, beta_initializer, gamma_initializer,
                               moving_mean_initializer, moving_variance_initializer, beta_regularizer,
                               gamma_regularizer, beta_constraint, gamma_constraint, renorm, fused,
                               virtual_batch_size, trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs, training=training)
