"""contrib.framework's shape checks ``with_shape``/``with_same_shape`` (TF 1.15's ``tensor_util``)."""
from __future__ import annotations

from typing import Any

import tensorflow as tf


def with_shape(expected_shape: Any, tensor: Any) -> Any:
    """``tensor`` checked to have ``expected_shape``: statically when both are known, else by an assert op.

    A mismatch of static shapes raises ``ValueError``; a shape only known at run time gets an ``identity`` that
    fails with ``InvalidArgumentError`` when run. As in 1.15, ``[]`` accepts a one-element tensor, reshaped to a scalar.
    """
    if isinstance(tensor, tf.SparseTensor):
        raise ValueError("SparseTensor not supported.")
    dynamic = tf.is_tensor(expected_shape)
    if dynamic and expected_shape.dtype.base_dtype != tf.int32:
        raise ValueError(f"Invalid dtype {expected_shape.dtype} for shape {expected_shape} expected of tensor "
                         f"{tensor.name}.")
    actual = tensor.get_shape()
    if not dynamic:
        expected_shape = [int(d) for d in expected_shape]
        if actual.is_fully_defined() and not actual.is_compatible_with(expected_shape):
            if not expected_shape and actual.is_compatible_with([1]):
                return tf.reshape(tensor, [])
            raise ValueError(f"Invalid shape for tensor {tensor.name}, expected {expected_shape}, got {actual}.")
        if actual.is_fully_defined():
            return tensor
        if not expected_shape:
            return tf.reshape(tensor, [])
    check = tf.debugging.assert_equal(tf.shape(tensor), expected_shape,
                                      message=f"Wrong shape for {tensor.name}")
    with tf.control_dependencies([check]):
        result = tf.identity(tensor)
    if not dynamic:
        result.set_shape(expected_shape)
    return result


def with_same_shape(expected_tensor: Any, tensor: Any) -> Any:
    """``with_shape`` with ``expected_tensor``'s static shape, or its run-time shape when that is not fully known."""
    if isinstance(tensor, tf.SparseTensor):
        raise ValueError("SparseTensor not supported.")
    shape = expected_tensor.get_shape()
    return with_shape(shape.as_list() if shape.is_fully_defined() else tf.shape(expected_tensor), tensor)
