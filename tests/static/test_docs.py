"""Generated docs are current, every rule renders all of ruff's sections, and the Fix column is what the
fixers do."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tfcompat_lint.docs import AVAILABILITY, entries_of, fix_availability, rule_markdown, rule_table
from tfcompat_lint.engine import lint_python
from tfcompat_lint.registry.rules import RULES
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


def test_fix_availability_is_what_the_fixers_do() -> None:
    """Every flagged registry example with an expected fix gets a fix, and the docs then never say "No
    automatic fix"; a rule whose flagged examples get no fix is documented as having none."""
    table = {row.split(" | ")[0].split("]")[0].lstrip("| ["): row.split(" | ")[-1].rstrip(" |")
             for row in rule_table().splitlines()[2:]}
    for code, rule in RULES.items():
        fixed_examples = [e for c in entries_of(code) for e in c.examples
                          if not e.valid and e.after is not None and e.after != e.before]
        for example in fixed_examples:
            flagged = [d for d in lint_python(example.before) if d.code == code]
            assert flagged and all(d.fix is not None for d in flagged), (code, example.before)
        availability = fix_availability(code)
        assert (availability != "never") == bool(
            fixed_examples or (rule.example and any(d.fix for d in lint_python(rule.example) if d.code == code))
        ), code
        assert table[code] == {"never": "-"}.get(availability, availability), code
        text = rule_markdown(code) or ""
        assert f"\n\n{AVAILABILITY[availability]}\n\n" in text, code
        fix_section = text.split("## Fix safety\n", 1)[1]
        if availability == "never":
            assert not fix_section.startswith("Safe"), code
        else:
            assert "No automatic fix" not in fix_section.split("## ")[0], code


def test_known_fixable_rules_are_documented_as_fixable() -> None:
    for code in ("TFC201", "TFC202", "TFC203", "TFC204", "TFC301", "TFC302", "TFC304"):
        assert fix_availability(code) in ("always", "sometimes"), code
    assert "No automatic fix" not in rule_markdown("TFC304")  # type: ignore[operator]


def test_user_facing_text_cites_nothing_outside_the_repo() -> None:
    texts = {str(path): path.read_text(encoding="utf-8") for path in ROOT.glob("**/*.md")
             if ".venv" not in path.parts and "node_modules" not in path.parts}
    texts.update({c.old: c.message for code in RULES for c in entries_of(code)})
    texts.update({code: f"{r.what} {r.why} {r.fix}" for code, r in RULES.items()})
    texts.update({str(path): path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]  # docstrings
                  for path in [*ROOT.glob("lint/tfcompat_lint/**/*.py"), *ROOT.glob("fixtures/**/*.py")]})
    for where, text in texts.items():
        assert not re.search(r"notes item|MISSION\.md", text), where
