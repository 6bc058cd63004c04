"""``tf.layers`` max/average pooling in 1, 2 and 3 dimensions (class and function forms)."""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ._base import Layer, channels_first, normalize_padding, normalize_tuple

_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


class _Pooling(Layer):
    rank = 2
    pool_function: Callable = staticmethod(tf.nn.max_pool)

    def __init__(self, pool_size: Any, strides: Any, padding: str = "valid",
                 data_format: str = "channels_last", name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self.pool_size = normalize_tuple(pool_size, self.rank, "pool_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = _FORMATS[self.rank][int(channels_first(data_format))]

    def call(self, inputs: Any) -> tf.Tensor:
        inputs = tf.convert_to_tensor(inputs)
        if self.rank == 1:  # the NWC pooling kernels want 2-D windows
            axis = 2 if self.data_format == "NCW" else 1
            pooled = type(self).pool_function(
                tf.expand_dims(inputs, axis), (1,) + self.pool_size, (1,) + self.strides, self.padding,
                data_format="NCHW" if self.data_format == "NCW" else "NHWC")
            return tf.squeeze(pooled, axis)
        return type(self).pool_function(inputs, self.pool_size, self.strides, self.padding,
                                        data_format=self.data_format)


def _pool_class(name: str, rank: int, function: Callable) -> type:
    doc = f"{'Max' if function is tf.nn.max_pool else 'Average'} pooling over {rank}-D windows."
    return type(name, (_Pooling,), {"rank": rank, "pool_function": staticmethod(function), "__doc__": doc})


MaxPooling1D = _pool_class("MaxPooling1D", 1, tf.nn.max_pool)
MaxPooling2D = _pool_class("MaxPooling2D", 2, tf.nn.max_pool)
MaxPooling3D = _pool_class("MaxPooling3D", 3, tf.nn.max_pool)
AveragePooling1D = _pool_class("AveragePooling1D", 1, tf.nn.avg_pool)
AveragePooling2D = _pool_class("AveragePooling2D", 2, tf.nn.avg_pool)
AveragePooling3D = _pool_class("AveragePooling3D", 3, tf.nn.avg_pool)
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AveragePool1D, AveragePool2D, AveragePool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D


def _functional(layer_class: type, name: str) -> Callable:
    def pool(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
             data_format: str = "channels_last", name: str | None = None) -> tf.Tensor:
        return layer_class(pool_size, strides, padding, data_format, name=name).apply(inputs)

    pool.__name__ = pool.__qualname__ = name
    pool.__doc__ = f"Functional ``tf.layers.{name}``."
    return pool


max_pooling1d = _functional(MaxPooling1D, "max_pooling1d")
max_pooling2d = _functional(MaxPooling2D, "max_pooling2d")
max_pooling3d = _functional(MaxPooling3D, "max_pooling3d")
average_pooling1d = _functional(AveragePooling1D, "average_pooling1d")
average_pooling2d = _functional(AveragePooling2D, "average_pooling2d")
average_pooling3d = _functional(AveragePooling3D, "average_pooling3d")
