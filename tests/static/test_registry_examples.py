"""Every registry example is a test: INVALID snippets are flagged with the entry's code (and
fixed to `after`), VALID ones are not flagged."""
from __future__ import annotations

import ast

import pytest

from tfcompat_lint.registry import Safety, all_changes, by_old_name
from tfcompat_lint.registry.rules import RULES

from .helpers import codes, fix

EXAMPLES = [
    pytest.param(change, example, id=f"{change.code}-{change.old}-{i}")
    for change in all_changes()
    for i, example in enumerate(change.examples)
]


@pytest.mark.parametrize("change, example", EXAMPLES)
def test_example(change, example) -> None:
    found = codes(example.before)
    if example.valid:
        assert change.code not in found, f"VALID example flagged: {example.before!r}"
        return
    assert change.code in found, f"INVALID example not flagged with {change.code}: {example.before!r} -> {found}"
    if example.after is not None:
        after = fix(example.before, unsafe=change.safety is Safety.UNSAFE)
        assert after == example.after
        assert fix(after) == after, "fixing twice changes the code again"


def test_every_rule_code_is_documented() -> None:
    for change in all_changes():
        assert change.code in RULES, change


def test_registry_is_large_enough() -> None:
    changes = all_changes()
    by_code: dict[str, int] = {}
    for change in changes:
        by_code[change.code] = by_code.get(change.code, 0) + 1
    assert by_code["TFC101"] >= 47  # the whole 0.x -> 1.0 rename set
    assert len(changes) > 900  # plus TensorFlow's own 1.x -> 2.x tables


SYNTHESIZED = [
    pytest.param(change, id=f"{change.code}-{change.old}")
    for entries in by_old_name().values()
    for change in entries
    if change.code in ("TFC101", "TFC102", "TFC103", "TFC104") and change.new and not change.old.endswith("*")
    and change.safety is Safety.SAFE and not change.examples and not change.special
]


@pytest.mark.parametrize("change", SYNTHESIZED)
def test_rename_entries_flag_and_fix(change) -> None:
    """Entries without hand-written examples: `tf.old(x)` is flagged and rewritten to the new name."""
    old = "tf" + change.old[2:]
    source = f"import tensorflow as tf\ny = {old}(x)\n"
    assert change.code in codes(source)
    after = fix(source)
    ast.parse(after)
    spelled = change.new if change.new.startswith("tfcompat.") else "tf" + change.new[2:]
    v2 = "tf.compat.v2." + change.new[3:]  # where the TF 1.x spelling of `new` means something else
    assert f"{spelled}(" in after or f"{v2}(" in after, after
