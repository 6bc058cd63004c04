"""Migrate a notebook's code cells as one module; only the changed cells' `source` values are rewritten."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from ..diagnostics import Diagnostic
from ..notebook import Cell, Joined, join, locate, read_cells
from ..source import split_lines
from ._apply import Migration


def _list_layout(raw: str, cell: Cell) -> tuple[str, str, str]:
    """(text after `[`, separator between elements, text before `]`) of a `source` list as written."""
    inner = raw[1:-1]
    if not cell.items:
        return "", ", ", ""
    first = inner[:len(inner) - len(inner.lstrip())]
    last = inner[len(inner.rstrip()):]
    if len(cell.items) == 1:
        return first, "," + (first or " "), last
    start = len(first) + len(cell.items[0][1])
    separator = inner[start:inner.index(cell.items[1][1], start)]
    return first, separator, last


def _source_json(raw: str, cell: Cell, new: str, ensure_ascii: bool) -> str:
    """`new` as the cell's `source` value, laid out like `raw` (unchanged lines keep their exact JSON text)."""
    if cell.items is None:
        return json.dumps(new, ensure_ascii=ensure_ascii)
    written: dict[str, list[str]] = {}
    for value, text in cell.items:
        written.setdefault(value, []).append(text)
    parts = []
    for line in split_lines(new):
        kept = written.get(line)
        parts.append(kept.pop(0) if kept else json.dumps(line, ensure_ascii=ensure_ascii))
    if not parts:
        return "[]"
    opening, separator, closing = _list_layout(raw, cell)
    return "[" + opening + separator.join(parts) + closing + "]"


def _new_sources(joined: Joined, text: str) -> list[tuple[Cell, str]]:
    """The cells whose code `text` (the migrated joined code) changes, with their new source."""
    sources = joined.split(text)
    bad = {b.cell.number for b in joined.bad}
    changed = []
    for cell in joined.cells:
        if cell.number in bad or cell.number not in sources:
            continue
        new = sources[cell.number]
        if not cell.source.endswith(("\n", "\r")) and new.endswith("\n"):  # the newline the join added
            new = new[:-2] if new.endswith("\r\n") else new[:-1]
        if new != cell.source:
            changed.append((cell, new))
    return changed


def migrate_notebook(data: str, migrate: Callable[[str], Migration], convert: Callable[[str], str] | None = None
                     ) -> tuple[str, Migration, list[str], dict[int, str]]:
    """(new notebook JSON text, the migration of its joined code, cells that could not be migrated, and the
    code of each cell converted from Python 2 by `convert`, by cell number).

    Raises NotebookError for a malformed notebook and ValueError if the result would not re-read."""
    joined = join(read_cells(data), convert)
    problems = [f"cell {b.cell.number}, line {b.row}: cannot parse ({b.message}); this cell was left unchanged"
                for b in joined.bad]
    migration = migrate(joined.text)
    rows = joined.cell_rows(migration.text)
    migration.manual = [_in_cell(d, rows) for d in migration.manual]
    # a fix's rows are those of the text its pass started from: exact for the first pass's, which are nearly all
    rows = joined.cell_rows(joined.text)
    migration.applied = [_in_cell(d, rows) for d in migration.applied]
    if migration.text == joined.text and not joined.converted:
        return data, migration, problems, joined.converted
    changed = _new_sources(joined, migration.text)
    ensure_ascii = data.isascii()
    out, cursor = [], 0
    for cell, new in sorted(changed, key=lambda item: item[0].span):
        start, end = cell.span
        out += [data[cursor:start], _source_json(data[start:end], cell, new, ensure_ascii)]
        cursor = end
    out.append(data[cursor:])
    new_data = "".join(out)
    _check(new_data, joined)
    return new_data, migration, problems, joined.converted


def _in_cell(diagnostic: Diagnostic, rows: list[tuple[int, int]]) -> Diagnostic:
    """The diagnostic with its rows counted in its cell."""
    number, row = locate(rows, diagnostic.row)
    if not number:
        return diagnostic
    shift = diagnostic.row - row
    return replace(diagnostic, row=diagnostic.row - shift, end_row=diagnostic.end_row - shift, cell=number)


def _check(new_data: str, before: Joined) -> None:
    """Refuse a result whose JSON or cells would not read back as they were migrated."""
    after = join(read_cells(new_data))
    broken = {b.cell.number for b in after.bad} - {b.cell.number for b in before.bad}
    if broken:
        raise ValueError(f"cell {min(broken)}: the migrated code would not parse; file left unchanged")
