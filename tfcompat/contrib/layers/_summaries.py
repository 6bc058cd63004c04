"""``tf.contrib.layers.summarize_*``: scalar summaries for 0-d tensors, histograms for the rest, by op name."""
from __future__ import annotations

import functools
import re
from typing import Any, Callable

import tensorflow as tf

v1 = tf.compat.v1


def summarize_tensor(tensor: tf.Tensor, tag: str | None = None) -> tf.Tensor:
    """A scalar summary of a 0-d ``tensor``, else a histogram; ``tag`` defaults to its op name."""
    if tensor.shape.ndims == 0:
        return v1.summary.scalar(tag or tensor.op.name, tensor)
    return v1.summary.histogram(tag or tensor.op.name, tensor)


def summarize_activation(op: tf.Tensor) -> tf.Tensor:
    """A histogram ``<op>/activation``, plus the fraction of ``<op>/zeros`` (and ``<op>/sixes``) for ReLU-like
    ops, counted on their inputs."""
    if op.op.type in ("Relu", "Softplus", "Relu6"):
        pre = op.op.inputs[0]
        v1.summary.scalar(f"{op.op.name}/zeros", tf.reduce_mean(tf.cast(pre < tf.cast(0.0, pre.dtype), tf.float32)))
    if op.op.type == "Relu6":
        pre = op.op.inputs[0]
        v1.summary.scalar(f"{op.op.name}/sixes", tf.reduce_mean(tf.cast(pre > tf.cast(6.0, pre.dtype), tf.float32)))
    return v1.summary.histogram(f"{op.op.name}/activation", op)


def summarize_tensors(tensors: Any, summarizer: Callable = summarize_tensor) -> list:
    return [summarizer(tensor) for tensor in tensors]


def summarize_collection(collection: str, name_filter: str | None = None,
                         summarizer: Callable = summarize_tensor) -> list:
    """Summaries of the tensors of ``collection`` whose op name matches ``name_filter`` (``re.match``)."""
    tensors = [t for t in v1.get_collection(collection) if name_filter is None or re.match(name_filter, t.op.name)]
    return summarize_tensors(tensors, summarizer)


summarize_variables = functools.partial(summarize_collection, v1.GraphKeys.GLOBAL_VARIABLES)
summarize_weights = functools.partial(summarize_collection, v1.GraphKeys.WEIGHTS)
summarize_biases = functools.partial(summarize_collection, v1.GraphKeys.BIASES)


def summarize_activations(name_filter: str | None = None, summarizer: Callable = summarize_activation) -> list:
    """``summarize_activation`` of every tensor in the ACTIVATIONS collection."""
    return summarize_collection(v1.GraphKeys.ACTIVATIONS, name_filter, summarizer)
