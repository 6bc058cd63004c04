"""Ops whose argument order or keywords changed: decided at run time.

Order rules (documented in the README):

- ``split``: first argument an int -> 0.x ``(split_dim, num_split, value)``;
  its value (third argument or ``value=``) must then be a tensor, else the call
  is ambiguous.  ``split_dim=``/``num_split=`` keywords are 0.x too.
- ``concat``: a list/tuple second -> 0.x ``(concat_dim, values)``; a list/tuple
  first -> 1.x ``(values, axis)``; otherwise the int (or rank-0 tensor) is the
  axis.  Two ints, two lists or two non-scalar tensors are ambiguous.
- cross-entropy: any positional call is 0.x order ``(logits, labels)``.
- ``reverse``: booleans (list, array or bool tensor) are 0.x ``dims``; ints
  are the 1.x ``axis``.
- ``svd``: 0.x has ``(tensor, compute_uv, full_matrices)``, 1.x ``(tensor,
  full_matrices, compute_uv)``.  Positional flags are read in the order they bind
  in (``svd(m, False, full_matrices=True)`` is 0.x).  Otherwise an order in which
  the flags only restate the defaults is not what the caller meant, so the other
  one is used: ``svd(m, False)`` and ``svd(m, False, True)`` are 0.x (singular
  values alone), ``svd(m, True)`` and ``svd(m, True, False)`` are 1.x
  (``full_matrices=True``).  Equal flags mean the same in both orders; flags that
  are not booleans are ambiguous.
- ``sparse_split``: TF 1.x takes keywords only, so a positional call is 0.x
  ``(split_dim, num_split, sp_input)``.
- ``ones_initializer``/``zeros_initializer``: a shape (list, tuple or
  ``TensorShape``) first is the 0.x function ``(shape, dtype)``, which returned
  the tensor; anything else builds the 1.x initializer.
- ``nce_loss``/``sampled_softmax_loss``: 0.x has ``(weights, biases, inputs,
  labels, ...)``, 1.x ``(weights, biases, labels, inputs, ...)``; the integer
  tensor among the third and fourth arguments is the labels.

Ambiguous calls raise ``ValueError`` naming the order seen and the keyword
spelling that removes the doubt.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import tensorflow as tf

from sys import _getframe

from tfcompat._warnings import sites_of, warn_removed, warn_site
from tfcompat.ops._direct import direct, filtered, filtering_tracebacks

_v1 = tf.compat.v1
_split, _concat, _reverse = tf.split, tf.concat, tf.reverse


def _below(native: Callable[..., Any]) -> tuple[Callable[..., Any], bool]:
    """What the fast paths call for ``native`` (see ``_direct``), and whether they filter tracebacks."""
    call, promotes, filters = direct(native)
    return (native, False) if promotes is not None else (call, filters)


(_split_below, _SPLIT_FILTERS), (_concat_below, _CONCAT_FILTERS) = _below(_split), _below(_concat)

_SEQUENCE = (list, tuple)
# Exact types, looked up by hash: much cheaper than isinstance on a tensor in the hot path.
_LIST_TYPES = frozenset(_SEQUENCE)
_INT_TYPES = frozenset({int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64})
_BOOL_TYPES = frozenset({bool, np.bool_})
# The once-per-site records the fast paths check inline.
_SPLIT_SITES, _CONCAT_SITES, _REVERSE_SITES = sites_of("tf.split"), sites_of("tf.concat"), sites_of("tf.reverse")


def _is_int(value: Any) -> bool:
    return type(value) in _INT_TYPES


def _static_rank(value: Any) -> int | None:
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple):  # numpy
        return len(shape)
    return getattr(shape, "rank", None)


def _describe(value: Any) -> str:
    if _is_int(value):
        return f"int {value}"
    return type(value).__name__


def _bind(names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any], func: str,
          aliases: dict[str, str] | None = None) -> dict[str, Any]:
    """Positional ``args`` matched to the 0.x ``names``, merged with ``kwargs``.

    A keyword in ``aliases`` (a 1.x name) fills its 0.x slot.  A slot given twice or a
    keyword the function does not take raises ``TypeError``, as Python's own binding does.
    """
    if len(args) > len(names):
        raise TypeError(f"{func}() takes at most {len(names)} positional arguments in 0.x order {names}")
    bound = dict(zip(names, args))
    for keyword, value in kwargs.items():
        slot = aliases.get(keyword, keyword) if aliases else keyword
        if slot not in names:
            raise TypeError(f"{func}() got an unexpected keyword argument {keyword!r}")
        if slot in bound:
            raise TypeError(
                f"{func}() got multiple values for argument {keyword!r}: positional calls use the "
                f"0.x order ({', '.join(names)}); write every argument as a keyword"
            )
        bound[slot] = value
    return bound


# The 1.x keywords naming a 0.x slot.
_SPLIT_ALIASES = {"axis": "split_dim", "num_or_size_splits": "num_split"}
_CONCAT_ALIASES = {"axis": "concat_dim"}


def split(*args: Any, **kwargs: Any) -> Any:
    """``tf.split`` in 1.x order ``(value, num_or_size_splits, axis=0)`` or 0.x order ``(split_dim, num_split, value)``."""
    if not kwargs and len(args) == 3:  # fast path; positional calls, since keywords slow TF's dispatch
        value, axis = args[0], args[2]
        if type(value) in _INT_TYPES and type(axis) not in _INT_TYPES:  # 0.x (split_dim, num_split, value)
            frame = _getframe(1)  # the once-per-site check inlined on the fast path
            if frame.f_code is not _SPLIT_SITES.get(frame.f_lasti):
                warn_site(frame, "tf.split", "tf.split(value, num_or_size_splits, axis)", "TFC201", 2)
            value, axis = axis, value
        if type(value) not in _INT_TYPES:
            try:
                return _split_below(value, args[1], axis)
            except Exception as error:
                if _SPLIT_FILTERS and filtering_tracebacks():
                    raise filtered(error) from None
                raise
    old_keywords = "split_dim" in kwargs or "num_split" in kwargs
    if not old_keywords and not (args and _is_int(args[0])):
        return _split(*args, **kwargs)
    bound = _bind(("split_dim", "num_split", "value", "name"), args, kwargs, "split", _SPLIT_ALIASES)
    value = bound.get("value")
    if value is None or _is_int(value) or "num_split" not in bound:
        raise ValueError(
            f"ambiguous tf.split call: saw ({', '.join(_describe(a) for a in args)}); an int first means the 0.x order "
            "(split_dim, num_split, value), which needs a tensor value. Write "
            "tf.split(value=..., num_or_size_splits=..., axis=...) with keywords"
        )
    warn_removed("tf.split", "tf.split(value, num_or_size_splits, axis)", "TFC201")
    return _split(value, bound["num_split"], bound.get("split_dim", 0), None, bound.get("name", "split"))


def _concat_is_old_order(first: Any, second: Any) -> bool:
    """True for 0.x ``(concat_dim, values)``; raises when the order cannot be told."""
    if isinstance(second, _SEQUENCE) and not isinstance(first, _SEQUENCE):
        return True
    if isinstance(first, _SEQUENCE) and not isinstance(second, _SEQUENCE):
        return False
    if _is_int(first) != _is_int(second):
        return _is_int(first)
    if not isinstance(first, _SEQUENCE):
        first_rank, second_rank = _static_rank(first), _static_rank(second)
        if (first_rank == 0) != (second_rank == 0) and None not in (first_rank, second_rank):
            return first_rank == 0
    raise ValueError(
        f"ambiguous tf.concat call: saw ({_describe(first)}, {_describe(second)}); cannot tell the 0.x order "
        "(concat_dim, values) from the 1.x order (values, axis). Write tf.concat(values=[...], axis=...) with keywords"
    )


def concat(*args: Any, **kwargs: Any) -> Any:
    """``tf.concat`` in 1.x order ``(values, axis)`` or 0.x order ``(concat_dim, values)``."""
    if not kwargs and len(args) == 2:  # fast path: concat([x, y], 1) or concat(1, [x, y])
        values, axis = args
        if not (type(values) in _LIST_TYPES and type(axis) in _INT_TYPES) and (
            type(values) in _INT_TYPES and type(axis) in _LIST_TYPES or _concat_is_old_order(values, axis)
        ):
            frame = _getframe(1)  # the once-per-site check inlined on the fast path
            if frame.f_code is not _CONCAT_SITES.get(frame.f_lasti):
                warn_site(frame, "tf.concat", "tf.concat(values, axis)", "TFC201", 2)
            values, axis = axis, values
        try:
            return _concat_below(values, axis)
        except Exception as error:
            if _CONCAT_FILTERS and filtering_tracebacks():
                raise filtered(error) from None
            raise
    if "concat_dim" in kwargs:
        old = True
    elif len(args) >= 2:
        old = _concat_is_old_order(args[0], args[1])
    else:
        # concat(1, values=[...]): the lone positional is the 0.x concat_dim.
        old = len(args) == 1 and "values" in kwargs and "axis" not in kwargs
    if not old:
        return _concat(*args, **kwargs)
    bound = _bind(("concat_dim", "values", "name"), args, kwargs, "concat", _CONCAT_ALIASES)
    warn_removed("tf.concat", "tf.concat(values, axis)", "TFC201")
    return _concat(bound["values"], bound["concat_dim"], bound.get("name", "concat"))


def reverse(tensor: Any, axis: Any = None, name: str | None = None, dims: Any = None) -> Any:
    """``tf.reverse`` taking 0.x boolean ``dims`` (one per dimension) or the 1.x ``axis`` list."""
    if dims is None:
        spec = axis
    elif axis is None:
        spec = dims
    else:
        raise TypeError("reverse() got multiple values for argument 'dims': 0.x dims is the 1.x axis; pass one")
    if type(spec) in _LIST_TYPES:
        if not spec or type(spec[0]) not in _BOOL_TYPES:
            if _BOOL_TYPES.isdisjoint(map(type, spec)):
                return _reverse(tensor, spec, name)
            raise ValueError(f"tf.reverse got {spec!r}: 0.x dims are all booleans, 1.x axis all ints")
        mask = spec
    elif type(spec) is np.ndarray and spec.dtype == np.bool_:
        mask = spec.tolist()
    elif getattr(spec, "dtype", None) == tf.bool:
        frame = _getframe(1)  # the once-per-site check inlined on the fast path
        if frame.f_code is not _REVERSE_SITES.get(frame.f_lasti):
            warn_site(frame, "tf.reverse", "tf.reverse(tensor, axis=[...])", "TFC301", 2)
        return tf.raw_ops.Reverse(tensor=tensor, dims=spec, name=name)  # checks one flag per dimension itself
    else:
        return _reverse(tensor, spec, name)
    if not _BOOL_TYPES.issuperset(map(type, mask)):
        raise ValueError(f"tf.reverse got {mask!r}: 0.x dims are all booleans, 1.x axis all ints")
    rank = _static_rank(tensor)
    if rank is not None and rank != len(mask):
        raise ValueError(
            f"tf.reverse got {len(mask)} dims flags for a rank-{rank} tensor: 0.x dims need one boolean per "
            "dimension. Write tf.reverse(tensor, axis=[...]) with the axes to reverse"
        )
    frame = _getframe(1)  # the once-per-site check inlined on the fast path
    if frame.f_code is not _REVERSE_SITES.get(frame.f_lasti):
        warn_site(frame, "tf.reverse", "tf.reverse(tensor, axis=[...])", "TFC301", 2)
    if rank is None:  # unknown rank (or not yet a tensor): the 0.x kernel checks the flags when it runs
        return tf.raw_ops.Reverse(tensor=tensor, dims=mask, name=name)
    axes = _MASK_AXES.get(tuple(mask))
    if axes is None:
        axes = _MASK_AXES[tuple(mask)] = _axes_of(mask)
    return _reverse(tensor, axes, name)


# 0.x boolean dims -> the 1.x axes, as read-only int32 arrays: TF 2's eager fast
# path takes an array, where a Python list falls back to its slow path (measured:
# 3x the time of a small reverse).  At most 2**rank masks per rank.
_MASK_AXES: dict[tuple[Any, ...], np.ndarray] = {}


def _axes_of(mask: list[Any]) -> np.ndarray:
    axes = np.flatnonzero(np.array(mask, bool)).astype(np.int32)
    axes.flags.writeable = False
    return axes


def cond(pred: Any, true_fn: Any = None, false_fn: Any = None, strict: bool = False,
         name: str | None = None, fn1: Any = None, fn2: Any = None) -> Any:
    """``tf.cond`` accepting the 0.x keywords ``fn1``/``fn2``."""
    if fn1 is not None or fn2 is not None:
        warn_removed("tf.cond", "tf.cond(pred, true_fn=..., false_fn=...)", "TFC203")
        true_fn = fn1 if true_fn is None else true_fn
        false_fn = fn2 if false_fn is None else false_fn
    return _v1.cond(pred, true_fn, false_fn, strict, name)


def _cross_entropy(native: Callable[..., Any], old: str, params: tuple[str, ...]) -> Callable[..., Any]:
    """A cross-entropy function whose positional arguments follow 0.x order ``params``."""
    short = old.rsplit(".", 1)[-1]
    aliases = {"axis": "dim"} if "dim" in params else None  # softmax's 1.x name of its 0.x ``dim``

    def shim(*args: Any, **kwargs: Any) -> Any:
        if "targets" in kwargs and native is not _v1.nn.weighted_cross_entropy_with_logits:
            kwargs["labels"] = kwargs.pop("targets")
        if not args:
            return native(**kwargs)
        warn_removed(old, f"{old}(labels=..., logits=...)", "TFC202")
        return native(**_bind(params, args, kwargs, short, aliases))

    shim.__name__ = shim.__qualname__ = short
    shim.__doc__ = f"``{old}``; positional arguments are read in 0.x order ({', '.join(params)})."
    return shim


softmax_cross_entropy_with_logits = _cross_entropy(
    _v1.nn.softmax_cross_entropy_with_logits, "tf.nn.softmax_cross_entropy_with_logits",
    ("logits", "labels", "dim", "name"),
)
sparse_softmax_cross_entropy_with_logits = _cross_entropy(
    _v1.nn.sparse_softmax_cross_entropy_with_logits, "tf.nn.sparse_softmax_cross_entropy_with_logits",
    ("logits", "labels", "name"),
)
sigmoid_cross_entropy_with_logits = _cross_entropy(
    _v1.nn.sigmoid_cross_entropy_with_logits, "tf.nn.sigmoid_cross_entropy_with_logits",
    ("logits", "labels", "name"),
)
weighted_cross_entropy_with_logits = _cross_entropy(
    _v1.nn.weighted_cross_entropy_with_logits, "tf.nn.weighted_cross_entropy_with_logits",
    ("logits", "targets", "pos_weight", "name"),
)


def _is_integer(value: Any) -> bool | None:
    """Whether ``value`` holds integers; None when that cannot be told."""
    dtype = getattr(value, "dtype", None)
    if dtype is None and isinstance(value, _SEQUENCE):
        dtype = np.asarray(value).dtype
    try:
        return tf.as_dtype(dtype).is_integer if dtype is not None else None
    except TypeError:
        return None


def _sampled_loss(native: Callable[..., Any], old: str) -> Callable[..., Any]:
    """A sampled loss taking 0.x ``(weights, biases, inputs, labels, ...)`` or 1.x ``(..., labels, inputs, ...)``."""
    short = old.rsplit(".", 1)[-1]

    def shim(*args: Any, **kwargs: Any) -> Any:
        if len(args) < 3:
            return native(*args, **kwargs)
        if len(args) == 3:  # the other one of labels/inputs is a keyword
            old_order = "labels" in kwargs or ("inputs" not in kwargs and _is_integer(args[2]) is False)
        else:
            third, fourth = _is_integer(args[2]), _is_integer(args[3])
            if (third is True or fourth is False) == (third is False or fourth is True):
                raise ValueError(
                    f"ambiguous tf.nn.{short} call: cannot tell whether the third argument is 0.x inputs or 1.x "
                    "labels (need one integer labels tensor). Write labels=..., inputs=... with keywords"
                )
            old_order = third is False or fourth is True
        if not old_order:
            return native(*args, **kwargs)
        warn_removed(old, f"{old}(weights, biases, labels=..., inputs=...)", "TFC201")
        if len(args) == 3:
            return native(args[0], args[1], inputs=args[2], **kwargs)
        return native(args[0], args[1], args[3], args[2], *args[4:], **kwargs)

    shim.__name__ = shim.__qualname__ = short
    shim.__doc__ = f"``{old}`` in 0.x order (weights, biases, inputs, labels, ...) or 1.x order (..., labels, inputs)."
    return shim


nce_loss = _sampled_loss(_v1.nn.nce_loss, "tf.nn.nce_loss")
sampled_softmax_loss = _sampled_loss(_v1.nn.sampled_softmax_loss, "tf.nn.sampled_softmax_loss")


_SVD_ORDERS = {"0.x": ("compute_uv", "full_matrices", "name"), "1.x": ("full_matrices", "compute_uv", "name")}
_SVD_DEFAULTS = {"compute_uv": True, "full_matrices": False}


def svd(tensor: Any, *args: Any, **kwargs: Any) -> Any:
    """``tf.svd`` in 0.x order ``(tensor, compute_uv, full_matrices)`` or 1.x ``(..., full_matrices, compute_uv)``."""
    if not args:
        return _v1.svd(tensor, **kwargs)
    readings = {}
    for order, names in _SVD_ORDERS.items():
        try:
            readings[order] = _bind(names, args, kwargs, "svd")
        except TypeError:  # a flag given twice in this order: the call is in the other one
            pass
    if not readings:
        return _v1.svd(tensor, *args, **kwargs)  # raises the native TypeError
    flags = args[:2]
    if len(readings) == 2 and not _BOOL_TYPES.issuperset(map(type, flags)):
        raise ValueError(
            f"ambiguous tf.svd call: saw ({', '.join(_describe(a) for a in (tensor, *flags))}); cannot tell "
            "0.x (tensor, compute_uv, full_matrices) from 1.x (tensor, full_matrices, compute_uv). Write "
            "tf.svd(tensor, compute_uv=..., full_matrices=...) with keywords"
        )
    if len(readings) == 2:  # drop an order in which the flags only restate the defaults (equal flags: either)
        inert = [order for order, names in _SVD_ORDERS.items()
                 if all(flag == _SVD_DEFAULTS[name] for name, flag in zip(names, flags))]
        if len(inert) == 1:
            del readings[inert[0]]
    if "1.x" in readings:
        return _v1.svd(tensor, **readings["1.x"])
    warn_removed("tf.svd", "tf.linalg.svd(tensor, full_matrices=..., compute_uv=...)", "TFC201")
    return _v1.svd(tensor, **readings["0.x"])


def sparse_split(*args: Any, **kwargs: Any) -> Any:
    """``tf.sparse_split``; TF 1.x takes keywords only, so positional arguments are 0.x order.

    That order is ``(split_dim, num_split, sp_input, name)``.
    """
    new = "tf.sparse.split(sp_input=..., num_split=..., axis=...)"
    if args:
        warn_removed("tf.sparse_split", new, "TFC201")
    elif "split_dim" in kwargs:  # TF 2.21's compat.v1 version no longer reads it ("axis is required")
        warn_removed("tf.sparse_split", new, "TFC203")
    else:
        return _v1.sparse_split(**kwargs)
    bound = _bind(("axis", "num_split", "sp_input", "name"), args, kwargs, "sparse_split", {"split_dim": "axis"})
    return _v1.sparse_split(**bound)


def sparse_concat(*args: Any, **kwargs: Any) -> Any:
    """``tf.sparse_concat`` taking the 0.x ``concat_dim=`` (TF 2.21's compat.v1 version requires ``axis``)."""
    if "concat_dim" not in kwargs:
        return _v1.sparse_concat(*args, **kwargs)
    warn_removed("tf.sparse_concat", "tf.sparse.concat(axis=..., sp_inputs=...)", "TFC203")
    names = ("axis", "sp_inputs", "name", "expand_nonconcat_dim")
    return _v1.sparse_concat(**_bind(names, args, kwargs, "sparse_concat", {"concat_dim": "axis"}))


def _initializer(name: str, native: type, fill: Callable[..., Any]) -> type:
    """``native`` (the TF 1.x initializer class ``name``) also callable as its 0.x function ``(shape, dtype)``."""
    old = f"tf.{name}"

    class Initializer(native):  # type: ignore[misc,valid-type]
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            if args and (type(args[0]) in _LIST_TYPES or isinstance(args[0], tf.TensorShape)):
                warn_removed(old, f"tf.compat.v1.{name}()(shape)", "TFC302")
                dtype = args[1] if len(args) > 1 else kwargs.get("dtype", tf.float32)
                return fill(args[0], dtype)
            return super().__new__(cls)

    Initializer.__name__ = Initializer.__qualname__ = name
    Initializer.__doc__ = f"``{old}``: the TF 1.x class, or called with a shape the 0.x function returning the tensor."
    return Initializer


ones_initializer = _initializer("ones_initializer", _v1.ones_initializer, tf.ones)
zeros_initializer = _initializer("zeros_initializer", _v1.zeros_initializer, tf.zeros)
