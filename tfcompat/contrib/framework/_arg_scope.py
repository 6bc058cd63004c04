"""``arg_scope`` / ``add_arg_scope``: default keyword arguments for decorated layer functions."""
from __future__ import annotations

import contextlib
import functools
from typing import Any, Callable, Iterator

_ARG_STACK: list[dict] = [{}]
_DECORATED: dict[str, tuple[str, ...]] = {}  # key -> argument names, of every op add_arg_scope decorated


def _key(op: Callable) -> str:
    return getattr(op, "_key_op", str(op))


def current_arg_scope() -> dict:
    return _ARG_STACK[-1]


def has_arg_scope(func: Callable) -> bool:
    return _key(func) in _DECORATED


def arg_scoped_arguments(func: Callable) -> list[str]:
    return list(getattr(func, "_arg_scoped_arguments", []))


@contextlib.contextmanager
def arg_scope(list_ops_or_scope: Any, **kwargs: Any) -> Iterator[dict]:
    """Set default ``kwargs`` for every op in ``list_ops_or_scope`` (or re-enter a saved scope dict)."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, kwargs must be empty.")
        scope = list_ops_or_scope.copy()
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict)")
        scope = current_arg_scope().copy()
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                raise ValueError(f"{getattr(op, '__name__', op)} is not decorated with @add_arg_scope")
            merged = dict(scope.get(_key(op), {}))
            merged.update(kwargs)
            scope[_key(op)] = merged
    _ARG_STACK.append(scope)
    try:
        yield scope
    finally:
        _ARG_STACK.pop()


def add_arg_scope(func: Callable) -> Callable:
    """Let ``arg_scope`` supply default keyword arguments to ``func``; explicit ones win."""
    @functools.wraps(func)
    def with_scoped_args(*args: Any, **kwargs: Any) -> Any:
        defaults = current_arg_scope().get(with_scoped_args._key_op)  # type: ignore[attr-defined]
        if defaults:
            merged = dict(defaults)
            merged.update(kwargs)
            kwargs = merged
        return func(*args, **kwargs)

    with_scoped_args._key_op = _key(func)  # type: ignore[attr-defined]
    code = func.__code__
    with_scoped_args._arg_scoped_arguments = code.co_varnames[:code.co_argcount]  # type: ignore[attr-defined]
    _DECORATED[with_scoped_args._key_op] = with_scoped_args._arg_scoped_arguments  # type: ignore[attr-defined]
    return with_scoped_args
