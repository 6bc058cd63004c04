"""Render diagnostics: full, concise, json, json-lines, sarif, github, gitlab, junit, pylint; statistics."""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic
from .runner import FileResult


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


def utf8_text(text: str) -> str:
    """`text` with each byte of a file name that is not UTF-8 (held as a surrogate escape, `os.fsdecode`)
    replaced by U+FFFD: the one rule that keeps every machine-readable document valid UTF-8."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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


FRAME_WIDTH = 140  # longest source text a code frame shows, as ruff's renderer; longer lines are cut to it
CUT = "\u2026"  # marks a side of the line that a frame leaves out


def frame_window(text: str, col: int, end: int, width: int = FRAME_WIDTH) -> tuple[str, int, int]:
    """(shown text, caret column, caret width) for the span [col, end) of `text`: the whole line when it fits
    in `width`, else `width` characters around the span with `CUT` on each side cut. O(width), not O(line)."""
    if len(text) <= width:
        return text, col, max(end - col, 1)
    col = min(col, len(text))
    span = min(max(end - col, 1), width)
    start = max(0, min(col - (width - span) // 2, len(text) - width)) if col + span > width else 0
    stop = start + width
    left = CUT if start else ""
    right = CUT if stop < len(text) else ""
    return f"{left}{text[start:stop]}{right}", len(left) + col - start, max(min(end, stop) - col, 1)


def render_full(results: list[FileResult], style: Style, sources: dict[Path, list[str]]) -> str:
    blocks = []
    shown: dict[tuple[Path, int], str] = {}  # each line prepared once, however many findings it holds
    for path, d in _pairs(results):
        fixable = " [*]" if d.fix else ""
        head = f"{style(_where(path, d), '1')}: {style(d.code, '1;31')}{fixable} {d.message}"
        lines = sources.get(path) or []
        frame = []
        if d.cell is None and 0 < d.row <= len(lines):
            number = str(d.row)
            pad = " " * len(number)
            text = shown.get((path, d.row))
            if text is None:
                text = shown[path, d.row] = lines[d.row - 1].rstrip("\r\n").expandtabs(1)
            end = d.end_col if d.end_row == d.row else len(text)
            text, col, width = frame_window(text, d.col, end)
            frame = [f"{pad} {style('|', '34')}",
                     f"{style(number, '34')} {style('|', '34')} {text}",
                     f"{pad} {style('|', '34')} {' ' * col}{style('^' * width + ' ' + d.code, '1;31')}",
                     f"{pad} {style('|', '34')}"]
            if d.fix:
                frame.append(f"{pad} {style('=', '34')} {style('help', '1;36')}: {d.fix.message}")
        blocks.append("\n".join([head, *frame]))
    return "\n\n".join(blocks)


def summary(results: list[FileResult], style: Style) -> str:
    """The closing line(s); empty when nothing was checked or a file failed without findings."""
    diagnostics = [d for _, d in _pairs(results)]
    if not diagnostics:
        checked = [r for r in results if r.error is None]
        return "All checks passed!" if checked and len(checked) == len(results) else ""
    fixable = sum(1 for d in diagnostics if d.fix)
    text = f"Found {len(diagnostics)} error{'s' if len(diagnostics) != 1 else ''}."
    if fixable:
        text += f"\n[*] {fixable} fixable with `tfcompat-migrate --write`."
    return text


def _location(row: int, col: int) -> dict:
    return {"row": row, "column": col + 1}


def _json_items(results: list[FileResult]) -> Iterable[dict]:
    """ruff's JSON shape. `url` is null: the rule docs ship as `tfcompat-lint --explain CODE`, not a web page."""
    filenames = {r.path: utf8_text(str(r.path.resolve())) for r in results if r.diagnostics}
    for path, d in _pairs(results):
        fix = None
        if d.fix:
            fix = {"applicability": d.fix.safety.value, "message": d.fix.message,
                   "edits": [{"content": e.content, "location": _location(e.row, e.col),
                              "end_location": _location(e.end_row, e.end_col)} for e in d.fix.edits]}
        yield {"cell": d.cell, "code": d.code, "message": d.message, "filename": filenames[path],
               "location": _location(d.row, d.col), "end_location": _location(d.end_row, d.end_col),
               "fix": fix, "noqa_row": d.row, "url": None}


def render_json(results: list[FileResult]) -> str:
    """One diagnostic per line (the C encoder, fast on large runs)."""
    items = [json.dumps(item, ensure_ascii=False) for item in _json_items(results)]
    return "[\n" + ",\n".join(items) + "\n]" if items else "[]"


def render_json_lines(results: list[FileResult]) -> str:
    return "\n".join(json.dumps(item, ensure_ascii=False) for item in _json_items(results))


def _rule_help(code: str) -> dict:
    """SARIF `help`: the rule's summary and its "Use instead" code, plus the full docs as markdown."""
    from .docs import rule_markdown, use_instead
    from .registry.rules import RULES

    rule = RULES.get(code)
    if rule is None:
        return {"text": code}
    after = use_instead(rule)
    text = rule.what + (f"\nUse instead:\n{after.rstrip()}" if after else "")
    return {"text": text, "markdown": rule_markdown(code) or text}


def _artifact(path: Path, root: Path) -> dict:
    """Relative to %SRCROOT% inside the root; an absolute URI (never with a uriBaseId, SARIF 3.4.4) outside.
    Both percent-encode the name's bytes, as `Path.as_uri` does, so any name is a valid URI in UTF-8."""
    from urllib.parse import quote_from_bytes

    try:
        relative = path.resolve().relative_to(root).as_posix()
        return {"uri": quote_from_bytes(os.fsencode(relative)), "uriBaseId": "%SRCROOT%"}
    except ValueError:
        return {"uri": path.resolve().as_uri()}


def render_sarif(results: list[FileResult], root: Path, errors: Iterable[str] = ()) -> str:
    """SARIF 2.1.0; files that could not be read, and paths that could not be walked (`errors`), are the
    invocation's notifications."""
    from .registry.rules import RULES

    used = sorted({d.code for _, d in _pairs(results)})
    rules = [{"id": code, "name": RULES[code].name if code in RULES else code,
              "shortDescription": {"text": RULES[code].what if code in RULES else code},
              "fullDescription": {"text": RULES[code].why if code in RULES else code},
              "help": _rule_help(code),
              "defaultConfiguration": {"level": "error"}} for code in used]
    index = {code: i for i, code in enumerate(used)}
    sarif_results = []
    for path, d in _pairs(results):
        region = {"startLine": d.row, "startColumn": d.col + 1, "endLine": d.end_row, "endColumn": d.end_col + 1}
        message = d.message if d.cell is None else f"(cell {d.cell}) {d.message}"
        result = {
            "ruleId": d.code, "ruleIndex": index[d.code], "level": "error", "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(path, root), "region": region}}],
        }
        if d.cell is not None:  # rows count within the notebook's code cell
            result["properties"] = {"cell": d.cell}
        sarif_results.append(result)
    failed = [r for r in results if r.error]
    notifications = [{"level": "error", "message": {"text": utf8_text(f"{r.path}: {r.error}")},
                      "locations": [{"physicalLocation": {"artifactLocation": _artifact(r.path, root)}}]}
                     for r in failed] + [{"level": "error", "message": {"text": utf8_text(error)}} for error in errors]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tfcompat-lint", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri().rstrip("/") + "/"}},
            "results": sarif_results,
        }],
    }
    return json.dumps(log, indent=2)


def _escape(text: str) -> str:
    """GitHub workflow-command message data."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub workflow-command property values: `:` and `,` end a property."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def _annotation_base() -> Path | None:
    """Where GitHub resolves annotation paths: GITHUB_WORKSPACE, else the enclosing git checkout."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace).resolve()
    cwd = Path.cwd().resolve()
    return next((d for d in (cwd, *cwd.parents) if (d / ".git").exists()), None)


def _annotation_path(path: Path, base: Path | None) -> str:
    absolute = path.resolve()
    if base is not None:
        try:
            return absolute.relative_to(base).as_posix()
        except ValueError:
            pass
    return absolute.as_posix()


def render_github(results: list[FileResult]) -> str:
    base = _annotation_base()
    lines = []
    for path, d in _pairs(results):
        cell = f"cell {d.cell}: " if d.cell is not None else ""
        props = ",".join(f"{key}={_escape_property(str(value))}" for key, value in (
            ("title", f"tfcompat ({d.code})"), ("file", utf8_text(_annotation_path(path, base))), ("line", d.row),
            ("col", d.col + 1), ("endLine", d.end_row), ("endColumn", d.end_col + 1)))
        lines.append(f"::error {props}::{_escape(f'{cell}{d.code} {d.message}')}")
    return "\n".join(lines)


def render_pylint(results: list[FileResult]) -> str:
    """`path:line: [CODE] message`, pylint's parseable format."""
    return "\n".join(f"{path}:{d.row}: [{d.code}] {'' if d.cell is None else f'(cell {d.cell}) '}{d.message}"
                     for path, d in _pairs(results))


def render_gitlab(results: list[FileResult]) -> str:
    """GitLab Code Quality JSON; fingerprints stay put when lines move and are unique within a run."""
    base = Path(os.environ.get("CI_PROJECT_DIR") or Path.cwd()).resolve()
    issues, seen = [], Counter()
    for path, d in _pairs(results):
        where = _annotation_path(path, base)
        key = f"{where}\0{d.code}\0{d.message}"
        seen[key] += 1
        # surrogateescape: a file name that is not UTF-8 reaches here with its bytes as surrogates
        fingerprint = hashlib.blake2b(f"{key}\0{seen[key]}".encode("utf-8", "surrogateescape"),
                                      digest_size=16).hexdigest()
        cell = "" if d.cell is None else f"(cell {d.cell}) "
        issues.append({"description": f"{d.code} {cell}{d.message}", "check_name": d.code,
                       "fingerprint": fingerprint, "severity": "major",
                       "location": {"path": utf8_text(where), "lines": {"begin": d.row, "end": d.end_row}}})
    return json.dumps(issues, indent=2, ensure_ascii=False)


def render_junit(results: list[FileResult]) -> str:
    """JUnit XML: one test suite per file, one failing test case per diagnostic or unreadable file."""
    from xml.sax.saxutils import escape, quoteattr

    suites = []
    total = failures = 0
    for result in results:
        cases = []
        name = quoteattr(utf8_text(str(result.path)))
        for d in result.diagnostics:
            where = f"{'' if d.cell is None else f'cell {d.cell}, '}line {d.row}, col {d.col + 1}"
            cases.append(f'    <testcase name={quoteattr(f"tfcompat.{d.code}")} classname={name} '
                         f'line="{d.row}" column="{d.col + 1}">\n'
                         f'      <failure message={quoteattr(d.message)}>{escape(f"{where}, {d.message}")}</failure>\n'
                         "    </testcase>")
        if result.error:
            cases.append(f'    <testcase name="tfcompat.read" classname={name}>\n'
                         f"      <error message={quoteattr(result.error)}/>\n    </testcase>")
        if not cases:
            continue
        total += len(cases)
        failures += len(result.diagnostics)
        errors = 1 if result.error else 0
        suites.append(f'  <testsuite name={name} tests="{len(cases)}" '
                      f'failures="{len(result.diagnostics)}" errors="{errors}">\n' + "\n".join(cases)
                      + "\n  </testsuite>")
    if not suites:
        total = 1
        suites.append('  <testsuite name="tfcompat-lint" tests="1" failures="0" errors="0">\n'
                      '    <testcase name="No errors found"/>\n  </testsuite>')
    errors = sum(1 for r in results if r.error)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="tfcompat-lint" tests="{total}" failures="{failures}" errors="{errors}">\n'
            + "\n".join(suites) + "\n</testsuites>")


RENDERERS = {"json": render_json, "json-lines": render_json_lines, "github": render_github,
             "gitlab": render_gitlab, "junit": render_junit, "pylint": render_pylint}


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
