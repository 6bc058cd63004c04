"""Lint one file's text: parse, run the checks, honour `noqa`, map notebook cells."""
from __future__ import annotations

import ast
import re
from dataclasses import replace

from .checker import run_checks
from .context import FileContext
from .diagnostics import Diagnostic
from .gc_pause import paused_gc
from .import_table import collect_imports
from .python2 import FIX_ADVICE, advice
from .noqa import FILE_NOQA, NOQA
from .source import Positions
from .speller import Speller


def _codes(text: str | None) -> frozenset[str] | None:
    return None if not text else frozenset(re.split(r"[\s,]+", text.strip().upper()))


def syntax_error(exc: SyntaxError, text: str) -> Diagnostic:
    """TFC901 with a message that says what to do: convert the file when it is Python 2, else fix it."""
    row = exc.lineno or 1
    col = max((exc.offset or 1) - 1, 0)
    what_to_do = advice(exc.msg, exc.text or "", text)
    return Diagnostic("TFC901", f"cannot parse: {exc.msg} — {what_to_do}", row, col, row, col + 1)


@paused_gc()  # the tree holds no cycles; re-scanning it doubled the time on large files
def lint_python(text: str) -> list[Diagnostic]:
    """Diagnostics for Python source text (noqa applied); every source is parsed, so any syntax error is TFC901."""
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        return [syntax_error(exc, text)]
    except ValueError as exc:  # null bytes, before Python 3.12
        return [Diagnostic("TFC901", f"cannot parse: {exc} — {FIX_ADVICE}", 1, 0, 1, 1)]
    if "tensorflow" not in text and "tfcompat" not in text:
        return []
    table = collect_imports(tree)
    if not table.bindings and not table.imports and not table.star_from:
        return []
    positions = Positions(text)
    ctx = FileContext(tree, positions, table, Speller(table, tree, positions.lines))
    run_checks(ctx)
    return _apply_noqa(ctx.diagnostics, text, ctx.positions.lines)


def _apply_noqa(diagnostics: list[Diagnostic], text: str, lines: list[str]) -> list[Diagnostic]:
    if not diagnostics or "noqa" not in text.lower():
        return sorted(diagnostics, key=_order)
    file_match = FILE_NOQA.search(text)
    if file_match:
        codes = _codes(file_match.group("codes"))
        if codes is None:
            return []
        diagnostics = [d for d in diagnostics if d.code not in codes]
    kept = []
    for diagnostic in diagnostics:
        match = NOQA.search(lines[diagnostic.row - 1]) if diagnostic.row <= len(lines) else None
        if match:
            codes = _codes(match.group("codes"))
            if codes is None or diagnostic.code in codes:
                continue
        kept.append(diagnostic)
    return sorted(kept, key=_order)


def _order(d: Diagnostic) -> tuple:
    return (d.cell or 0, d.row, d.col, d.code)


# ----- notebooks --------------------------------------------------------------------------------
def lint_notebook(data: str) -> list[Diagnostic]:
    """Lint a notebook's code cells as one module (imports carry across cells); a cell that does not parse is TFC901.

    Raises NotebookError (a ValueError) for a malformed notebook."""
    from .notebook import join, locate, read_cells

    joined = join(read_cells(data))
    rows = joined.cell_rows(joined.text)
    following = {number: after for (_, number), (after, _) in zip(rows, rows[1:])}  # first row of the next cell
    mapped = []
    for diagnostic in lint_python(joined.text):
        number, row = locate(rows, diagnostic.row)
        shift = diagnostic.row - row
        after = following.get(number)
        fix = diagnostic.fix
        if fix is not None and all(e.row > shift and (after is None or e.end_row < after) for e in fix.edits):
            fix = replace(fix, edits=tuple(replace(e, row=e.row - shift, end_row=e.end_row - shift) for e in fix.edits))
        elif fix is not None:  # edits in another cell (an added import): the codemod applies those
            fix = replace(fix, edits=())
        mapped.append(replace(diagnostic, row=row, end_row=diagnostic.end_row - shift, cell=number or None, fix=fix))
    for bad in joined.bad:  # reported whether or not the notebook names TensorFlow, as for a .py file
        found = (syntax_error(bad.error, bad.cell.source) if bad.error is not None else
                 Diagnostic("TFC901", f"cannot parse: {bad.message}", bad.row, bad.col, bad.row, bad.col + 1))
        mapped.append(replace(found, cell=bad.cell.number))
    return sorted(mapped, key=_order)
