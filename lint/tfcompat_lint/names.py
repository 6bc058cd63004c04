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


# Evidence of TF 1.x graph construction: code that fails under TF 2's eager execution, or whose meaning
# changes there (resource variables, no variable sharing or collections, `global_step` read one step late),
# and the TF test harness's graph-only markers. Summaries and initializers only matter next to these.
GRAPH_MODE_NAMES = frozenset({
    "tf.Session", "tf.InteractiveSession", "tf.placeholder", "tf.sparse_placeholder", "tf.placeholder_with_default",
    "tf.sparse.placeholder", "tf.ragged.placeholder", "tf.train.MonitoredTrainingSession", "tf.train.MonitoredSession",
    "tf.train.SingularMonitoredSession", "tf.get_variable", "tf.get_local_variable", "tf.variable_scope",
    "tf.get_variable_scope", "tf.train.get_or_create_global_step", "tf.train.get_global_step",
    "tf.train.create_global_step", "tf.add_to_collection", "tf.add_to_collections", "tf.get_collection",
    "tf.get_collection_ref", "tf.GraphKeys", "tf.get_default_graph", "tf.python.framework.test_util.run_v1_only",
    "tf.python.framework.test_util.run_deprecated_v1", "tf.python.framework.test_util.deprecated_graph_mode_only",
})


def is_graph_mode(public: str) -> bool:
    """True for a TF 1.x name (`tf.`-spelled, compat.v1 stripped) that builds or needs a v1 graph."""
    if public in GRAPH_MODE_NAMES or public.startswith("tf.layers."):
        return True
    module, _, leaf = public.rpartition(".")
    return module == "tf.train" and leaf.endswith("Optimizer")


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
    parent, _, leaf = qualified.rpartition(".")
    if leaf.startswith("__") and leaf.endswith("__"):
        return False  # module dunders (`tf.__version__`, `tf.__path__`) are not in the API listing
    return api_snapshot.is_module(parent) and not api_snapshot.exists(qualified)
