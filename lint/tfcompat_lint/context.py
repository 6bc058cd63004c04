"""Per-file state shared by the checks: imports, positions, spelling and the findings so far."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Edit, Fix
from .import_table import ImportTable
from .registry import Change, Safety
from .source import Positions
from .speller import Speller
from .verdicts import Verdict


@dataclass
class Evidence:
    """Which TF era the file's unambiguous code points to (decides ambiguous argument orders)."""

    old: int = 0  # 0.x-only names or calls seen
    new: int = 0  # 1.x-or-later-only names or calls seen

    @property
    def era(self) -> str | None:
        if self.old and not self.new:
            return "0.x"
        if self.new and not self.old:
            return "1.x"
        return None


@dataclass
class FileContext:
    tree: ast.Module
    positions: Positions
    table: ImportTable
    speller: Speller
    diagnostics: list[Diagnostic] = field(default_factory=list)
    evidence: Evidence = field(default_factory=Evidence)
    # Bindings whose import is itself reported, with the import's verdict: members of a module whose import is
    # rewritten are checked against the new module; those of an import reported without a fix are not checked.
    replaced_bindings: dict[str, Verdict] = field(default_factory=dict)
    # What plain names were last assigned: "int", "seq" (literal list) or "tensor" (a TF call's result).
    value_kinds: dict[str, str] = field(default_factory=dict)
    # Calls whose argument order waits for the whole file's evidence: (change, call, name).
    deferred: list[tuple[Change, ast.Call, str]] = field(default_factory=list)
    # Ids of calls whose argument order is ambiguous for good: renaming the function would pick an order for them.
    held_calls: set[int] = field(default_factory=set)

    def report(self, code: str, message: str, node: ast.AST, fix: Fix | None = None,
               end_node: ast.AST | None = None) -> None:
        row, col = self.positions.start(node)
        end_row, end_col = self.positions.end(end_node or node)
        self.diagnostics.append(Diagnostic(code, message, row, col, end_row, end_col, fix))

    def replace(self, node: ast.AST, content: str) -> Edit:
        return Edit(*self.positions.start(node), *self.positions.end(node), content)

    @staticmethod
    def insert_at(position: tuple[int, int], content: str) -> Edit:
        row, col = position
        return Edit(row, col, row, col, content)

    @staticmethod
    def safe_fix(edits: tuple[Edit, ...], message: str) -> Fix:
        """A safe Fix for a check that has no registry entry."""
        return Fix(message, edits, Safety.SAFE)

    def fix_for(self, change: Change, edits: tuple[Edit, ...], message: str) -> Fix | None:
        """A Fix honouring the entry's safety (manual entries get none)."""
        if change.safety is Safety.MANUAL or not edits:
            return None
        return Fix(message, edits, change.safety)
