"""Registry lookups for qualified names: exact entries, module-wide entries, and the API snapshot."""
from __future__ import annotations

from functools import lru_cache

from .registry import Change, all_changes, lookup
from .resolve import to_public

COMPAT_V1 = "tf.compat.v1."


def is_name_code(code: str) -> bool:
    """Codes reported where a name is used (not where it is called)."""
    return code.startswith("TFC1") or code in ("TFC302", "TFC304", "TFC403")


def split_compat(qualified: str) -> tuple[str, bool]:
    """`tf.compat.v1.X` -> (`tf.X`, True); anything else unchanged."""
    if qualified.startswith(COMPAT_V1):
        return "tf." + qualified[len(COMPAT_V1):], True
    return qualified, False


def entries_for(qualified: str) -> tuple[str, bool, tuple[Change, ...]]:
    """(public name, reached through compat.v1, registry entries that apply)."""
    base, compat = split_compat(qualified)
    public = to_public(base)
    entries = lookup(public)
    if compat:
        entries = tuple(c for c in entries if c.in_compat_v1)
    return public, compat, entries


def module_entry(public: str) -> Change | None:
    """The nearest enclosing module's entry (`tf.contrib.slim`, or a `tf.contrib.*` catch-all)."""
    module = public
    while "." in module:
        module = module.rpartition(".")[0]
        for change in lookup(module) + lookup(module + ".*"):
            if change.code in ("TFC105", "TFC106", "TFC104", "TFC108"):
                return change
    return None


@lru_cache(maxsize=1)
def one_x_names() -> frozenset[str]:
    """Names that only exist from TF 1.0 on (the targets of the 0.x renames): evidence of 1.x code."""
    return frozenset(c.new for c in all_changes() if c.code == "TFC101" and c.new and c.new.startswith("tf."))


def unknown_in_tf2(qualified: str) -> bool:
    """True when `qualified` is a member of a TF 2.21 module but not in its public API."""
    try:
        from . import api_snapshot
    except ImportError:  # snapshot not generated
        return False
    parent = qualified.rpartition(".")[0]
    return api_snapshot.is_module(parent) and not api_snapshot.exists(qualified)
