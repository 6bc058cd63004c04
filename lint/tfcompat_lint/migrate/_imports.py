"""Remove TensorFlow imports that the migration left unused (they were used before it)."""
from __future__ import annotations

import ast
from collections import Counter

from ..diagnostics import Edit
from ..source import Positions
from ._apply import apply_edits


def _tf_aliases(tree: ast.Module) -> list[tuple[ast.stmt, ast.alias, str]]:
    """(statement, alias, local name) of each top-level TensorFlow import."""
    found = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.name.split(".")[0] == "tensorflow":
                    found.append((stmt, alias, alias.asname or alias.name.split(".")[0]))
        elif isinstance(stmt, ast.ImportFrom) and (stmt.module or "").split(".")[0] == "tensorflow" and not stmt.level:
            found.extend((stmt, alias, alias.asname or alias.name) for alias in stmt.names if alias.name != "*")
    return found


def _loads(tree: ast.Module) -> Counter[str]:
    return Counter(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))


def remove_unused_tf_imports(before: str, after: str) -> str:
    """`after` without the TF imports whose names it no longer uses but `before` did."""
    old_tree, new_tree = ast.parse(before), ast.parse(after)
    used_before, used_after = _loads(old_tree), _loads(new_tree)
    dead = {local for _, _, local in _tf_aliases(new_tree) if used_before[local] and not used_after[local]}
    if not dead:
        return after
    positions = Positions(after)
    edits = []
    by_statement: dict[int, list[tuple[ast.stmt, ast.alias, str]]] = {}
    for item in _tf_aliases(new_tree):
        by_statement.setdefault(id(item[0]), []).append(item)
    for items in by_statement.values():
        stmt = items[0][0]
        keep = [alias for _, alias, local in items if local not in dead]
        if len(keep) == len(items):
            continue
        row, col = positions.start(stmt)
        end_row, end_col = positions.end(stmt)
        if keep:
            names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in keep)
            text = f"import {names}" if isinstance(stmt, ast.Import) else f"from {stmt.module} import {names}"
            edits.append(Edit(row, col, end_row, end_col, text))
        elif col == 0 and positions.lines[end_row - 1][end_col:].strip() == "":
            edits.append(Edit(row, 0, end_row + 1, 0, ""))  # the whole line
        else:
            edits.append(Edit(row, col, end_row, end_col, "pass"))
    return apply_edits(after, edits)
