"""`--report FILE`: every change and every manual item, as JSON or Markdown."""
from __future__ import annotations

import json
import os
from pathlib import Path

from ._file import FileOutcome


def _item(outcome: FileOutcome, d) -> dict:
    return {"file": str(outcome.path), "line": d.row, "column": d.col + 1, "cell": d.cell, "code": d.code,
            "message": d.message, "fix": d.fix.message if d.fix else None}


def report_path_error(path: Path) -> str | None:
    """Why `--report PATH` could not be written, checked before the run writes anything; None if it can."""
    if path.suffix not in (".json", ".md"):
        return f"--report {path}: use a .json or .md file name"
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return f"--report {path}: is a directory; name a .json or .md file"
    if not parent.is_dir():
        return f"--report {path}: directory {parent} does not exist; create it or name another file"
    writable = os.access(path, os.W_OK) if path.exists() else os.access(parent, os.W_OK | os.X_OK)
    if not writable:
        return f"--report {path}: permission denied; name a file in a writable directory"
    return None


def report_data(outcomes: list[FileOutcome]) -> dict:
    return {
        "files": len(outcomes),
        "changed": [str(o.path) for o in outcomes if o.changed],
        "errors": [{"file": str(o.path), "reason": o.error} for o in outcomes if o.error]
        + [{"file": str(o.path), "reason": problem} for o in outcomes for problem in o.problems],
        "changes": [_item(o, d) for o in outcomes for d in o.applied],
        "manual": [_item(o, d) for o in outcomes for d in o.manual]
        + [{"file": str(o.path), "line": row, "code": "py2", "message": reason} for o in outcomes for row, reason in o.review],
    }


def write_report(path: Path, outcomes: list[FileOutcome]) -> None:
    data = report_data(outcomes)
    if path.suffix == ".json":
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return
    lines = ["# tfcompat-migrate report", "",
             f"{len(data['changed'])} of {data['files']} file(s) changed; {len(data['changes'])} change(s); "
             f"{len(data['manual'])} manual item(s); {len(data['errors'])} error(s).", ""]
    for title, key in (("Changes", "changes"), ("Manual review", "manual")):
        lines += [f"## {title}", "", "| Location | Code | Reason |", "|---|---|---|"]
        for item in data[key]:
            where = f"{item['file']}:{item['line']}"
            lines.append(f"| `{where}` | {item['code']} | {item['message'].replace('|', '/')} |")
        lines.append("")
    if data["errors"]:
        lines += ["## Not processed", ""] + [f"- `{e['file']}`: {e['reason']}" for e in data["errors"]] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")
