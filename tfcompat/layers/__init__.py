"""Keras-free ``tf.layers`` (TF 1.x): same variable names (``dense/kernel``, ``dense_1/...``).

Built on ``tf.compat.v1.get_variable`` and variable scopes; importing it does not switch
TensorFlow to v1 behaviour.
"""

from ._base import Layer
from ._conv import (
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    SeparableConv2D,
    conv1d,
    conv2d,
    conv2d_transpose,
    conv3d,
    separable_conv2d,
)
from ._core import Dense, Dropout, Flatten, dense, dropout, flatten
from ._normalization import BatchNormalization, batch_normalization
from ._pooling import (
    AveragePool1D,
    AveragePool2D,
    AveragePool3D,
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    MaxPool1D,
    MaxPool2D,
    MaxPool3D,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
    average_pooling1d,
    average_pooling2d,
    average_pooling3d,
    max_pooling1d,
    max_pooling2d,
    max_pooling3d,
)
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution2DTranspose, Deconvolution2D, SeparableConvolution2D = Conv2DTranspose, Conv2DTranspose, SeparableConv2D
BatchNorm = BatchNormalization

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
