"""``tf.contrib.layers``: initializers, regularizers and layer functions with contrib names."""

from ._initializers import (
    VarianceScaling,
    apply_regularization,
    l1_l2_regularizer,
    l1_regularizer,
    l2_regularizer,
    sum_regularizer,
    variance_scaling_initializer,
    xavier_initializer,
    xavier_initializer_conv2d,
)
from ._layers import (
    avg_pool2d,
    collect_named_outputs,
    conv2d,
    convolution2d,
    dropout,
    embed_sequence,
    flatten,
    fully_connected,
    max_pool2d,
)
from ._normalization import batch_norm, layer_norm
from ._more_layers import (
    bias_add,
    conv2d_transpose,
    group_norm,
    instance_norm,
    one_hot_encoding,
    separable_conv2d,
    softmax,
    unit_norm,
)


def linear(inputs, num_outputs, **kwargs):  # noqa: ANN001, ANN003, ANN201
    """``fully_connected`` with ``activation_fn=None`` (contrib ``linear``)."""
    return fully_connected(inputs, num_outputs, activation_fn=None, **kwargs)


__all__ = [
    "VarianceScaling",
    "apply_regularization",
    "avg_pool2d",
    "batch_norm",
    "bias_add",
    "collect_named_outputs",
    "conv2d",
    "conv2d_transpose",
    "convolution2d",
    "dropout",
    "embed_sequence",
    "flatten",
    "fully_connected",
    "group_norm",
    "instance_norm",
    "l1_l2_regularizer",
    "l1_regularizer",
    "l2_regularizer",
    "layer_norm",
    "linear",
    "max_pool2d",
    "one_hot_encoding",
    "separable_conv2d",
    "softmax",
    "sum_regularizer",
    "unit_norm",
    "variance_scaling_initializer",
    "xavier_initializer",
    "xavier_initializer_conv2d",
]
