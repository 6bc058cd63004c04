"""Render diagnostics: full, concise, json, sarif, github; statistics."""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic
from .runner import FileResult

FORMATS = ("full", "concise", "json", "sarif", "github")
DOCS_URL = "https://github.com/tfcompat/tfcompat/blob/main/docs/rules.md#"


class Style:
    """ANSI styling, off when not a terminal or when NO_COLOR is set."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text


def color_enabled(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _where(path: Path, d: Diagnostic) -> str:
    cell = f"cell {d.cell}:" if d.cell is not None else ""
    return f"{path}:{cell}{d.row}:{d.col + 1}"


def _pairs(results: Iterable[FileResult]) -> Iterable[tuple[Path, Diagnostic]]:
    for result in results:
        for diagnostic in result.diagnostics:
            yield result.path, diagnostic


def render_concise(results: list[FileResult], style: Style) -> str:
    lines = []
    for path, d in _pairs(results):
        fixable = " [*]" if d.fix else ""
        lines.append(f"{style(_where(path, d), '1')}: {style(d.code, '1;31')}{fixable} {d.message}")
    return "\n".join(lines)


def render_full(results: list[FileResult], style: Style, sources: dict[Path, list[str]]) -> str:
    blocks = []
    for path, d in _pairs(results):
        fixable = " [*]" if d.fix else ""
        head = f"{style(_where(path, d), '1')}: {style(d.code, '1;31')}{fixable} {d.message}"
        lines = sources.get(path) or []
        frame = []
        if d.cell is None and 0 < d.row <= len(lines):
            number = str(d.row)
            pad = " " * len(number)
            text = lines[d.row - 1].rstrip("\r\n").expandtabs(1)
            end = d.end_col if d.end_row == d.row else len(text)
            width = max(end - d.col, 1)
            frame = [f"{pad} {style('|', '34')}",
                     f"{style(number, '34')} {style('|', '34')} {text}",
                     f"{pad} {style('|', '34')} {' ' * d.col}{style('^' * width + ' ' + d.code, '1;31')}",
                     f"{pad} {style('|', '34')}"]
            if d.fix:
                frame.append(f"{pad} {style('=', '34')} {style('help', '1;36')}: {d.fix.message}")
        blocks.append("\n".join([head, *frame]))
    return "\n\n".join(blocks)


def summary(results: list[FileResult], style: Style) -> str:
    diagnostics = [d for _, d in _pairs(results)]
    if not diagnostics:
        return "All checks passed!"
    fixable = sum(1 for d in diagnostics if d.fix)
    text = f"Found {len(diagnostics)} error{'s' if len(diagnostics) != 1 else ''}."
    if fixable:
        text += f"\n[*] {fixable} fixable with `tfcompat-migrate --write`."
    return text


def _location(row: int, col: int) -> dict:
    return {"row": row, "column": col + 1}


def render_json(results: list[FileResult]) -> str:
    """ruff's JSON shape; one diagnostic per line (the C encoder, fast on large runs)."""
    items = []
    filenames = {r.path: str(r.path.resolve()) for r in results if r.diagnostics}
    for path, d in _pairs(results):
        fix = None
        if d.fix:
            fix = {"applicability": d.fix.safety, "message": d.fix.message,
                   "edits": [{"content": e.content, "location": _location(e.row, e.col),
                              "end_location": _location(e.end_row, e.end_col)} for e in d.fix.edits]}
        items.append({"cell": d.cell, "code": d.code, "message": d.message, "filename": filenames[path],
                      "location": _location(d.row, d.col), "end_location": _location(d.end_row, d.end_col),
                      "fix": fix, "noqa_row": d.row, "url": DOCS_URL + d.code.lower()})
    if not items:
        return "[]"
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]"


def render_sarif(results: list[FileResult], root: Path) -> str:
    from .registry.rules import RULES

    used = sorted({d.code for _, d in _pairs(results)})
    rules = [{"id": code, "name": RULES[code].name if code in RULES else code,
              "shortDescription": {"text": RULES[code].what if code in RULES else code},
              "fullDescription": {"text": RULES[code].why if code in RULES else code},
              "help": {"text": RULES[code].fix if code in RULES else ""},
              "helpUri": DOCS_URL + code.lower(),
              "defaultConfiguration": {"level": "error"}} for code in used]
    index = {code: i for i, code in enumerate(used)}
    sarif_results = []
    for path, d in _pairs(results):
        try:
            uri = path.resolve().relative_to(root).as_posix()
        except ValueError:
            uri = path.resolve().as_uri()
        region = {"startLine": d.row, "startColumn": d.col + 1, "endLine": d.end_row, "endColumn": d.end_col + 1}
        message = d.message if d.cell is None else f"(cell {d.cell}) {d.message}"
        sarif_results.append({
            "ruleId": d.code, "ruleIndex": index[d.code], "level": "error", "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                                                "region": region}}],
        })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tfcompat-lint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://github.com/tfcompat/tfcompat", "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
            "results": sarif_results,
        }],
    }
    return json.dumps(log, indent=2)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(results: list[FileResult]) -> str:
    lines = []
    for path, d in _pairs(results):
        cell = f"cell {d.cell}: " if d.cell is not None else ""
        props = (f"title=tfcompat ({d.code}),file={path},line={d.row},col={d.col + 1},"
                 f"endLine={d.end_row},endColumn={d.end_col + 1}")
        lines.append(f"::error {props}::{_escape(f'{cell}{d.code} {d.message}')}")
    return "\n".join(lines)


def render_statistics(results: list[FileResult], as_json: bool) -> str:
    from .registry.rules import RULES

    counts = Counter(d.code for _, d in _pairs(results))
    fixable = Counter(d.code for _, d in _pairs(results) if d.fix)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        return json.dumps([{"code": code, "name": RULES[code].name if code in RULES else code, "count": count,
                            "fixable": fixable[code] > 0} for code, count in rows], indent=2)
    width = max((len(str(c)) for _, c in rows), default=1)
    return "\n".join(f"{count:>{width}}\t{code}\t{'[*]' if fixable[code] else '[ ]'} "
                     f"{RULES[code].name if code in RULES else ''}" for code, count in rows)
