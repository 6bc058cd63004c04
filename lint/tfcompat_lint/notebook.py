"""Notebooks for lint and migrate: read the code cells with their places in the JSON text, and join them.

The JSON is scanned with positions, so a migration replaces only the changed cells' `source` values and
every other byte of the file (number spellings, escapes, key order, indent, line endings) stays as written.
nbformat 4 (`cells[].source`) and nbformat 3 (`worksheets[].cells[].input`) are both read.
"""
from __future__ import annotations

import ast
import json
import math
import re
import secrets
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from json.decoder import scanstring
from json.scanner import NUMBER_RE

from .source import split_lines


class NotebookError(ValueError):
    """The file is not a notebook this tool can read (one line: where and what)."""


# ----- JSON with positions ----------------------------------------------------------------------
_SPACE = re.compile(r"[ \t\n\r]*")
_LITERALS = {"true": True, "false": False, "null": None, "NaN": float("nan"), "Infinity": float("inf"),
             "-Infinity": float("-inf")}  # the last three as Python's json module reads them


class _Object(dict):
    """A JSON object that remembers where each value is in the text."""

    spans: dict[str, tuple[int, int]]


class _Array(list):
    """A JSON array that remembers where each element is in the text."""

    spans: list[tuple[int, int]]


def _value(text: str, pos: int) -> tuple[object, int]:
    char = text[pos:pos + 1]
    if char == '"':
        return scanstring(text, pos + 1)
    if char == "{":
        return _object(text, pos)
    if char == "[":
        return _array(text, pos)
    number = NUMBER_RE.match(text, pos)
    if number and number.group():
        return float(number.group()) if number.group(2) or number.group(3) else int(number.group()), number.end()
    for word, value in _LITERALS.items():
        if text.startswith(word, pos):
            return value, pos + len(word)
    raise json.JSONDecodeError("Expecting value", text, pos)


def _object(text: str, pos: int) -> tuple[_Object, int]:
    result = _Object()
    result.spans = {}
    pos = _SPACE.match(text, pos + 1).end()
    if text[pos:pos + 1] == "}":
        return result, pos + 1
    while True:
        if text[pos:pos + 1] != '"':
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, pos)
        key, pos = scanstring(text, pos + 1)
        pos = _SPACE.match(text, pos).end()
        if text[pos:pos + 1] != ":":
            raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
        start = _SPACE.match(text, pos + 1).end()
        result[key], end = _value(text, start)
        result.spans[key] = (start, end)
        pos = _SPACE.match(text, end).end()
        if text[pos:pos + 1] == "}":
            return result, pos + 1
        if text[pos:pos + 1] != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
        pos = _SPACE.match(text, pos + 1).end()


def _array(text: str, pos: int) -> tuple[_Array, int]:
    result = _Array()
    result.spans = []
    pos = _SPACE.match(text, pos + 1).end()
    if text[pos:pos + 1] == "]":
        return result, pos + 1
    while True:
        item, end = _value(text, pos)
        result.append(item)
        result.spans.append((pos, end))
        pos = _SPACE.match(text, end).end()
        if text[pos:pos + 1] == "]":
            return result, pos + 1
        if text[pos:pos + 1] != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
        pos = _SPACE.match(text, pos + 1).end()


def parse_json(text: str) -> object:
    """The JSON value of `text`; objects and arrays carry the spans of their members (NotebookError if invalid)."""
    try:
        start = _SPACE.match(text).end()
        value, end = _value(text, start)
        end = _SPACE.match(text, end).end()
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise NotebookError("not valid JSON: nested too deeply") from None
    return value


# ----- code cells -------------------------------------------------------------------------------
@dataclass
class Cell:
    """One code cell: its number among code cells (1-based), source text and where that is in the JSON."""

    number: int
    source: str
    span: tuple[int, int]  # of the `source` (nbformat 3: `input`) value in the JSON text
    items: list[tuple[str, str]] | None  # (value, JSON text) of each list element; None for a plain string


def _cell_lists(notebook: object) -> list[tuple[str, list]]:
    """(JSON path, list) of the notebook's cell lists."""
    if not isinstance(notebook, dict):
        raise NotebookError("the top level is not a JSON object")
    if "cells" in notebook:
        if not isinstance(notebook["cells"], list):
            raise NotebookError("`cells` is not a list")
        return [("cells", notebook["cells"])]
    worksheets = notebook.get("worksheets")
    if not isinstance(worksheets, list):
        raise NotebookError("no `cells` list (nbformat 4) or `worksheets` list (nbformat 3)")
    lists = []
    for index, sheet in enumerate(worksheets):
        if not isinstance(sheet, dict) or not isinstance(sheet.get("cells", []), list):
            raise NotebookError(f"`worksheets[{index}]` is not an object with a `cells` list")
        lists.append((f"worksheets[{index}].cells", sheet.get("cells", [])))
    return lists


def read_cells(text: str) -> list[Cell]:
    """The code cells of notebook JSON `text` (NotebookError, naming the JSON path, if it is malformed)."""
    data = parse_json(text)
    cells = []
    for path, cell_list in _cell_lists(data):
        for index, cell in enumerate(cell_list):
            where = f"{path}[{index}]"
            if not isinstance(cell, dict):
                raise NotebookError(f"`{where}` is not a JSON object")
            if cell.get("cell_type") != "code":
                continue
            key = "source" if "source" in cell else "input"
            if key not in cell:
                raise NotebookError(f"`{where}` is a code cell without `source`")
            value = cell[key]
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                items = [(item, text[start:end]) for item, (start, end) in zip(value, value.spans)]
                source = "".join(value)
            elif isinstance(value, str):
                items, source = None, value
            else:
                raise NotebookError(f"`{where}.{key}` is {json.dumps(value)[:40]}, not a string or a list of strings")
            cells.append(Cell(len(cells) + 1, source, cell.spans[key], items))  # type: ignore[attr-defined]
    return cells


# ----- cells as Python --------------------------------------------------------------------------
_LINE_MAGIC = re.compile(r"[ \t]*[%!?]")  # %time, !ls, ?obj
_HELP = re.compile(r"[ \t]*[A-Za-z_][\w.]*\?{1,2}[ \t]*\r?\n?\Z")  # obj?, tf.mul??
_CAPTURE = re.compile(r"[ \t]*[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*[ \t]*=[ \t]*[!%]")  # x = !ls, x = %who_ls


def is_cell_magic(source: str) -> bool:
    """A `%%` cell: not Python at all."""
    return source.lstrip().startswith("%%")


def _after(line: str, depth: int, quote: str | None) -> tuple[int, str | None, bool]:
    """(bracket depth, open string quote, ends in a backslash continuation) after one physical line."""
    i, size = 0, len(line)
    while i < size:
        char = line[i]
        if quote:
            if char == "\\":
                i += 2
            elif line.startswith(quote, i):
                i, quote = i + len(quote), None
            else:
                i += 1
            continue
        if char == "#":
            break
        if char in "\"'":
            quote = line[i:i + 3] if line[i:i + 3] in ('"""', "'''") else char
            i += len(quote)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == "\\" and not line[i + 1:].strip("\r\n"):
            return depth, quote, True
        i += 1
    body = line.rstrip("\r\n")
    if quote in ("'", '"') and not body.endswith("\\"):  # an unterminated one-line string ends with its line
        quote = None
    return depth, quote, False


def ipython_lines(source: str) -> list[int]:
    """Indexes of the lines that are IPython syntax (magics, shell escapes, help), only where a statement starts."""
    found = []
    depth, quote, continued = 0, None, False
    for index, line in enumerate(split_lines(source)):
        if depth == 0 and quote is None and not continued:
            if _LINE_MAGIC.match(line) or _HELP.match(line) or _CAPTURE.match(line):
                found.append(index)
                continue
        depth, quote, continued = _after(line, depth, quote)
    return found


@dataclass
class BadCell:
    """A code cell that is not Python: where (line and column in the cell) and why."""

    cell: Cell
    row: int
    col: int
    error: SyntaxError | None  # None: a null byte, or too deep for the parser
    message: str


@dataclass
class Joined:
    """The Python cells joined as one module, each after a marker line holding a random per-run token."""

    text: str
    token: str
    cells: list[Cell]
    magics: dict[str, str] = field(default_factory=dict)  # placeholder line -> the IPython line it stands for
    bad: list[BadCell] = field(default_factory=list)
    converted: dict[int, str] = field(default_factory=dict)  # cell number -> its code converted from Python 2

    @property
    def _prefix(self) -> str:
        return f"# tfcompat-cell {self.token} "

    def marker(self, number: int) -> str:
        return f"{self._prefix}{number}\n"

    def split(self, text: str) -> dict[int, str]:
        """Cell number -> its code in `text` (a migrated `self.text`), IPython lines restored."""
        pattern = re.compile(rf"^{re.escape(self._prefix)}(\d+)\r?\n", re.M)
        pieces = pattern.split(text)
        sources = {int(pieces[i]): pieces[i + 1] for i in range(1, len(pieces) - 1, 2)}
        bad = {b.cell.number for b in self.bad}
        good = [n for n in sources if n not in bad]
        if pieces[0] and good:  # an insertion at the very top belongs to the first cell that is migrated
            sources[good[0]] = pieces[0] + sources[good[0]]
        placeholder = re.compile(rf"[ \t]*pass  # {self.token} \d+")
        return {n: placeholder.sub(lambda m: self.magics[m.group().strip()], code) for n, code in sources.items()}

    def cell_rows(self, text: str) -> list[tuple[int, int]]:
        """(row of the cell's first line, cell number) of each cell in `text` (this code or its migration)."""
        prefix = self._prefix
        return [(index + 2, int(line[len(prefix):])) for index, line in enumerate(split_lines(text))
                if line.startswith(prefix)]


def locate(rows: list[tuple[int, int]], row: int) -> tuple[int, int]:
    """(cell number, row in that cell) of `row`, given the text's `cell_rows`; (0, row) above the first cell."""
    index = bisect_right(rows, (row, math.inf)) - 1
    if index < 0:
        return 0, row
    first, number = rows[index]
    return number, row - first + 1


def _parse_error(code: str) -> tuple[int, int, SyntaxError | None, str] | None:
    try:
        ast.parse(code)
    except SyntaxError as exc:
        return exc.lineno or 1, max((exc.offset or 1) - 1, 0), exc, exc.msg
    except ValueError as exc:  # null bytes
        return 1, 0, None, str(exc)
    except (MemoryError, RecursionError):
        return 1, 0, None, "too deeply nested to parse"
    return None


def _converted(code: str, problem: tuple, convert: Callable[[str], str]) -> tuple[str, tuple | None]:
    """(code, problem) after converting `code` from Python 2; as they were if it is not Python 2 either."""
    try:
        new = convert(code)
    except ValueError:
        return code, problem
    return (new, None) if _parse_error(new) is None else (code, problem)


def join(cells: list[Cell], convert: Callable[[str], str] | None = None) -> Joined:
    """The Python code cells as one module (imports carry across cells); `%%` cells and bad cells left out.

    With `convert` (Python 2 to 3), a cell that does not parse is converted, and joined if the result parses."""
    joined = Joined("", secrets.token_hex(8), cells)
    chunks = []
    for cell in cells:
        if is_cell_magic(cell.source):
            continue
        lines = split_lines(cell.source)
        for index in ipython_lines(cell.source):
            line = lines[index]
            body = line.rstrip("\r\n")
            indent = body[:len(body) - len(body.lstrip(" \t"))]
            placeholder = f"pass  # {joined.token} {len(joined.magics)}"
            joined.magics[placeholder] = body
            lines[index] = indent + placeholder + line[len(body):]
        code = "".join(lines)
        if code and not code.endswith(("\n", "\r")):
            code += "\n"
        problem = _parse_error(code)
        if problem and problem[2] is not None and convert is not None:
            code, problem = _converted(code, problem, convert)
            if not problem:
                joined.converted[cell.number] = code
        if problem:
            joined.bad.append(BadCell(cell, *problem))
            code = ""
        chunks += [joined.marker(cell.number), code]
    joined.text = "".join(chunks)
    return joined
