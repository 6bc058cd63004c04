"""Apply fixes to source text: non-overlapping edits per pass, re-linting until nothing is left."""
from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..engine import lint_python
from ..gc_pause import paused_gc
from ._edits import apply_edits
from . import _imports

MAX_PASSES = 5


@dataclass
class Migration:
    """The result of migrating one source text."""

    text: str
    applied: list[Diagnostic] = field(default_factory=list)  # fixed, in the original or an intermediate text
    manual: list[Diagnostic] = field(default_factory=list)  # left for review (no fix, unsafe, or conflicting)


Position = tuple[int, int]
Span = tuple[Position, Position]


class _Taken:
    """The spans of the fixes chosen so far, kept sorted so that a new span is tested against its neighbours only.

    Chosen replacements never overlap one another (`apply_edits` refuses that), so their ends grow with their
    starts: the last replacement starting before a span ends is the only one that can overlap it, and only the
    first insertion after its start can lie strictly inside it."""

    def __init__(self) -> None:
        self.replacements: list[Span] = []
        self.insertions: list[Position] = []
        self._inserted: set[Position] = set()

    def conflicts(self, span: Span) -> bool:
        start, end = span
        before = bisect_left(self.replacements, (end,)) - 1  # the last one starting before `end`
        if before >= 0 and self.replacements[before] != span and _overlaps(span, self.replacements[before]):
            return True
        if start == end:  # insertions never conflict with insertions
            return False
        after = bisect_right(self.insertions, start)
        return after < len(self.insertions) and _overlaps(span, (self.insertions[after],) * 2)

    def add(self, span: Span) -> None:
        start, end = span
        if start != end:
            insort(self.replacements, span)
        elif start not in self._inserted:
            self._inserted.add(start)
            insort(self.insertions, start)


def _choose(diagnostics: list[Diagnostic], allow: Callable[[Diagnostic], bool]) -> tuple[list[Diagnostic], bool]:
    """Fixable diagnostics whose edits do not overlap an earlier chosen fix; and whether any was deferred."""
    chosen: list[Diagnostic] = []
    taken = _Taken()
    deferred = False
    for diagnostic in diagnostics:
        if diagnostic.fix is None or not allow(diagnostic):
            continue
        spans = [((e.row, e.col), (e.end_row, e.end_col)) for e in diagnostic.fix.edits]
        if any(taken.conflicts(span) for span in spans):
            deferred = True
            continue
        chosen.append(diagnostic)
        for span in spans:
            taken.add(span)
    return chosen, deferred


def _overlaps(a: Span, b: Span) -> bool:
    (a_start, a_end), (b_start, b_end) = a, b
    if a_start == a_end or b_start == b_end:  # insertions conflict only strictly inside a replacement
        return b_start < a_start < b_end or a_start < b_start < a_end
    return a_start < b_end and b_start < a_end


@paused_gc()  # every pass parses the whole file: see gc_pause
def migrate_python(text: str, allow: Callable[[Diagnostic], bool],
                   lint: Callable[[str], list[Diagnostic]] = lint_python,
                   diagnostics: list[Diagnostic] | None = None) -> Migration:
    """Fix everything `allow` permits; the result always parses (else ValueError).

    `diagnostics` are the text's lint results when the caller already has them."""
    migration = Migration(text)
    if diagnostics is None:
        diagnostics = lint(text)
    for _ in range(MAX_PASSES):
        chosen, deferred = _choose(diagnostics, allow)
        if not chosen:
            break
        new_text = apply_edits(migration.text, [e for d in chosen for e in d.fix.edits])  # type: ignore[union-attr]
        try:
            ast.parse(new_text)
        except SyntaxError as exc:
            raise ValueError(f"the fixed code would not parse (line {exc.lineno}: {exc.msg}); file left unchanged") from None
        migration.text = new_text
        migration.applied.extend(chosen)
        diagnostics = lint(new_text)
        if not deferred and not any(d.fix and allow(d) for d in diagnostics):
            break
    if migration.applied:
        migration.text = _imports.remove_unused_tf_imports(text, migration.text)
    migration.manual = [d for d in diagnostics if not (d.fix and allow(d))]
    return migration
