"""contrib.framework variable helpers: model variables, lookups by scope, restore lists."""
from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import tensorflow as tf

from ._arg_scope import add_arg_scope

v1 = tf.compat.v1


def _collections(extra: Any, name: str) -> list:
    if isinstance(extra, dict):
        extra = extra.get(name)
    if extra is None:
        return []
    return list(extra) if isinstance(extra, (list, tuple)) else [extra]


@add_arg_scope
def variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
             regularizer: Any = None, trainable: bool = True, collections: Any = None,
             caching_device: Any = None, device: Any = None, partitioner: Any = None,
             custom_getter: Any = None, use_resource: Any = None, synchronization: Any = None,
             aggregation: Any = None) -> tf.Variable:
    """``tf.get_variable`` that also honours ``collections`` and ``device`` the contrib way; a ``custom_getter`` is
    called in its place with the scope's ``reuse`` (TF 1.x slim's contract, which tf-slim's layers rely on)."""
    collections = list(collections or [v1.GraphKeys.GLOBAL_VARIABLES])
    collections = list(dict.fromkeys(collections + [v1.GraphKeys.GLOBAL_VARIABLES]))
    getter = v1.get_variable
    if custom_getter is not None:
        getter = functools.partial(custom_getter, reuse=v1.get_variable_scope().reuse)
    extra = {k: v for k, v in (("synchronization", synchronization), ("aggregation", aggregation)) if v is not None}
    with tf.device(device or ""):
        return getter(name, shape=shape, dtype=dtype or tf.float32, initializer=initializer, regularizer=regularizer,
                      trainable=trainable, collections=collections, caching_device=caching_device,
                      partitioner=partitioner, use_resource=use_resource, **extra)


@add_arg_scope
def model_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                   regularizer: Any = None, trainable: bool = True, collections: Any = None,
                   caching_device: Any = None, device: Any = None, partitioner: Any = None,
                   custom_getter: Any = None, use_resource: Any = None, **unused: Any) -> tf.Variable:
    """A variable also added to ``MODEL_VARIABLES`` (what slim saves and restores)."""
    collections = list(collections or []) + [v1.GraphKeys.GLOBAL_VARIABLES, v1.GraphKeys.MODEL_VARIABLES]
    return variable(name, shape, dtype, initializer, regularizer, trainable, collections, caching_device,
                    device, partitioner, custom_getter, use_resource)


def add_model_variable(var: tf.Variable) -> None:
    if var not in v1.get_collection(v1.GraphKeys.MODEL_VARIABLES):
        v1.add_to_collection(v1.GraphKeys.MODEL_VARIABLES, var)


def _scope_name(scope: Any) -> Any:
    return scope.name if isinstance(scope, v1.VariableScope) else scope


def get_variables(scope: Any = None, suffix: str | None = None,
                  collection: str = v1.GraphKeys.GLOBAL_VARIABLES) -> list:
    """Variables in ``collection`` whose name starts with ``scope`` and ends with ``suffix``."""
    scope = _scope_name(scope)
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return v1.get_collection(collection, scope)


def get_model_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, v1.GraphKeys.MODEL_VARIABLES)


def get_local_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, v1.GraphKeys.LOCAL_VARIABLES)


def get_trainable_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, v1.GraphKeys.TRAINABLE_VARIABLES)


def get_variables_by_name(given_name: str, scope: Any = None) -> list:
    return get_variables(scope=scope, suffix="/" + given_name)


def get_variables_by_suffix(suffix: str, scope: Any = None) -> list:
    return get_variables(scope=scope, suffix=suffix)


def get_unique_variable(var_op_name: str) -> tf.Variable:
    candidates = get_variables(scope=var_op_name)
    matches = [v for v in candidates if v.op.name == var_op_name]
    if not matches:
        raise ValueError(f"Couldn't find variable {var_op_name}")
    return matches[0]


def get_variables_to_restore(include: Any = None, exclude: Any = None) -> list:
    """Global variables under any ``include`` scope and under no ``exclude`` scope."""
    if include is None:
        candidates = get_variables()
    else:
        candidates = [v for scope in include for v in get_variables(scope)]
    excluded = {id(v) for scope in (exclude or []) for v in get_variables(scope)}
    return [v for v in candidates if id(v) not in excluded]


def get_or_create_global_step(graph: Any = None) -> tf.Variable:
    return v1.train.get_or_create_global_step(graph)


def get_global_step(graph: Any = None) -> Any:
    return v1.train.get_global_step(graph)


def create_global_step(graph: Any = None) -> tf.Variable:
    return v1.train.create_global_step(graph)


def assign_from_values(var_names_to_values: dict) -> tuple[Any, dict]:
    """``(assign_op, feed_dict)`` assigning each named variable its value through a placeholder, as in 1.15."""
    feed_dict: dict = {}
    assign_ops = []
    for name, value in var_names_to_values.items():
        var = get_unique_variable(name)
        if not var.get_shape().is_compatible_with(np.shape(value)):
            raise ValueError(f"Total size of new array must be unchanged for {name} lh_shape: "
                             f"[{np.shape(value)}], rh_shape: [{var.get_shape()}]")
        placeholder = v1.placeholder(var.dtype.base_dtype, var.get_shape(), name="placeholder/" + var.op.name)
        assign_ops.append(v1.assign(var, placeholder))
        feed_dict[placeholder] = np.reshape(value, var.get_shape())
    return tf.group(*assign_ops), feed_dict


def assign_from_values_fn(var_names_to_values: dict) -> Any:
    """A function ``(session) -> None`` that loads numpy values into the named variables."""
    assign_op, feed_dict = assign_from_values(var_names_to_values)

    def callback(session: Any) -> None:
        session.run(assign_op, feed_dict)

    return callback


def filter_variables(var_list: Any, include_patterns: Any = None, exclude_patterns: Any = None,
                     reg_search: bool = True) -> list:
    """Variables whose name matches an include pattern (all when ``None``) and no exclude pattern.

    ``reg_search`` picks ``re.search`` (a pattern anywhere in the name) over ``re.match`` (at its start).
    """
    matches = re.search if reg_search else re.match

    def hit(var: Any, patterns: Any) -> bool:
        return any(matches(pattern, var.name) for pattern in patterns)

    return [var for var in var_list
            if (include_patterns is None or hit(var, include_patterns))
            and not (exclude_patterns is not None and hit(var, exclude_patterns))]


def local_variable(initial_value: Any, validate_shape: bool = True, name: str | None = None,
                   use_resource: Any = None) -> tf.Variable:
    """A non-trainable variable in ``LOCAL_VARIABLES`` only (initialised by ``local_variables_initializer``)."""
    return v1.Variable(initial_value, trainable=False, collections=[v1.GraphKeys.LOCAL_VARIABLES],
                       validate_shape=validate_shape, name=name, use_resource=use_resource)


def global_variable(initial_value: Any, validate_shape: bool = True, name: str | None = None,
                    use_resource: Any = None) -> tf.Variable:
    """A non-trainable variable in ``GLOBAL_VARIABLES`` only."""
    return v1.Variable(initial_value, trainable=False, collections=[v1.GraphKeys.GLOBAL_VARIABLES],
                       validate_shape=validate_shape, name=name, use_resource=use_resource)


def zero_initializer(ref: Any, use_locking: bool = True, name: str = "zero_initializer") -> Any:
    """An op setting ``ref`` to zeros of its own shape and dtype (1.15 ran it on an uninitialised variable)."""
    return v1.assign(ref, tf.zeros(ref.shape, ref.dtype.base_dtype), use_locking=use_locking, name=name)
