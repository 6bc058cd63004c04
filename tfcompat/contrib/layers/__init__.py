"""``tf.contrib.layers``: initializers, regularizers and layer functions with contrib names.

The layers tfcompat does not write (``conv3d``, ``maxout``, ``spatial_softmax``, ``gdn``, ...) are tf-slim's, which
has TF 1.15's ``contrib.layers`` (``pip install 'tfcompat[slim]'``).
"""

from .._extras import forwarder
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
from ._optimizers import (
    OPTIMIZER_CLS_NAMES,
    OPTIMIZER_SUMMARIES,
    optimize_loss,
)
from ._summaries import (
    summarize_activation,
    summarize_activations,
    summarize_biases,
    summarize_collection,
    summarize_tensor,
    summarize_tensors,
    summarize_variables,
    summarize_weights,
)
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
from tfcompat.spec.served import exported


def linear(inputs, num_outputs, **kwargs):  # noqa: ANN001, ANN003, ANN201
    """``fully_connected`` with ``activation_fn=None`` (contrib ``linear``)."""
    return fully_connected(inputs, num_outputs, activation_fn=None, **kwargs)


__all__ = exported(__name__)
_TF_SLIM_LAYERS = (
    "GDN", "avg_pool3d", "conv1d", "conv2d_in_plane", "conv3d", "conv3d_transpose", "convolution", "convolution1d",
    "convolution2d_in_plane", "convolution3d", "convolution3d_transpose", "dense_to_sparse", "gdn",
    "images_to_sequence", "max_pool3d", "maxout", "scale_gradient", "sequence_to_images", "spatial_softmax",
)
__getattr__ = forwarder("tf_slim.layers", "tfcompat.contrib.layers", _TF_SLIM_LAYERS)
