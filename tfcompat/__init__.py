"""tfcompat: run TensorFlow 0.x/1.x code on TensorFlow 2.

``import tfcompat`` has no global side effect: TensorFlow is not even imported
until a name that needs it is used.  ``import tfcompat.v1 as tf`` is the drop-in
TF 1.x API (it switches TensorFlow to v1 behaviour; see ``tfcompat.v1``).

Submodules (loaded on first attribute access):

- ``tfcompat.ops``: removed 0.x/1.x ops re-implemented on TF 2 (``pack``,
  ``batch_matmul``, old-order ``split``/``concat``, ...), usable eagerly too.
- ``tfcompat.rnn_cell`` / ``tfcompat.rnn``: Keras-free TF 1.x RNN cells and
  ``dynamic_rnn``/``static_rnn``/... with TF 1.x variable names.
- ``tfcompat.layers``: Keras-free ``tf.layers``.
- ``tfcompat.contrib``: the used parts of ``tf.contrib``.
- ``tfcompat.nest``: ``nest`` with ``is_sequence``.
- ``tfcompat.examples``: the tutorials' MNIST ``input_data`` reader.
- ``tfcompat.train``: TF 1.x ``Saver`` semantics and checkpoint helpers.
- ``tfcompat.estimator``: TF 1.15's ``tf.estimator`` for custom ``model_fn``s.
"""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = frozenset(
    {"ops", "rnn_cell", "rnn", "layers", "contrib", "nest", "examples", "train", "v1", "ckpt", "estimator"}
)

# Names served without importing TensorFlow.
_LIGHT_ATTRIBUTES = {"TFCompatDeprecationWarning": "tfcompat._warnings"}

__all__ = ["__version__", *sorted(_SUBMODULES), *sorted(_LIGHT_ATTRIBUTES)]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module: ModuleType = importlib.import_module(f"{__name__}.{name}")
        return module
    if name in _LIGHT_ATTRIBUTES:
        return getattr(importlib.import_module(_LIGHT_ATTRIBUTES[name]), name)
    ops = importlib.import_module(f"{__name__}.ops")
    try:
        return getattr(ops, name)
    except AttributeError:
        raise AttributeError(f"module 'tfcompat' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES | set(_LIGHT_ATTRIBUTES))
