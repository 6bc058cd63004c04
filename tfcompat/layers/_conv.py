"""``tf.layers`` convolutions: Conv1D/2D/3D, Conv2DTranspose, SeparableConv2D and functions."""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ._base import Layer, channels_first, normalize_padding, normalize_tuple

_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


class _Conv(Layer):
    """N-D convolution with a ``kernel`` of shape ``kernel_size + [in, filters]`` and a ``bias``."""

    rank = 2

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str = "channels_last", dilation_rate: Any = 1,
                 activation: Callable | None = None, use_bias: bool = True, kernel_initializer: Any = None,
                 bias_initializer: Any = None, kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None, bias_constraint: Any = None,
                 trainable: bool = True, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.channels_first = channels_first(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        self.activation, self.use_bias = activation, use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer or tf.zeros_initializer()
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint

    @property
    def _nn_format(self) -> str:
        return _FORMATS[self.rank][int(self.channels_first)]

    def _channels(self, input_shape: tf.TensorShape) -> int:
        channels = tf.compat.dimension_value(input_shape[1] if self.channels_first else input_shape[-1])
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        return int(channels)

    def _kernel_shape(self, channels: int) -> list:
        return list(self.kernel_size) + [channels, self.filters]

    def build(self, input_shape: tf.TensorShape) -> None:
        self.kernel = self.add_weight("kernel", self._kernel_shape(self._channels(input_shape)),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = (self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                     regularizer=self.bias_regularizer, constraint=self.bias_constraint)
                     if self.use_bias else None)

    def _convolve(self, inputs: tf.Tensor) -> tf.Tensor:
        return tf.nn.convolution(inputs, self.kernel, strides=self.strides, padding=self.padding,
                                 dilations=self.dilation_rate, data_format=self._nn_format)

    def call(self, inputs: Any) -> tf.Tensor:
        outputs = self._convolve(tf.convert_to_tensor(inputs))
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias, data_format="NCHW" if self.channels_first else "NHWC")
        return self.activation(outputs) if self.activation is not None else outputs


class Conv1D(_Conv):
    rank = 1


class Conv2D(_Conv):
    rank = 2


class Conv3D(_Conv):
    rank = 3


def _transposed_length(length: Any, kernel: int, stride: int, padding: str) -> Any:
    return length * stride if padding == "SAME" else length * stride + max(kernel - stride, 0)


class Conv2DTranspose(Conv2D):
    """Transposed 2-D convolution; ``kernel`` is ``[kh, kw, filters, in]``."""

    def _kernel_shape(self, channels: int) -> list:
        return list(self.kernel_size) + [self.filters, channels]

    def _convolve(self, inputs: tf.Tensor) -> tf.Tensor:
        shape = tf.shape(inputs)
        h_axis, w_axis = (2, 3) if self.channels_first else (1, 2)
        height = _transposed_length(shape[h_axis], self.kernel_size[0], self.strides[0], self.padding)
        width = _transposed_length(shape[w_axis], self.kernel_size[1], self.strides[1], self.padding)
        dims = [shape[0], self.filters, height, width] if self.channels_first else [shape[0], height, width,
                                                                                     self.filters]
        outputs = tf.nn.conv2d_transpose(inputs, self.kernel, tf.stack(dims), strides=self.strides,
                                         padding=self.padding, data_format=self._nn_format,
                                         dilations=self.dilation_rate)
        static = [tf.compat.dimension_value(d) for d in inputs.shape]
        if static[h_axis] is not None and static[w_axis] is not None:
            h = _transposed_length(static[h_axis], self.kernel_size[0], self.strides[0], self.padding)
            w = _transposed_length(static[w_axis], self.kernel_size[1], self.strides[1], self.padding)
            outputs.set_shape([static[0], self.filters, h, w] if self.channels_first else
                              [static[0], h, w, self.filters])
        return outputs


class SeparableConv2D(Conv2D):
    """Depthwise then pointwise convolution: ``depthwise_kernel``, ``pointwise_kernel``, ``bias``."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid",
                 data_format: str = "channels_last", dilation_rate: Any = (1, 1), depth_multiplier: int = 1,
                 activation: Callable | None = None, use_bias: bool = True,
                 depthwise_initializer: Any = None, pointwise_initializer: Any = None,
                 bias_initializer: Any = None, depthwise_regularizer: Any = None,
                 pointwise_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        kwargs = {k: v for k, v in kwargs.items() if not k.endswith("_constraint")}
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, activation,
                         use_bias, None, bias_initializer, None, bias_regularizer, activity_regularizer,
                         trainable=trainable, name=name, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer, self.pointwise_initializer = depthwise_initializer, pointwise_initializer
        self.depthwise_regularizer, self.pointwise_regularizer = depthwise_regularizer, pointwise_regularizer

    def build(self, input_shape: tf.TensorShape) -> None:
        channels = self._channels(input_shape)
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", list(self.kernel_size) + [channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", [1, 1, channels * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer)
        self.bias = (self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                     regularizer=self.bias_regularizer) if self.use_bias else None)

    def _convolve(self, inputs: tf.Tensor) -> tf.Tensor:
        strides = (1,) + self.strides + (1,) if not self.channels_first else (1, 1) + self.strides
        return tf.nn.separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel, strides=strides,
                                      padding=self.padding, dilations=self.dilation_rate,
                                      data_format=self._nn_format)


def _functional(layer_class: type) -> Callable:
    def build_and_apply(inputs: Any, filters: int, kernel_size: Any, *args: Any, name: str | None = None,
                        reuse: Any = None, **kwargs: Any) -> tf.Tensor:
        layer = layer_class(filters, kernel_size, *args, name=name, _scope=name, _reuse=reuse, **kwargs)
        return layer.apply(inputs)

    build_and_apply.__name__ = build_and_apply.__qualname__ = layer_class.__name__.lower()
    build_and_apply.__doc__ = f"Functional ``tf.layers`` form of :class:`{layer_class.__name__}`."
    return build_and_apply


conv1d = _functional(Conv1D)
conv2d = _functional(Conv2D)
conv3d = _functional(Conv3D)
separable_conv2d = _functional(SeparableConv2D)
conv2d_transpose = _functional(Conv2DTranspose)
conv2d_transpose.__name__ = "conv2d_transpose"
separable_conv2d.__name__ = "separable_conv2d"
