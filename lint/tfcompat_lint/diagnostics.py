"""What a check reports: diagnostics, and the text edits that fix them.

Not frozen: tens of thousands are rebuilt from the cache on a warm run, and frozen
dataclasses construct several times slower."""
from __future__ import annotations

from dataclasses import dataclass

from .registry import Safety


@dataclass(slots=True)
class Edit:
    """Replace [start, end) with `content`. Rows are 1-based, columns 0-based characters."""

    row: int
    col: int
    end_row: int
    end_col: int
    content: str


@dataclass(slots=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    safety: Safety = Safety.SAFE  # never MANUAL: a manual entry gets no Fix


@dataclass(slots=True)
class Diagnostic:
    code: str
    message: str
    row: int
    col: int
    end_row: int
    end_col: int
    fix: Fix | None = None
    cell: int | None = None  # notebook code cell number (1-based), rows then count within the cell

    def to_tuple(self) -> tuple:
        fix = None
        if self.fix is not None:
            fix = (self.fix.message, [tuple(_edit_fields(e)) for e in self.fix.edits], self.fix.safety.value)
        return (self.code, self.message, self.row, self.col, self.end_row, self.end_col, fix, self.cell)

    @classmethod
    def from_tuple(cls, data: tuple | list) -> Diagnostic:
        code, message, row, col, end_row, end_col, fix, cell = data
        if fix is not None:
            fix = Fix(fix[0], tuple([Edit(*e) for e in fix[1]]), Safety(fix[2]))
        return cls(code, message, row, col, end_row, end_col, fix, cell)


def _edit_fields(edit: Edit) -> tuple:
    return (edit.row, edit.col, edit.end_row, edit.end_col, edit.content)
