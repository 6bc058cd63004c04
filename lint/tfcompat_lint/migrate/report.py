"""`--report FILE`: every change and every manual item, as JSON or Markdown."""
from __future__ import annotations

import json
from pathlib import Path

from ._file import FileOutcome


def _item(outcome: FileOutcome, d) -> dict:
    return {"file": str(outcome.path), "line": d.row, "column": d.col + 1, "cell": d.cell, "code": d.code,
            "message": d.message, "fix": d.fix.message if d.fix else None}


def report_data(outcomes: list[FileOutcome]) -> dict:
    return {
        "files": len(outcomes),
        "changed": [str(o.path) for o in outcomes if o.changed],
        "errors": [{"file": str(o.path), "reason": o.error} for o in outcomes if o.error],
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
