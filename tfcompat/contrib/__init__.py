"""The used parts of ``tf.contrib`` (layers, rnn, framework, slim), Keras-free.

Submodules load on first attribute access; nothing here switches TensorFlow to v1 behaviour.
What is left out is listed in ``UNSUPPORTED.md`` beside this file.
"""
from __future__ import annotations

import importlib
from typing import Any

_SUBMODULES = frozenset({"framework", "layers", "rnn", "slim"})
__all__ = sorted(_SUBMODULES)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"tfcompat.contrib has no attribute {name!r}; see tfcompat/contrib/UNSUPPORTED.md")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
