"""Helpers for the lint and migrate tests: run the checks on snippets and the CLIs in-process."""
from __future__ import annotations

import textwrap

from tfcompat_lint.diagnostics import Diagnostic
from tfcompat_lint.engine import lint_python
from tfcompat_lint.migrate import migrate_python


def lint(source: str) -> list[Diagnostic]:
    return lint_python(textwrap.dedent(source))


def codes(source: str) -> list[str]:
    return [d.code for d in lint(source)]


def fix(source: str, unsafe: bool = False) -> str:
    """The fully migrated text of a snippet (safe fixes, or all with `unsafe`)."""
    allow = (lambda d: d.fix is not None) if unsafe else (lambda d: d.fix is not None and d.fix.safety == "safe")
    return migrate_python(textwrap.dedent(source), allow).text
