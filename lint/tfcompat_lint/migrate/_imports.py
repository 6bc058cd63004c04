"""Remove TensorFlow imports that the migration left unused (they were used before it)."""
from __future__ import annotations

import ast

from ..diagnostics import Edit
from ..source import Positions
from ._edits import apply_edits


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


def _unused(tree: ast.Module, names: set[str]) -> set[str]:
    """The `names` no `ast.Name` in `tree` spells; depth first, stopping once all are seen (usually at once)."""
    missing = set(names)
    stack: list[ast.AST] = [tree]
    while stack and missing:
        node = stack.pop()
        if node.__class__ is ast.Name:
            missing.discard(node.id)  # type: ignore[attr-defined]
        stack.extend(ast.iter_child_nodes(node))
    return missing


def remove_unused_tf_imports(before: str, after: str) -> str:
    """`after` without the TF imports whose names it no longer uses but `before` did."""
    new_tree = ast.parse(after)
    aliases = _tf_aliases(new_tree)
    unused = _unused(new_tree, {local for _, _, local in aliases})
    del new_tree  # one tree alive at a time (a 5 MB file's takes ~800 MB); `before` is parsed only if needed
    dead = unused - _unused(ast.parse(before), unused) if unused else set()
    if not dead:
        return after
    positions = Positions(after)
    edits = []
    by_statement: dict[int, list[tuple[ast.stmt, ast.alias, str]]] = {}
    for item in aliases:
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
