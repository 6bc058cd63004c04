"""``nest`` as TF 1.x code imported it (``tensorflow.python.util.nest``), with ``is_sequence``.

Everything is forwarded to TensorFlow's own nest module; only the names TF 2
dropped are added here.
"""
from __future__ import annotations

from typing import Any

from tensorflow.python.util import nest as _nest

from tfcompat._warnings import warn_removed


def is_sequence(seq: Any) -> bool:
    """``nest.is_sequence``: ``nest.is_nested``."""
    warn_removed("tf.nest.is_sequence", "tf.nest.is_nested", "TFC403")
    return _nest.is_nested(seq)


def is_sequence_or_composite(seq: Any) -> bool:
    """``nest.is_sequence_or_composite``: ``nest.is_nested_or_composite``."""
    return _nest.is_nested_or_composite(seq)


def __getattr__(name: str) -> Any:
    try:
        return getattr(_nest, name)
    except AttributeError:
        raise AttributeError(f"module 'tfcompat.nest' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    public = {n for n in dir(_nest) if not n.startswith("_") and n not in {"nest_util", "tf_export"}}
    return sorted(public | {"is_sequence", "is_sequence_or_composite"})
