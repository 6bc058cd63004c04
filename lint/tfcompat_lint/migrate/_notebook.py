"""Migrate a notebook's code cells as one module; magics, outputs, metadata and layout kept."""
from __future__ import annotations

import json
import re
from collections.abc import Callable

from ._apply import Migration

BOUNDARY = "# tfcompat-cell-boundary {}\n"
BOUNDARY_RE = re.compile(r"^# tfcompat-cell-boundary (\d+)\n", re.M)
MAGIC = re.compile(r"^(\s*)([%!?].*)$")
PLACEHOLDER = "#tfcompat-magic-{}"


def _indent_of(data: str) -> int:
    match = re.search(r"\n( +)\"", data)
    return len(match.group(1)) if match else 1


def migrate_notebook(data: str, migrate: Callable[[str], Migration]) -> tuple[str, Migration]:
    """(new notebook JSON text, the migration of its joined code)."""
    notebook = json.loads(data)
    cells = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    magics: list[str] = []
    chunks = []
    for index, cell in enumerate(cells):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if source.lstrip().startswith("%%"):  # a cell magic: not Python
            source = ""
        lines = []
        for line in source.splitlines(keepends=True):
            match = MAGIC.match(line.rstrip("\n"))
            if match:
                magics.append(match.group(2))
                ending = "\n" if line.endswith("\n") else ""
                line = f"{match.group(1)}{PLACEHOLDER.format(len(magics) - 1)}{ending}"
            lines.append(line)
        body = "".join(lines)
        chunks.append(BOUNDARY.format(index) + body + ("" if not body or body.endswith("\n") else "\n"))
    joined = "".join(chunks)
    migration = migrate(joined)
    if migration.text == joined:
        return data, migration
    pieces = BOUNDARY_RE.split(migration.text)
    new_sources = {int(pieces[i]): pieces[i + 1] for i in range(1, len(pieces) - 1, 2)}
    for index, cell in enumerate(cells):
        original = cell.get("source", "")
        original_text = "".join(original) if isinstance(original, list) else original
        if original_text.lstrip().startswith("%%"):
            continue
        text = re.sub(r"#tfcompat-magic-(\d+)", lambda m: magics[int(m.group(1))], new_sources.get(index, ""))
        if not original_text.endswith("\n") and text.endswith("\n"):
            text = text[:-1]
        if text != original_text:
            cell["source"] = text.splitlines(keepends=True) if isinstance(original, list) else text
    out = json.dumps(notebook, indent=_indent_of(data), ensure_ascii=False)
    return out + ("\n" if data.endswith("\n") else ""), migration
