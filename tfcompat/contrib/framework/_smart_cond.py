"""``tf.contrib.framework.smart_cond``: ``tf.cond`` that picks the branch in Python when the predicate is known."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tensorflow as tf


def smart_cond(pred: Any, true_fn: Callable[[], Any] | None = None, false_fn: Callable[[], Any] | None = None,
               name: str | None = None) -> Any:
    """``true_fn()`` or ``false_fn()`` when `pred` is a Python bool, 0/1 or a tensor of known value, else
    ``tf.cond(pred, true_fn, false_fn, name=name)`` (TF 1.15's checks and messages)."""
    if not callable(true_fn):
        raise TypeError("`true_fn` must be callable.")
    if not callable(false_fn):
        raise TypeError("`false_fn` must be callable.")
    if isinstance(pred, tf.Tensor):
        value = tf.get_static_value(pred)
    elif isinstance(pred, bool) or pred in (0, 1):
        value = bool(pred)
    else:
        raise TypeError(f"`pred` must be a Tensor, or a Python bool, or 1 or 0. Found instead: {type(pred)}")
    if value is None:
        return tf.cond(pred, true_fn=true_fn, false_fn=false_fn, name=name)
    return true_fn() if value else false_fn()
