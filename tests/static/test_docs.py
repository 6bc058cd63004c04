"""Generated docs are current, and every rule renders all of ruff's sections."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tfcompat_lint.docs import rule_markdown
from tfcompat_lint.registry.rules import RULES

ROOT = Path(__file__).resolve().parents[2]


def test_generated_docs_are_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_rule_has_all_sections() -> None:
    for code in RULES:
        text = rule_markdown(code)
        assert text is not None
        for section in ("## What it does", "## Why is this bad?", "## Fix safety"):
            assert section in text, (code, section)
        if code not in ("TFC107", "TFC108", "TFC206", "TFC304"):
            assert "## Example" in text, code


def test_rule_examples_are_true() -> None:
    """A rule's own Example is flagged with its code; its Use instead is not."""
    from .helpers import codes

    for rule in RULES.values():
        if rule.example:
            assert rule.code in codes(rule.example), rule.code
        if rule.use_instead:
            assert rule.code not in codes(rule.use_instead), rule.code
