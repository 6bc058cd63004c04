"""contrib.layers layer functions with contrib scope names (``Conv/weights``, ``fully_connected/biases``)."""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ...layers._base import normalize_padding, normalize_tuple, smart_cond
from ..framework import add_arg_scope
from ..framework._variables import _collections, model_variable
from ._initializers import xavier_initializer

v1 = tf.compat.v1
_DEFAULT = object()


def collect_named_outputs(collections: Any, alias: str, outputs: tf.Tensor) -> tf.Tensor:
    """Append ``outputs`` to ``collections`` (contrib's ``outputs_collections``)."""
    if collections:
        v1.add_to_collections(collections, outputs)
    return outputs


def _weight(name: str, shape: list, initializer: Any, regularizer: Any, collections: Any,
            trainable: bool, dtype: Any) -> tf.Variable:
    return model_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                          collections=_collections(collections, name), trainable=trainable)


def _finish(outputs: tf.Tensor, normalizer_fn: Callable | None, normalizer_params: Any,
            activation_fn: Callable | None, outputs_collections: Any, scope_name: str) -> tf.Tensor:
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    return collect_named_outputs(outputs_collections, scope_name, outputs)


@add_arg_scope
def fully_connected(inputs: Any, num_outputs: int, activation_fn: Callable | None = tf.nn.relu,
                    normalizer_fn: Callable | None = None, normalizer_params: Any = None,
                    weights_initializer: Any = _DEFAULT, weights_regularizer: Any = None,
                    biases_initializer: Any = _DEFAULT, biases_regularizer: Any = None, reuse: Any = None,
                    variables_collections: Any = None, outputs_collections: Any = None, trainable: bool = True,
                    scope: Any = None) -> tf.Tensor:
    """``activation(inputs @ weights + biases)``; no biases when a normalizer is given."""
    weights_initializer = xavier_initializer() if weights_initializer is _DEFAULT else weights_initializer
    biases_initializer = tf.zeros_initializer() if biases_initializer is _DEFAULT else biases_initializer
    with v1.variable_scope(scope, "fully_connected", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        depth = int(inputs.shape[-1])
        weights = _weight("weights", [depth, num_outputs], weights_initializer, weights_regularizer,
                          variables_collections, trainable, inputs.dtype)
        if inputs.shape.rank > 2:
            outputs = tf.tensordot(inputs, weights, [[inputs.shape.rank - 1], [0]])
            outputs.set_shape(inputs.shape[:-1].concatenate([num_outputs]))
        else:
            outputs = tf.matmul(inputs, weights)
        if normalizer_fn is None and biases_initializer is not None:
            biases = _weight("biases", [num_outputs], biases_initializer, biases_regularizer,
                             variables_collections, trainable, inputs.dtype)
            outputs = tf.nn.bias_add(outputs, biases)
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


@add_arg_scope
def convolution2d(inputs: Any, num_outputs: int, kernel_size: Any, stride: Any = 1, padding: str = "SAME",
                  data_format: str | None = None, rate: Any = 1, activation_fn: Callable | None = tf.nn.relu,
                  normalizer_fn: Callable | None = None, normalizer_params: Any = None,
                  weights_initializer: Any = _DEFAULT, weights_regularizer: Any = None,
                  biases_initializer: Any = _DEFAULT, biases_regularizer: Any = None, reuse: Any = None,
                  variables_collections: Any = None, outputs_collections: Any = None, trainable: bool = True,
                  scope: Any = None) -> tf.Tensor:
    """2-D convolution with ``weights`` ``[kh, kw, in, out]`` and ``biases`` under scope ``Conv``."""
    weights_initializer = xavier_initializer() if weights_initializer is _DEFAULT else weights_initializer
    biases_initializer = tf.zeros_initializer() if biases_initializer is _DEFAULT else biases_initializer
    channels_first = (data_format or "NHWC").upper().startswith("NC")
    with v1.variable_scope(scope, "Conv", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        channels = int(inputs.shape[1] if channels_first else inputs.shape[-1])
        kernel = normalize_tuple(kernel_size, 2, "kernel_size")
        weights = _weight("weights", list(kernel) + [channels, num_outputs], weights_initializer,
                          weights_regularizer, variables_collections, trainable, inputs.dtype)
        outputs = tf.nn.convolution(inputs, weights, strides=normalize_tuple(stride, 2, "stride"),
                                    padding=normalize_padding(padding),
                                    dilations=normalize_tuple(rate, 2, "rate"),
                                    data_format="NCHW" if channels_first else "NHWC")
        if normalizer_fn is None and biases_initializer is not None:
            biases = _weight("biases", [num_outputs], biases_initializer, biases_regularizer,
                             variables_collections, trainable, inputs.dtype)
            outputs = tf.nn.bias_add(outputs, biases, data_format="NCHW" if channels_first else "NHWC")
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


conv2d = convolution2d


def _pool2d(default_name: str, function_name: str, function: Callable) -> Callable:
    def pool(inputs: Any, kernel_size: Any, stride: Any = 2, padding: str = "VALID",
             data_format: str = "NHWC", outputs_collections: Any = None, scope: Any = None) -> tf.Tensor:
        with tf.name_scope(scope or default_name) as name:
            outputs = function(tf.convert_to_tensor(inputs), normalize_tuple(kernel_size, 2, "kernel_size"),
                               normalize_tuple(stride, 2, "stride"), normalize_padding(padding),
                               data_format=data_format)
            return collect_named_outputs(outputs_collections, name, outputs)

    pool.__name__ = pool.__qualname__ = function_name
    pool.__doc__ = f"contrib ``{function_name}``: stride 2 and VALID padding by default."
    return add_arg_scope(pool)


max_pool2d = _pool2d("MaxPool2D", "max_pool2d", tf.nn.max_pool2d)
avg_pool2d = _pool2d("AvgPool2D", "avg_pool2d", tf.nn.avg_pool2d)


@add_arg_scope
def flatten(inputs: Any, outputs_collections: Any = None, scope: Any = None) -> tf.Tensor:
    """Reshape to ``[batch, -1]`` keeping the batch dimension."""
    with tf.name_scope(scope or "Flatten") as name:
        inputs = tf.convert_to_tensor(inputs)
        tail = inputs.shape[1:]
        if tail.is_fully_defined():
            outputs = tf.reshape(inputs, [-1, int(tail.num_elements())])
        else:
            outputs = tf.reshape(inputs, tf.stack([tf.shape(inputs)[0], -1]))
        return collect_named_outputs(outputs_collections, name, outputs)


@add_arg_scope
def dropout(inputs: Any, keep_prob: Any = 0.5, noise_shape: Any = None, is_training: Any = True,
            outputs_collections: Any = None, scope: Any = None, seed: int | None = None) -> tf.Tensor:
    """Keep each unit with probability ``keep_prob`` (scaled by 1/keep_prob) when ``is_training``."""
    with tf.name_scope(scope or "Dropout") as name:
        inputs = tf.convert_to_tensor(inputs)
        outputs = smart_cond(is_training,
                             lambda: tf.nn.dropout(inputs, rate=1 - keep_prob, noise_shape=noise_shape, seed=seed),
                             lambda: tf.identity(inputs))
        return collect_named_outputs(outputs_collections, name, outputs)


@add_arg_scope
def embed_sequence(ids: Any, vocab_size: int | None = None, embed_dim: int | None = None, unique: bool = False,
                   initializer: Any = None, regularizer: Any = None, trainable: bool = True, scope: Any = None,
                   reuse: Any = None) -> tf.Tensor:
    """Look ``ids`` up in ``EmbedSequence/embeddings`` ``[vocab_size, embed_dim]``."""
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError("Must specify vocab size and embedding dimension when not reusing.")
    with v1.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        embeddings = model_variable("embeddings", shape=[vocab_size, embed_dim], initializer=initializer,
                                    regularizer=regularizer, trainable=trainable)
        if unique:
            unique_ids, index = tf.unique(tf.reshape(ids, [-1]))
            looked_up = tf.gather(tf.nn.embedding_lookup(embeddings, unique_ids), index)
            return tf.reshape(looked_up, tf.concat([tf.shape(ids), [-1]], 0))
        return tf.nn.embedding_lookup(embeddings, ids)
