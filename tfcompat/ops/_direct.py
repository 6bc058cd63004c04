"""Calling a TF 2 op below its pass-through Python layers, doing their work in the shim.

A public TF 2 op such as ``tf.multiply`` is wrapped in Python layers that, on
an ordinary call, only pass the call on:

- weak-tensor dtype promotion (``weak_tensor_ops.py``): acts only when NumPy
  promotion is switched on (``tf.experimental.numpy.experimental_enable_numpy_behavior``
  with a promotion mode); otherwise it calls the layer below;
- traceback filtering (``traceback_utils.filter_traceback``): acts only when an
  exception passes through, removing TF-internal frames from its traceback.

Each layer is a Python frame packing ``*args, **kwargs``: measured here, the
two cost about 1 µs of an 11 µs eager ``tf.multiply``.  A shim that calls the
layer below them does their work itself (it defers to the native spelling while
promotion is on, and filters a raised exception's traceback as TF would), so
its once-per-call-site warning check costs the user nothing.

Layers are recognised by their code (file, function and closure names); a
TensorFlow whose layers look different gets the native spelling, unpeeled.
"""
from __future__ import annotations

import os
from typing import Any, Callable, NamedTuple

from tensorflow.python.framework import ops as _framework_ops
from tensorflow.python.util import traceback_utils as _traceback_utils

__all__ = ["Direct", "direct", "filtered", "filtering_tracebacks"]

_promotion_on: Callable[[], bool] | None = getattr(_framework_ops, "is_auto_dtype_conversion_enabled", None)
_process_frames: Callable[[Any], Any] | None = getattr(_traceback_utils, "_process_traceback_frames", None)
_filtering_on: Callable[[], bool] | None = getattr(_traceback_utils, "is_traceback_filtering_enabled", None)


class Direct(NamedTuple):
    """How a shim calls a native op past its pass-through layers."""

    call: Callable[..., Any]
    """What the native spelling ends up calling (still TF's type-based dispatcher)."""
    promotes: Callable[[], bool] | None
    """When not None and true, dtype promotion is on: call the native spelling instead."""
    filters: bool
    """A traceback-filtering layer was peeled: the shim filters raised tracebacks."""


def _inner(layer: Callable[..., Any], filename: str, function: str, closure_name: str, uses: str) -> Any:
    """The callable held by ``layer`` if it is TF's ``function`` in ``filename``, else None."""
    code = getattr(layer, "__code__", None)
    if code is None or code.co_name != function or not code.co_filename.endswith(os.sep + filename):
        return None
    if closure_name not in code.co_freevars or uses not in code.co_names or not layer.__closure__:
        return None
    return layer.__closure__[code.co_freevars.index(closure_name)].cell_contents


def direct(native: Callable[..., Any]) -> Direct:
    """``native`` with the promotion and traceback layers TF wrapped it in peeled off."""
    call, promotes, filters = native, None, False
    inner = _inner(call, "weak_tensor_ops.py", "wrapper", "op", "is_auto_dtype_conversion_enabled")
    if inner is not None and _promotion_on is not None:
        call, promotes = inner, _promotion_on
    inner = _inner(call, "traceback_utils.py", "error_handler", "fn", "is_traceback_filtering_enabled")
    if inner is not None and _process_frames is not None and _filtering_on is not None:
        call, filters = inner, True
    return Direct(call, promotes, filters)


def filtering_tracebacks() -> bool:
    """Whether TF filters its internal frames from tracebacks (``tf.debugging.*_traceback_filtering``)."""
    return _filtering_on is not None and _filtering_on()


def filtered(error: BaseException) -> BaseException:
    """``error`` with TF-internal frames removed from its traceback, as TF's own layer does."""
    assert _process_frames is not None
    return error.with_traceback(_process_frames(error.__traceback__))
