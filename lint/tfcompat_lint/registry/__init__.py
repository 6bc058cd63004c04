"""The one declarative registry of TF API changes.

It feeds the lint rules, the codemod, the runtime's deprecation warnings and
the generated rule docs.  Importing it never imports TensorFlow.
"""
from __future__ import annotations

from functools import lru_cache

from ._schema import Change, Example, Kind, Safety

__all__ = [
    "Change",
    "Example",
    "Kind",
    "Safety",
    "all_changes",
    "by_old_name",
    "lookup",
]


@lru_cache(maxsize=1)
def all_changes() -> tuple[Change, ...]:
    """Every entry, curated tables first, then the generated TF 1.x->2.x tables."""
    from . import keras3, modules, notes, tf2, v0_to_v1

    return (*v0_to_v1.CHANGES, *keras3.CHANGES, *notes.CHANGES, *modules.CHANGES, *tf2.changes())


def _family(change: Change) -> str:
    """Name-level codes (TFC1xx) shadow each other; other codes only their own code."""
    return "TFC1" if change.code.startswith("TFC1") else change.code


@lru_cache(maxsize=1)
def by_old_name() -> dict[str, tuple[Change, ...]]:
    """Entries keyed by old qualified name. Curated tables come first, so a curated
    entry shadows a generated one of the same name and family."""
    table: dict[str, list[Change]] = {}
    for change in all_changes():
        entries = table.setdefault(change.old, [])
        if not any(_family(e) == _family(change) for e in entries):
            entries.append(change)
    return {name: tuple(entries) for name, entries in table.items()}


def lookup(old: str) -> tuple[Change, ...]:
    """The entries for one old qualified name (``"tf.pack"``), or ``()``."""
    return by_old_name().get(old, ())
