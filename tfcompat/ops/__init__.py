"""Removed TF 0.x/1.x ops re-implemented on TF 2 ops, usable eagerly and in graph mode.

``import tfcompat.ops`` imports TensorFlow but changes no global state.  The
keyword-alias functions (``reduce_sum(reduction_indices=..., keep_dims=...)``,
``argmax(dimension=...)``, ``squeeze(squeeze_dims=...)``, casts such as
``to_float``, ...) are ``tf.compat.v1``'s own, which still accept the old keywords.
"""
import tensorflow as _tf

from tfcompat.ops._arguments import (
    concat,
    cond,
    nce_loss,
    ones_initializer,
    reverse,
    sampled_softmax_loss,
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
    sparse_concat,
    sparse_split,
    split,
    svd,
    weighted_cross_entropy_with_logits,
    zeros_initializer,
)
from tfcompat.ops._graph import (
    SummaryWriter,
    audio_summary,
    histogram_summary,
    image_summary,
    install_tensor_array_methods,
    merge_all_summaries,
    merge_summary,
    scalar_summary,
)
from tfcompat.ops._renamed import (
    batch_matmul,
    batch_mul,
    batch_svd,
    list_diff,
    listdiff,
    select,
    spec_shims as _spec_shims,
)

# tf.compat.v1 functions that still take the 0.x/1.x keywords or names.
_FROM_COMPAT_V1 = (
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_all", "reduce_any",
    "reduce_logsumexp", "count_nonzero", "argmax", "argmin", "squeeze", "expand_dims",
    "to_float", "to_double", "to_int32", "to_int64", "to_bfloat16",
    "initialize_all_variables", "initialize_local_variables", "initialize_variables", "all_variables",
    "op_scope", "variable_op_scope", "dimension_value",
)
# 0.x's name of the global-variables collection key.
VARIABLES = _tf.compat.v1.GraphKeys.GLOBAL_VARIABLES
# Bound here rather than through a module ``__getattr__``: a module that defines one cannot have
# its attribute loads specialized by CPython, which made every ``ops.<name>`` load 3x slower.
globals().update({name: getattr(_tf.compat.v1, name) for name in _FROM_COMPAT_V1})
# The renames whose TF 2 op takes the same arguments (pack, mul, batch_matrix_inverse, ...): tfcompat.spec's rows.
globals().update(_spec_shims())

__all__ = sorted(name for name in globals() if not name.startswith("_"))
