"""``tf.contrib.framework``: arg_scope, variable lookups, the global step, checkpoint restore helpers, smart_cond.

``nest``, ``argsort``, ``sort``, ``is_tensor`` and ``get_name_scope`` are TensorFlow's own (same meaning as 1.15).
"""

import tensorflow as tf
from tensorflow import argsort, is_tensor, sort

from tfcompat import nest

from ._arg_scope import add_arg_scope, arg_scope, arg_scoped_arguments, current_arg_scope, has_arg_scope
from ._checkpoint import (
    assign_from_checkpoint,
    assign_from_checkpoint_fn,
    init_from_checkpoint,
    list_variables,
    load_checkpoint,
    load_variable,
)
from ._smart_cond import smart_cond
from ._tensor_util import with_same_shape, with_shape
from ._variables import (
    add_model_variable,
    assign_from_values,
    assign_from_values_fn,
    create_global_step,
    filter_variables,
    get_global_step,
    get_local_variables,
    get_model_variables,
    get_or_create_global_step,
    get_trainable_variables,
    get_unique_variable,
    get_variables,
    get_variables_by_name,
    get_variables_by_suffix,
    get_variables_to_restore,
    global_variable,
    local_variable,
    model_variable,
    variable,
    zero_initializer,
)
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported


def get_name_scope() -> str:
    """The current name scope (``tf.get_current_name_scope``): ``"a/b"`` inside ``name_scope("a")/("b")``."""
    return tf.get_current_name_scope()


__all__ = exported(__name__)


__getattr__ = left_out(__name__)
