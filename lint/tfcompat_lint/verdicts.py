"""Verdicts on qualified TF names: their registry rows (exact, module-wide), else what the API snapshot says."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tfcompat.spec.served import TFCOMPAT_MODULES

from . import api_snapshot
from .import_table import to_public
from .registry import Change, Safety, all_changes, lookup, modules
from .registry.rules import RULES, Rule

COMPAT_V1 = "tf.compat.v1."


def split_compat(qualified: str) -> tuple[str, bool]:
    """`tf.compat.v1.X` -> (`tf.X`, True); anything else unchanged. `tf.compat.v1.compat.v1` is `tf.compat.v1`
    (a module bound to `tensorflow.compat.v1` spells the switch `tf.compat.v1.disable_v2_behavior`)."""
    compat = False
    while qualified.startswith(COMPAT_V1):
        qualified, compat = "tf." + qualified[len(COMPAT_V1):], True
    return qualified, compat


def entries_for(qualified: str) -> tuple[str, bool, tuple[Change, ...]]:
    """(public name, reached through compat.v1, registry entries that apply)."""
    base, compat = split_compat(qualified)
    public = to_public(base)
    entries = lookup(public)
    if compat:
        entries = tuple(c for c in entries if c.in_compat_v1)
    return public, compat, entries


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
    return frozenset(c.new for c in all_changes() if c.rule.marks_0x and c.new and c.new.startswith("tf."))


@dataclass(frozen=True)
class Verdict:
    """What becomes of one TF name that has no row of its own: a code, a one-line reason, and the spelling to
    write instead (one that resolves on TF 2.21 or is a registry row's tfcompat target), if any."""

    code: str
    message: str
    new: str | None = None
    safety: Safety = Safety.MANUAL
    names_it: bool = True  # the message starts with the name it is about (a row's own message names its row)

    @property
    def rule(self) -> Rule:
        return RULES[self.code]


@lru_cache(maxsize=4096)
def missing_prefix(qualified: str) -> str | None:
    """The first prefix of `qualified` that TF 2.21 lacks (`tf.estimator` of `tf.estimator.ModeKeys.TRAIN`).

    None when every prefix exists, or the chain leaves the recorded API (attributes of a class or object, which
    the snapshot does not list), or a part is a dunder (`tf.__version__`)."""
    parts = qualified.split(".")
    if parts[0] != "tf":
        return None
    prefix = "tf"
    for part in parts[1:]:
        if part.startswith("__") and part.endswith("__") or not api_snapshot.is_module(prefix):
            return None
        name = f"{prefix}.{part}"
        if not api_snapshot.exists(name):
            return name
        prefix = name
    return None


def resolves(name: str) -> bool:
    """True for a `tf.` name TF 2.21 has (as far as its snapshot records)."""
    return name.startswith("tf.") and missing_prefix(name) is None


@lru_cache(maxsize=1)
def _tfcompat_targets() -> frozenset[str]:
    return frozenset(c.new for c in all_changes() if c.new and c.new.startswith("tfcompat."))


def tfcompat_has(name: str) -> bool:
    """True for a tfcompat name some row writes, or one a tfcompat module listed in the registry serves."""
    if name in _tfcompat_targets():
        return True
    module, _, leaf = name.rpartition(".")
    listed = TFCOMPAT_MODULES.get(module)
    if listed is None:  # an attribute of a class tfcompat serves is the class's own (`ModeKeys.TRAIN`)
        return module.rpartition(".")[2][:1].isupper() and tfcompat_has(module)
    return leaf in listed[1] or listed[0] is not None and resolves(f"{listed[0]}.{leaf}")


def enclosing_row(base: str, compat: bool) -> Change | None:
    """The row of the nearest module or class enclosing `base` (`tf.app.flags` for `tf.app.flags.FLAGS`), or a
    `module.*` catch-all row."""
    module = base
    while "." in module:
        module = module.rpartition(".")[0]
        for change in lookup(module) + lookup(module + ".*"):
            if change.rule.encloses and (change.in_compat_v1 or not compat):
                return change
    return None


def settle(name: str) -> tuple[str, Safety] | None:
    """The spelling that serves `name` on TF 2.21, and how safe writing it is: its own row's replacement, else
    `name` itself if TF 2.21 has it; None when neither (or its row has no automatic replacement)."""
    _, _, entries = entries_for(name)
    for change in entries:
        if change.rule.names_symbol and not change.rule.only_uncalled:
            return (change.new, change.safety) if change.new and change.safety is not Safety.MANUAL else None
    return (name, Safety.SAFE) if resolves(name) or tfcompat_has(name) else None


def riskier(a: Safety, b: Safety) -> Safety:
    """The less safe of two safeties."""
    order = (Safety.SAFE, Safety.UNSAFE, Safety.MANUAL)
    return max(a, b, key=order.index)


def _under_class(change: Change) -> bool:
    """True when a tfcompat row replaces a class (attribute chains below it are the class's own)."""
    return bool(change.new) and change.new.rpartition(".")[2][:1].isupper()


@lru_cache(maxsize=4096)
def fallback(qualified: str) -> Verdict | None:
    """The verdict on a `tf.` name with no row of its own: the enclosing module's row applied to the whole chain,
    or TFC107 with a reason when TF 2.21 lacks the name; None when TF 2.21 has it."""
    base, compat = split_compat(qualified)
    row = enclosing_row(base, compat)
    if row is None:
        missing = missing_prefix(qualified)
        if missing is None:
            return None
        why = modules.reason(split_compat(missing)[0])
        return Verdict("TFC107", f"`{qualified}` does not exist in TensorFlow 2.21" + (f": {why}" if why else ""))
    rest = base[len(row.old.removesuffix(".*")):]
    candidates = []
    if row.new and row.safety is not Safety.MANUAL:
        if row.new.startswith("tfcompat.") and _under_class(row):
            return Verdict(row.code, f"`{qualified}` is not available on TF 2 ({row.message}): use `{row.new + rest}`",
                           row.new + rest, row.safety)
        candidates.append(row.new + rest)
    public = to_public(base)
    if public != base:
        candidates.append(public)
    for candidate in candidates:
        settled = settle(candidate)
        if settled is not None:
            new, safety = settled
            return Verdict(row.code, f"`{qualified}` is not available on TF 2 ({row.message}): use `{new}`", new,
                           riskier(row.safety, safety))
    why = modules.reason(base) or row.message  # the family's fate, not the row's advice for the names it serves
    return Verdict(row.code, f"`{qualified}` is gone on TF 2 and neither TF 2.21 nor tfcompat has it: {why}")


def verdict_of(change: Change) -> Verdict:
    """A row's own verdict."""
    return Verdict(change.code, change.message, change.new, change.safety, names_it=False)
