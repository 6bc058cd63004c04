"""Generated docs are current, every rule renders all of ruff's sections, and each rule's declared fix
availability (the Fix column) is what its rows and the fixers do."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tfcompat_lint.docs import AVAILABILITY, entries_of, rule_markdown, rule_table
from tfcompat_lint.engine import lint_python
from tfcompat_lint.registry import Safety, all_changes
from tfcompat_lint.registry.rules import RULES, Availability, Rule
from tfcompat_lint.runner import _lint_one

ROOT = Path(__file__).resolve().parents[2]


def test_generated_docs_are_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_rule_has_all_sections() -> None:
    for code in RULES:
        text = rule_markdown(code)
        assert text is not None
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
            assert section in text, (code, section)


def _codes(rule_code: str, source: str, tmp_path: Path) -> list[str]:
    """Codes reported for a rule's example; TFC902's examples are about bytes, so they are saved as Latin-1."""
    if rule_code == "TFC902":
        path = tmp_path / "latin.py"
        path.write_bytes(source.encode("latin-1"))
        return [d[0] for d in _lint_one(str(path))[1]]
    return [d.code for d in lint_python(source)]


def test_rule_examples_are_true(tmp_path: Path) -> None:
    """A rule's own Example is flagged with its code; its Use instead is not."""
    for rule in RULES.values():
        if rule.example:
            assert rule.code in _codes(rule.code, rule.example, tmp_path), rule.code
        if rule.use_instead:
            assert rule.code not in _codes(rule.code, rule.use_instead, tmp_path), rule.code


def _fix_outcomes(rule: Rule) -> set[bool]:
    """Whether the rule's findings come with a fix, over its rows (a manual row has none) and the flagged
    examples (its rows', its own, and its unfixed one) as the linter reports them."""
    rows = entries_of(rule.code)
    sources = [e.before for c in rows for e in c.examples if not e.valid]
    sources += [s for s in (rule.example, rule.unfixed_example) if s]
    outcomes = {d.fix is not None for s in sources for d in lint_python(s) if d.code == rule.code}
    return outcomes | ({False} if any(c.safety is Safety.MANUAL for c in rows) else set())


@pytest.mark.parametrize("code", list(RULES))
def test_declared_fix_availability_agrees_with_rows_and_examples(code: str) -> None:
    """"always": every row and flagged example is fixed; "never": none is; "sometimes": both happen."""
    rule = RULES[code]
    expected = {Availability.ALWAYS: {True}, Availability.SOMETIMES: {True, False}, Availability.NEVER: {False}}
    outcomes = _fix_outcomes(rule)
    if rule.availability is Availability.NEVER:
        assert True not in outcomes, code
    else:
        assert outcomes == expected[rule.availability], (code, outcomes)


def test_docs_state_the_declared_availability() -> None:
    table = {row.split(" | ")[0].split("]")[0].lstrip("| ["): row.split(" | ")[-1].rstrip(" |")
             for row in rule_table().splitlines()[2:]}
    for code, rule in RULES.items():
        never = rule.availability is Availability.NEVER
        assert table[code] == ("-" if never else rule.availability.value), code
        text = rule_markdown(code) or ""
        assert f"\n\n{AVAILABILITY[rule.availability]}\n\n" in text, code
        fix_section = text.split("## Fix safety\n", 1)[1].split("## ")[0]
        if never:
            assert not fix_section.startswith("Safe"), code
        else:
            assert "No automatic fix" not in fix_section, code


def test_user_facing_text_cites_nothing_outside_the_repo() -> None:
    texts = {str(path): path.read_text(encoding="utf-8") for path in ROOT.glob("**/*.md")
             if ".venv" not in path.parts and "node_modules" not in path.parts}
    texts.update({c.old: c.message for code in RULES for c in entries_of(code)})
    texts.update({code: f"{r.what} {r.why} {r.fix}" for code, r in RULES.items()})
    texts.update({str(path): path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]  # docstrings
                  for path in [*ROOT.glob("lint/tfcompat_lint/**/*.py"), *ROOT.glob("fixtures/**/*.py")]})
    for where, text in texts.items():
        assert not re.search(r"notes item|MISSION\.md|seed-notes", text), where
    for change in all_changes():  # what the linter prints: no "the notes' name" for a notes file it never saw
        assert "the notes'" not in change.message, change.old
