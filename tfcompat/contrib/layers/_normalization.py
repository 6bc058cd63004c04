"""contrib ``batch_norm`` (scope ``BatchNorm``) and ``layer_norm`` (scope ``LayerNorm``)."""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ...layers._base import smart_cond
from ..framework import add_arg_scope
from ..framework._variables import _collections, model_variable
from ._layers import collect_named_outputs

v1 = tf.compat.v1


def _param(name: str, shape: list, initializers: dict, default: Any, regularizers: dict,
           collections: Any, trainable: bool, dtype: Any) -> tf.Variable:
    return model_variable(name, shape=shape, dtype=dtype, initializer=initializers.get(name, default),
                          regularizer=regularizers.get(name), collections=_collections(collections, name),
                          trainable=trainable)


@add_arg_scope
def batch_norm(inputs: Any, decay: float = 0.999, center: bool = True, scale: bool = False,
               epsilon: float = 0.001, activation_fn: Callable | None = None, param_initializers: Any = None,
               param_regularizers: Any = None, updates_collections: Any = v1.GraphKeys.UPDATE_OPS,
               is_training: Any = True, reuse: Any = None, variables_collections: Any = None,
               outputs_collections: Any = None, trainable: bool = True, batch_weights: Any = None,
               fused: Any = None, data_format: str = "NHWC", zero_debias_moving_mean: bool = False,
               scope: Any = None, renorm: bool = False, renorm_clipping: Any = None,
               renorm_decay: float = 0.99, adjustment: Any = None) -> tf.Tensor:
    """contrib batch norm: variables ``beta``, ``gamma``, ``moving_mean``, ``moving_variance``.

    Like TF 1.x, 4-D inputs take the fused path, whose moving variance is updated with the
    unbiased (n/(n-1)) batch variance; other ranks use the biased one.
    """
    if renorm or batch_weights is not None or zero_debias_moving_mean:
        raise NotImplementedError("tfcompat batch_norm supports neither renorm, batch_weights nor "
                                  "zero_debias_moving_mean")
    initializers, regularizers = param_initializers or {}, param_regularizers or {}
    with v1.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        channels_axis = 1 if data_format.startswith("NC") and rank > 2 else rank - 1
        params_shape = [int(inputs.shape[channels_axis])]
        dtype = inputs.dtype.base_dtype
        beta = (_param("beta", params_shape, initializers, tf.zeros_initializer(), regularizers,
                       variables_collections, trainable, dtype) if center else None)
        gamma = (_param("gamma", params_shape, initializers, tf.ones_initializer(), regularizers,
                        variables_collections, trainable, dtype) if scale else None)
        moving_collections = _collections(variables_collections, "moving_mean") + [
            v1.GraphKeys.MOVING_AVERAGE_VARIABLES]
        moving_mean = model_variable("moving_mean", shape=params_shape, dtype=dtype,
                                     initializer=initializers.get("moving_mean", tf.zeros_initializer()),
                                     trainable=False, collections=moving_collections)
        moving_variance = model_variable(
            "moving_variance", shape=params_shape, dtype=dtype,
            initializer=initializers.get("moving_variance", tf.ones_initializer()), trainable=False,
            collections=_collections(variables_collections, "moving_variance")
            + [v1.GraphKeys.MOVING_AVERAGE_VARIABLES])
        axes = [a for a in range(rank) if a != channels_axis]
        fused_semantics = rank == 4 and fused is not False
        count = tf.cast(tf.reduce_prod(tf.gather(tf.shape(inputs), axes)), dtype)

        def batch_moments() -> tuple:
            mean, variance = tf.nn.moments(inputs, axes)
            return mean, variance

        mean, variance = smart_cond(is_training, batch_moments,
                                    lambda: (tf.identity(moving_mean), tf.identity(moving_variance)))
        shape = [1] * rank
        shape[channels_axis] = -1
        reshape = (lambda t: t) if channels_axis == rank - 1 else (lambda t: None if t is None else
                                                                    tf.reshape(t, shape))
        outputs = tf.nn.batch_normalization(inputs, reshape(mean), reshape(variance), reshape(beta),
                                            reshape(gamma), epsilon)
        if is_training is not False and tf.get_static_value(is_training) is not False:
            update_variance = variance * count / tf.maximum(count - 1, 1) if fused_semantics else variance
            updates = []
            for var, value in ((moving_mean, mean), (moving_variance, update_variance)):
                value = smart_cond(is_training, lambda v=value: v, lambda var=var: tf.identity(var))
                updates.append(v1.assign_sub(var, (var - value) * (1.0 - decay)))
            if updates_collections is None:
                with tf.control_dependencies(updates):
                    outputs = tf.identity(outputs)
            else:
                for update in updates:
                    v1.add_to_collections(updates_collections, update)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def layer_norm(inputs: Any, center: bool = True, scale: bool = True, activation_fn: Callable | None = None,
               reuse: Any = None, variables_collections: Any = None, outputs_collections: Any = None,
               trainable: bool = True, begin_norm_axis: int = 1, begin_params_axis: int = -1,
               scope: Any = None) -> tf.Tensor:
    """``gamma * (x - mean) / sqrt(var + 1e-12) + beta`` over axes ``begin_norm_axis..``."""
    with v1.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        begin_norm_axis %= rank
        begin_params_axis %= rank
        params_shape = inputs.shape[begin_params_axis:].as_list()
        dtype = inputs.dtype.base_dtype
        beta = (model_variable("beta", shape=params_shape, dtype=dtype, initializer=tf.zeros_initializer(),
                               collections=_collections(variables_collections, "beta"), trainable=trainable)
                if center else None)
        gamma = (model_variable("gamma", shape=params_shape, dtype=dtype, initializer=tf.ones_initializer(),
                                collections=_collections(variables_collections, "gamma"), trainable=trainable)
                 if scale else None)
        mean, variance = tf.nn.moments(inputs, list(range(begin_norm_axis, rank)), keepdims=True)
        outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, 1e-12)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)
