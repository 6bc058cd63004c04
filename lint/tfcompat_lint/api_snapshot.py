"""TensorFlow 2.21's public API names, from the snapshot in ``data/tf2_api.txt``.

Names are spelled with ``tf.`` for ``tensorflow.`` (``tf.compat.v1.placeholder``).
The file is read on first use and cached; TensorFlow is never imported.
Regenerate it with ``scripts/gen_api_snapshot.py``.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["exists", "is_module", "modules"]

_SNAPSHOT = "tf2_api.txt"


@lru_cache(maxsize=1)
def modules() -> dict[str, frozenset[str]]:
    """Every public module path mapped to the public names it holds."""
    text = resources.files("tfcompat_lint").joinpath("data", _SNAPSHOT).read_text(encoding="utf-8")
    table: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            path, _, names = line.partition("\t")
            table[path] = frozenset(names.split())
    return table


def _canonical(name: str) -> str:
    if name == "tensorflow" or name.startswith("tensorflow."):
        return "tf" + name[len("tensorflow"):]
    return name


def is_module(name: str) -> bool:
    """True if ``name`` is a public TF 2.21 module (``tf.nn``, ``tf.compat.v1.layers``)."""
    return _canonical(name) in modules()


def exists(name: str) -> bool:
    """True if ``name`` is a public TF 2.21 module or a name held by one.

    Attributes of classes and objects (``tf.Tensor.shape``) are not recorded:
    only ask about names whose parent ``is_module``.
    """
    name = _canonical(name)
    if name == "tf":
        return True
    parent, _, leaf = name.rpartition(".")
    return leaf in modules().get(parent, ()) or name in modules()
