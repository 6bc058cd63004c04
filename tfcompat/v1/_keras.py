"""``tfcompat.v1.keras``: Keras 2's v1 API from tf-keras when it is installed (``pip install 'tfcompat[keras2]'``).

TF 1.x graph code used Keras 2 inside a ``Session`` (``backend.get_session``, the learning-phase placeholder).
TF 2.21's ``tf.compat.v1.keras`` is Keras 3, which has none of that; tf-keras keeps it. Without tf-keras,
``tfcompat.v1.keras`` stays TF 2.21's (code that works with Keras 3 keeps working) and the graph-mode names Keras 3
dropped raise an ImportError naming the extra.
"""
from __future__ import annotations

import importlib.util
from typing import Any, Callable

from tfcompat.contrib._extras import _PROVIDERS, require
from tfcompat.spec.modules import KERAS2_GRAPH_ONLY


def provided(target: str) -> bool:
    """Whether an alias target can be served: one in an extra's library needs that library installed."""
    top = target.partition(".")[0]
    return top not in _PROVIDERS or importlib.util.find_spec(top) is not None


def _graph_only(module: str, name: str) -> Callable[[], Any]:
    def make() -> Any:
        what = f"tfcompat.v1.keras.backend.{name} (Keras 2 in TF 1.x graphs; TF 2.21's Keras 3 has no {name})"
        return getattr(require(module, what), name)
    return make


def fallback_overrides(target: str) -> dict[str, dict[str, Callable[[], Any]]]:
    """Names added to TF 2.21's ``tf.compat.v1.keras`` when tf-keras (``target``, its v1 API) is missing."""
    return {"keras.backend": {name: _graph_only(f"{target}.backend", name) for name in KERAS2_GRAPH_ONLY}}
