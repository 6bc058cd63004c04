"""``tf.layers`` Dense, Dropout, Flatten (class and function forms)."""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ._base import Layer, channels_first, smart_cond


class Dense(Layer):
    """``outputs = activation(inputs @ kernel + bias)``; variables ``kernel`` [in, units], ``bias``."""

    def __init__(self, units: int, activation: Callable | None = None, use_bias: bool = True,
                 kernel_initializer: Any = None, bias_initializer: Any = None,
                 kernel_regularizer: Callable | None = None, bias_regularizer: Callable | None = None,
                 activity_regularizer: Callable | None = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer or tf.zeros_initializer()
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint

    def build(self, input_shape: tf.TensorShape) -> None:
        depth = tf.compat.dimension_value(input_shape[-1])
        if depth is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        self.kernel = self.add_weight("kernel", [int(depth), self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = (self.add_weight("bias", [self.units], initializer=self.bias_initializer,
                                     regularizer=self.bias_regularizer, constraint=self.bias_constraint)
                     if self.use_bias else None)

    def call(self, inputs: Any) -> tf.Tensor:
        inputs = tf.cast(inputs, self.dtype)
        if inputs.shape.rank is not None and inputs.shape.rank > 2:
            outputs = tf.tensordot(inputs, self.kernel, [[inputs.shape.rank - 1], [0]])
            outputs.set_shape(inputs.shape[:-1].concatenate([self.units]))
        else:
            outputs = tf.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not None else outputs


class Dropout(Layer):
    """Drops units with probability ``rate`` (scaled by 1/(1-rate)) only when ``training``."""

    def __init__(self, rate: float = 0.5, noise_shape: Any = None, seed: int | None = None,
                 name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs: Any, training: Any = False) -> tf.Tensor:
        inputs = tf.convert_to_tensor(inputs)
        return smart_cond(training,
                          lambda: tf.nn.dropout(inputs, rate=self.rate, noise_shape=self.noise_shape,
                                                seed=self.seed),
                          lambda: tf.identity(inputs))


class Flatten(Layer):
    """Reshape to ``[batch, -1]`` (channels_first inputs are moved to channels_last first)."""

    def __init__(self, data_format: str | None = None, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self._channels_first = channels_first(data_format)

    def call(self, inputs: Any) -> tf.Tensor:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        if self._channels_first and rank and rank > 2:
            inputs = tf.transpose(inputs, [0] + list(range(2, rank)) + [1])
        tail = inputs.shape[1:]
        if tail.is_fully_defined():
            width = int(tail.num_elements())
            outputs = tf.reshape(inputs, [-1, width])
            outputs.set_shape([inputs.shape[0], width])
            return outputs
        return tf.reshape(inputs, tf.stack([tf.shape(inputs)[0], -1]))


def dense(inputs: Any, units: int, activation: Callable | None = None, use_bias: bool = True,
          kernel_initializer: Any = None, bias_initializer: Any = None, kernel_regularizer: Any = None,
          bias_regularizer: Any = None, activity_regularizer: Any = None, kernel_constraint: Any = None,
          bias_constraint: Any = None, trainable: bool = True, name: str | None = None,
          reuse: Any = None) -> tf.Tensor:
    """Functional ``tf.layers.dense``."""
    layer = Dense(units, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                  bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint, trainable,
                  name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


def dropout(inputs: Any, rate: float = 0.5, noise_shape: Any = None, seed: int | None = None,
            training: Any = False, name: str | None = None) -> tf.Tensor:
    """Functional ``tf.layers.dropout`` (identity unless ``training``)."""
    return Dropout(rate, noise_shape, seed, name=name).apply(inputs, training=training)


def flatten(inputs: Any, name: str | None = None, data_format: str = "channels_last") -> tf.Tensor:
    """Functional ``tf.layers.flatten``."""
    return Flatten(data_format=data_format, name=name).apply(inputs)
