"""More contrib.layers functions with TF 1.15's scopes and variable names: ``conv2d_transpose``
(``Conv2d_transpose/weights`` ``[kh, kw, out, in]``), ``separable_conv2d`` (``SeparableConv2d/depthwise_weights``,
``pointwise_weights``), ``bias_add``, ``instance_norm``, ``group_norm`` (``beta``/``gamma``), ``one_hot_encoding``,
``softmax``, ``unit_norm``."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import tensorflow as tf

from ...layers._base import normalize_padding, normalize_tuple
from ..framework import add_arg_scope
from ..framework._variables import _collections, model_variable
from ._initializers import xavier_initializer
from ._layers import _DEFAULT, _finish, _weight, collect_named_outputs

v1 = tf.compat.v1


def _initializers(weights: Any, biases: Any) -> tuple[Any, Any]:
    return (xavier_initializer() if weights is _DEFAULT else weights,
            tf.zeros_initializer() if biases is _DEFAULT else biases)


def _deconv_length(length: Any, kernel: int, stride: int, padding: str) -> Any:
    return length * stride if padding == "SAME" else (length - 1) * stride + kernel


@add_arg_scope
def conv2d_transpose(inputs: Any, num_outputs: int, kernel_size: Any, stride: Any = 1, padding: str = "SAME",
                     data_format: str = "NHWC", activation_fn: Callable | None = tf.nn.relu,
                     normalizer_fn: Callable | None = None, normalizer_params: Any = None,
                     weights_initializer: Any = _DEFAULT, weights_regularizer: Any = None,
                     biases_initializer: Any = _DEFAULT, biases_regularizer: Any = None, reuse: Any = None,
                     variables_collections: Any = None, outputs_collections: Any = None, trainable: bool = True,
                     scope: Any = None) -> tf.Tensor:
    """Transposed 2-D convolution: ``SAME`` multiplies the size by ``stride``, ``VALID`` gives
    ``(size - 1) * stride + kernel``."""
    weights_initializer, biases_initializer = _initializers(weights_initializer, biases_initializer)
    channels_first = data_format.upper().startswith("NC")
    with v1.variable_scope(scope, "Conv2d_transpose", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        kernel = normalize_tuple(kernel_size, 2, "kernel_size")
        strides = normalize_tuple(stride, 2, "stride")
        pad = normalize_padding(padding)
        channels = int(inputs.shape[1] if channels_first else inputs.shape[-1])
        weights = _weight("weights", [*kernel, num_outputs, channels], weights_initializer, weights_regularizer,
                          variables_collections, trainable, inputs.dtype)
        shape = tf.shape(inputs)
        spatial = (2, 3) if channels_first else (1, 2)
        height, width = (_deconv_length(shape[a], k, s, pad) for a, k, s in zip(spatial, kernel, strides))
        out_shape = [shape[0], num_outputs, height, width] if channels_first else [shape[0], height, width,
                                                                                   num_outputs]
        fmt = "NCHW" if channels_first else "NHWC"
        outputs = tf.nn.conv2d_transpose(inputs, weights, tf.stack(out_shape), strides, pad, data_format=fmt)
        static = [inputs.shape[a] for a in spatial]
        static = [None if n is None else _deconv_length(n, k, s, pad) for n, k, s in zip(static, kernel, strides)]
        outputs.set_shape([inputs.shape[0], num_outputs, *static] if channels_first
                          else [inputs.shape[0], *static, num_outputs])
        if normalizer_fn is None and biases_initializer is not None:
            biases = _weight("biases", [num_outputs], biases_initializer, biases_regularizer,
                             variables_collections, trainable, inputs.dtype)
            outputs = tf.nn.bias_add(outputs, biases, data_format=fmt)
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


@add_arg_scope
def separable_conv2d(inputs: Any, num_outputs: int | None, kernel_size: Any, depth_multiplier: int = 1,
                     stride: Any = 1, padding: str = "SAME", data_format: str = "NHWC", rate: Any = 1,
                     activation_fn: Callable | None = tf.nn.relu, normalizer_fn: Callable | None = None,
                     normalizer_params: Any = None, weights_initializer: Any = _DEFAULT,
                     pointwise_initializer: Any = None, weights_regularizer: Any = None,
                     biases_initializer: Any = _DEFAULT, biases_regularizer: Any = None, reuse: Any = None,
                     variables_collections: Any = None, outputs_collections: Any = None, trainable: bool = True,
                     scope: Any = None) -> tf.Tensor:
    """Depthwise ``[kh, kw, in, depth_multiplier]`` then pointwise ``[1, 1, in * depth_multiplier, out]``
    convolution; ``num_outputs=None`` stops after the depthwise step."""
    weights_initializer, biases_initializer = _initializers(weights_initializer, biases_initializer)
    pointwise_initializer = pointwise_initializer or weights_initializer
    channels_first = data_format.upper().startswith("NC")
    fmt = "NCHW" if channels_first else "NHWC"
    with v1.variable_scope(scope, "SeparableConv2d", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        channels = int(inputs.shape[1] if channels_first else inputs.shape[-1])
        kernel = normalize_tuple(kernel_size, 2, "kernel_size")
        strides = normalize_tuple(stride, 2, "stride")
        full_strides = [1, 1, *strides] if channels_first else [1, *strides, 1]
        depthwise = _weight("depthwise_weights", [*kernel, channels, depth_multiplier], weights_initializer,
                            weights_regularizer, variables_collections, trainable, inputs.dtype)
        rates = normalize_tuple(rate, 2, "rate")
        if num_outputs is not None:
            pointwise = _weight("pointwise_weights", [1, 1, channels * depth_multiplier, num_outputs],
                                pointwise_initializer, weights_regularizer, variables_collections, trainable,
                                inputs.dtype)
            outputs = tf.nn.separable_conv2d(inputs, depthwise, pointwise, full_strides, normalize_padding(padding),
                                             data_format=fmt, dilations=rates)
            depth = num_outputs
        else:
            outputs = tf.nn.depthwise_conv2d(inputs, depthwise, full_strides, normalize_padding(padding),
                                             data_format=fmt, dilations=rates)
            depth = channels * depth_multiplier
        if normalizer_fn is None and biases_initializer is not None:
            biases = _weight("biases", [depth], biases_initializer, biases_regularizer, variables_collections,
                             trainable, inputs.dtype)
            outputs = tf.nn.bias_add(outputs, biases, data_format=fmt)
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


@add_arg_scope
def bias_add(inputs: Any, activation_fn: Callable | None = None, initializer: Any = _DEFAULT,
             regularizer: Any = None, reuse: Any = None, variables_collections: Any = None,
             outputs_collections: Any = None, trainable: bool = True, data_format: str = "NHWC",
             scope: Any = None) -> tf.Tensor:
    """``inputs + biases`` over the channel dimension (last, or 1 for ``NC*``), then ``activation_fn``."""
    initializer = tf.zeros_initializer() if initializer is _DEFAULT else initializer
    channels_first = data_format.upper().startswith("NC")
    with v1.variable_scope(scope, "BiasAdd", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        depth = int(inputs.shape[1] if channels_first else inputs.shape[-1])
        biases = model_variable("biases", shape=[depth], dtype=inputs.dtype, initializer=initializer,
                                regularizer=regularizer, collections=_collections(variables_collections, "biases"),
                                trainable=trainable)
        if channels_first:
            outputs = inputs + tf.reshape(biases, [depth] + [1] * (inputs.shape.rank - 2))
        else:
            outputs = tf.nn.bias_add(inputs, biases)
        return _finish(outputs, None, None, activation_fn, outputs_collections, sc.name)


def _beta_gamma(size: int, shape: list, dtype: Any, center: bool, scale: bool, initializers: dict | None,
                collections: Any, trainable: bool) -> tuple:
    """A normalization's ``beta`` (zeros) and ``gamma`` (ones) model variables of ``size``, reshaped to ``shape``
    for broadcasting, each None where ``center``/``scale`` is off; ``initializers`` may override either."""

    def make(name: str, default: Any) -> tf.Tensor:
        variable = model_variable(name, shape=[size], dtype=dtype, initializer=(initializers or {}).get(name, default),
                                  collections=_collections(collections, name), trainable=trainable)
        return tf.reshape(variable, shape)

    return (make("beta", tf.zeros_initializer()) if center else None,
            make("gamma", tf.ones_initializer()) if scale else None)


@add_arg_scope
def instance_norm(inputs: Any, center: bool = True, scale: bool = True, epsilon: float = 1e-6,
                  activation_fn: Callable | None = None, param_initializers: dict | None = None, reuse: Any = None,
                  variables_collections: Any = None, outputs_collections: Any = None, trainable: bool = True,
                  data_format: str = "NHWC", scope: Any = None) -> tf.Tensor:
    """Normalize each example and channel over its spatial positions, then ``gamma * x + beta``."""
    with v1.variable_scope(scope, "InstanceNorm", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        channels_first = data_format.upper().startswith("NC")
        channel_axis = 1 if channels_first else rank - 1
        depth = int(inputs.shape[channel_axis])
        broadcast = [depth if a == channel_axis else 1 for a in range(1, rank)]
        beta, gamma = _beta_gamma(depth, broadcast, inputs.dtype, center, scale, param_initializers,
                                  variables_collections, trainable)
        axes = [a for a in range(1, rank) if a != channel_axis]
        with tf.name_scope("instancenorm"):
            mean, variance = tf.nn.moments(inputs, axes, keepdims=True)
            outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, epsilon)
        return _finish(outputs, None, None, activation_fn, outputs_collections, sc.name)


@add_arg_scope
def group_norm(inputs: Any, groups: int = 32, channels_axis: int = -1, reduction_axes: Sequence[int] = (-3, -2),
               center: bool = True, scale: bool = True, epsilon: float = 1e-6,
               activation_fn: Callable | None = None, param_initializers: dict | None = None, reuse: Any = None,
               variables_collections: Any = None, outputs_collections: Any = None, trainable: bool = True,
               scope: Any = None, mean_close_to_zero: bool = False) -> tf.Tensor:
    """Split the channels into ``groups``; normalize each example and group over ``reduction_axes`` and the
    group's channels (``mean_close_to_zero``: one-pass ``E[x²] - E[x]²``), then ``gamma * x + beta``."""
    with v1.variable_scope(scope, "GroupNorm", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        channels_axis %= rank
        reduction_axes = [a % rank for a in reduction_axes]
        if channels_axis in reduction_axes:
            raise ValueError("reduction_axis must be mutually exclusive with channels_axis")
        channels = int(inputs.shape[channels_axis])
        if channels < groups:
            raise ValueError(f"Invalid groups {groups} for {channels} channels.")
        if channels % groups:
            raise ValueError(f"{groups} groups must be a factor of {channels} channels.")
        shape = tf.unstack(tf.shape(inputs)) if not inputs.shape.is_fully_defined() else inputs.shape.as_list()
        grouped_shape = shape[:channels_axis] + [groups, channels // groups] + shape[channels_axis + 1:]
        grouped = tf.reshape(inputs, tf.stack(grouped_shape) if not inputs.shape.is_fully_defined() else grouped_shape)
        axes = [a + (a > channels_axis) for a in reduction_axes] + [channels_axis + 1]
        params_shape = [1] * (rank + 1)
        params_shape[channels_axis], params_shape[channels_axis + 1] = groups, channels // groups
        beta, gamma = _beta_gamma(channels, params_shape, inputs.dtype, center, scale, param_initializers,
                                  variables_collections, trainable)
        if mean_close_to_zero:
            mean = tf.reduce_mean(grouped, axes, keepdims=True)
            variance = tf.reduce_mean(tf.square(grouped), axes, keepdims=True) - tf.square(mean)
        else:
            mean, variance = tf.nn.moments(grouped, axes, keepdims=True)
        gain = tf.math.rsqrt(variance + epsilon) * (gamma if gamma is not None else 1.0)
        offset = (beta if beta is not None else 0.0) - mean * gain
        outputs = tf.reshape(grouped * gain + offset, tf.shape(inputs))
        outputs.set_shape(inputs.shape)
        return _finish(outputs, None, None, activation_fn, outputs_collections, sc.name)


@add_arg_scope
def one_hot_encoding(labels: Any, num_classes: int, on_value: float = 1.0, off_value: float = 0.0,
                     outputs_collections: Any = None, scope: Any = None) -> tf.Tensor:
    """``tf.one_hot`` of (int32 labels cast to int64) ``labels``."""
    with tf.name_scope(scope or "OneHotEncoding") as name:
        labels = tf.convert_to_tensor(labels)
        if labels.dtype == tf.int32:
            labels = tf.cast(labels, tf.int64)
        outputs = tf.one_hot(labels, num_classes, on_value=on_value, off_value=off_value)
        return collect_named_outputs(outputs_collections, name, outputs)


def softmax(logits: Any, scope: Any = None) -> tf.Tensor:
    """Softmax over the last dimension of an N-D ``logits``."""
    with v1.variable_scope(scope, "softmax", [logits]):
        logits = tf.convert_to_tensor(logits)
        depth = tf.shape(logits)[-1]
        outputs = tf.reshape(tf.nn.softmax(tf.reshape(logits, [-1, depth])), tf.shape(logits))
        outputs.set_shape(logits.shape)
        return outputs


def unit_norm(inputs: Any, dim: int, epsilon: float = 1e-7, scope: Any = None) -> tf.Tensor:
    """``inputs / sqrt(epsilon + sum(inputs², dim))``: unit L2 norm along ``dim``."""
    with v1.variable_scope(scope, "UnitNorm", [inputs]):
        inputs = tf.convert_to_tensor(inputs)
        if dim < -inputs.shape.rank or dim >= inputs.shape.rank:
            raise ValueError("dim must be in the range [-rank, rank) of the inputs")
        return inputs / tf.sqrt(epsilon + tf.reduce_sum(tf.square(inputs), dim, keepdims=True))
