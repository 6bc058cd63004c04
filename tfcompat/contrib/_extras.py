"""Parts of ``tf.contrib`` served by maintained libraries installed through tfcompat's extras.

``tf-slim`` (``tfcompat[slim]``), TensorFlow Probability (``tfcompat[probability]``) and ``tf-keras``
(``tfcompat[keras2]``) are imported on first use; when one is missing the error names the extra to install.
"""
from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any, Callable, Collection

from tfcompat.spec.wording import left_out_text

# import name -> (distribution, extra)
_PROVIDERS = {
    "tf_slim": ("tf-slim", "slim"),
    "tensorflow_probability": ("tensorflow-probability", "probability"),
    "tf_keras": ("tf-keras", "keras2"),
}


def _bridge_tf_slim(tf_slim: ModuleType) -> None:
    """One implementation per slim symbol: tfcompat's Keras-free layers replace their tf-slim twins inside tf-slim
    (its nets call tfcompat's ``conv2d``, ``batch_norm``, ...; tf-slim's ``batch_norm`` needs Keras 2), and both
    share one ``arg_scope`` (one stack, one table of decorated ops, one key per symbol)."""
    from tf_slim.ops import arg_scope as theirs

    from . import slim
    from .framework import _arg_scope as ours

    if theirs._ARGSTACK is ours._ARG_STACK:
        return
    ours._DECORATED.update(theirs._DECORATED_OPS)
    theirs._DECORATED_OPS = ours._DECORATED
    theirs._ARGSTACK = ours._ARG_STACK
    twins = {}
    for name in slim.__all__:
        mine, twin = getattr(slim, name), getattr(tf_slim, name, None)
        if callable(mine) and callable(twin) and not isinstance(twin, type):
            twins[id(twin)] = mine
            if ours.has_arg_scope(mine) and ours.has_arg_scope(twin):
                mine._key_op = twin._key_op
    for module in [m for name, m in sys.modules.items() if name.split(".")[0] == "tf_slim" and m is not None]:
        for attr, value in list(vars(module).items()):
            if id(value) in twins:
                setattr(module, attr, twins[id(value)])


_ON_IMPORT: dict[str, Callable[[ModuleType], None]] = {"tf_slim": _bridge_tf_slim}


def require(module: str, what: str) -> ModuleType:
    """Import ``module`` (a module of a provider library), or raise an ImportError naming tfcompat's extra."""
    top = module.partition(".")[0]
    dist, extra = _PROVIDERS[top]
    try:
        imported = importlib.import_module(module)
    except ImportError as error:
        if error.name is not None and error.name.partition(".")[0] not in _PROVIDERS:
            raise  # the library is there but broken: its own error says more
        missing = error.name or top
        raise ImportError(f"{what} is served by {dist} ({missing} is not installed): pip install 'tfcompat[{extra}]'") \
            from error
    if top in _ON_IMPORT:
        _ON_IMPORT[top](importlib.import_module(top))
    return imported


def forwarder(module: str, what: str, known: Collection[str] = ()) -> Callable[[str], Any]:
    """A module ``__getattr__`` that serves every other public name from ``module``; without the library, a name
    outside ``known`` (when given) is an AttributeError rather than the ImportError naming the extra."""

    def __getattr__(name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            target = require(module, what)
        except ImportError:
            if known and name not in known:
                raise AttributeError(left_out_text(what, name)) from None
            raise
        try:
            return getattr(target, name)
        except AttributeError:
            raise AttributeError(f"{what} has no attribute {name!r}; see tfcompat/contrib/UNSUPPORTED.md") from None

    return __getattr__
