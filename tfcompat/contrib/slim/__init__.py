"""The core of ``tf.contrib.slim``: arg_scope, layers with slim names (``conv1/weights``), repeat, stack,
``losses`` and ``learning.create_train_op``.

``slim.conv2d(net, 64, [3, 3], scope='conv1')`` creates ``conv1/weights`` and ``conv1/biases``.
The rest of TF-Slim (``nets``, ``evaluation``, the ``tfexample_decoder`` data pipeline, ``queues``, ``summaries``,
``learning.train``, layers tfcompat does not write) is tf-slim's, imported on first use (``tfcompat[slim]``).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

import tensorflow as tf

from ..framework import (
    add_arg_scope,
    arg_scope,
    arg_scoped_arguments,
    assign_from_checkpoint,
    assign_from_checkpoint_fn,
    assign_from_values,
    assign_from_values_fn,
    current_arg_scope,
    get_model_variables,
    get_or_create_global_step,
    get_trainable_variables,
    get_unique_variable,
    get_variables,
    get_variables_by_name,
    get_variables_by_suffix,
    get_variables_to_restore,
    model_variable,
    variable,
)
from ..layers import (
    OPTIMIZER_CLS_NAMES,
    OPTIMIZER_SUMMARIES,
    apply_regularization,
    avg_pool2d,
    batch_norm,
    bias_add,
    conv2d,
    conv2d_transpose,
    convolution2d,
    dropout,
    flatten,
    fully_connected,
    group_norm,
    instance_norm,
    l1_l2_regularizer,
    l1_regularizer,
    l2_regularizer,
    layer_norm,
    linear,
    max_pool2d,
    one_hot_encoding,
    optimize_loss,
    separable_conv2d,
    softmax,
    sum_regularizer,
    summarize_activation,
    summarize_activations,
    summarize_biases,
    summarize_collection,
    summarize_tensor,
    summarize_tensors,
    summarize_variables,
    summarize_weights,
    unit_norm,
    variance_scaling_initializer,
    xavier_initializer,
)

from .._extras import forwarder
from . import learning, losses
from tfcompat.spec.served import exported

v1 = tf.compat.v1
_FORWARDED_MODULES = frozenset({
    "data_decoder", "data_provider", "dataset", "dataset_data_provider", "evaluation", "metrics", "model_analyzer",
    "nets", "parallel_reader", "prefetch_queue", "queues", "summaries", "tfexample_decoder"})
_tf_slim = forwarder("tf_slim", "tfcompat.contrib.slim")


def __getattr__(name: str) -> Any:
    if name in _FORWARDED_MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    return _tf_slim(name)


def _layer_name(layer: Callable) -> str:
    if hasattr(layer, "__name__"):
        return layer.__name__
    if hasattr(layer, "func") and hasattr(layer.func, "__name__"):
        return layer.func.__name__
    return "repeat"


def repeat(inputs: Any, repetitions: int, layer: Callable, *args: Any, **kwargs: Any) -> Any:
    """Apply ``layer`` ``repetitions`` times with scopes ``<scope>/<scope>_1``, ``_2``, ..."""
    scope = kwargs.pop("scope", None)
    with v1.variable_scope(scope, "Repeat", [inputs]):
        outputs = tf.convert_to_tensor(inputs)
        scope = scope or _layer_name(layer)
        for i in range(repetitions):
            kwargs["scope"] = f"{scope}_{i + 1}"
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def stack(inputs: Any, layer: Callable, stack_args: Any, **kwargs: Any) -> Any:
    """Apply ``layer`` once per entry of ``stack_args`` (scopes ``<scope>_1``, ``_2``, ...)."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with v1.variable_scope(scope, "Stack", [inputs]):
        outputs = tf.convert_to_tensor(inputs)
        scope = scope or _layer_name(layer)
        for i, layer_args in enumerate(stack_args):
            kwargs["scope"] = f"{scope}_{i + 1}"
            layer_args = layer_args if isinstance(layer_args, (list, tuple)) else [layer_args]
            outputs = layer(outputs, *layer_args, **kwargs)
        return outputs


__all__ = exported(__name__)
