"""`--shim`: point a program's TensorFlow imports at `tfcompat.v1`, changing nothing else.

`tfcompat.v1` answers TensorFlow's public module paths and the internal ones that
tfcompat/spec/modules.py says it serves (`tfcompat.v1.python.ops.rnn_cell`,
`tfcompat.v1.contrib.slim`, ...), so the rewrite is the package name alone.  An
import of an internal module it does not serve is left as it is and reported.
"""
from __future__ import annotations

import ast

from tfcompat.spec.modules import V1, bare_packages, serves

from ..diagnostics import Diagnostic, Edit
from ..source import Positions
from ._apply import Migration
from ._edits import apply_edits

_ROOTS = ("tensorflow.compat.v1", "tensorflow")


def _relative(module: str) -> str | None:
    """`tensorflow.python.ops` -> `python.ops` ("" for the package), or None for another package."""
    for root in _ROOTS:
        if module == root:
            return ""
        if module.startswith(root + "."):
            return module[len(root) + 1:]
    return None


def _join(*parts: str) -> str:
    return ".".join(part for part in parts if part)


def _unserved(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The TensorFlow modules this import names that tfcompat.v1 does not serve."""
    if isinstance(node, ast.ImportFrom):
        path = _relative(node.module or "") if not node.level else None
        if path is None:
            return []
        if not serves(path):
            return [path]
        # A bare package holds only the served modules below it: each imported name must be one.
        return [_join(path, a.name) for a in node.names if path in bare_packages() and not serves(_join(path, a.name))]
    paths = (_relative(alias.name) for alias in node.names)
    return [path for path in paths if path is not None and not serves(path)]


def _statement(node: ast.Import | ast.ImportFrom) -> str | None:
    """The statement that imports the same names from tfcompat.v1, or None to leave it."""
    if isinstance(node, ast.ImportFrom):
        path = None if node.level or not node.module else _relative(node.module)
        if path is None:
            return None
        names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in node.names)
        return f"from {_join(V1, path)} import {names}"
    parts = []
    for alias in node.names:
        path = _relative(alias.name)
        if path is None:
            parts.append(alias.name + (f" as {alias.asname}" if alias.asname else ""))
        elif alias.asname:
            parts.append(f"{_join(V1, path)} as {alias.asname}")
        else:  # `import tensorflow.contrib.slim` binds `tensorflow`
            parts.append(f"{V1} as {alias.name.split('.')[0]}")
    return "import " + ", ".join(parts) if any(_relative(a.name) is not None for a in node.names) else None


def _left(node: ast.stmt, positions: Positions, unserved: list[str]) -> Diagnostic:
    names = ", ".join(f"`tensorflow.{path}`" for path in unserved)
    message = (f"tfcompat.v1 does not stand in for {names}: import left as it is (TensorFlow's own module, "
               "if this TensorFlow still has it)")
    return Diagnostic("TFC106", message, *positions.start(node), *positions.end(node))


def shim_imports(text: str) -> Migration:
    """`text` with every TensorFlow import that tfcompat.v1 serves pointed at it (ValueError if it would not parse);
    the imports left as they are come back as `manual` diagnostics."""
    positions = Positions(text)
    edits, left = [], []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            unserved = _unserved(node)
            new = None if unserved else _statement(node)
            if unserved:
                left.append(_left(node, positions, unserved))
            elif new is not None:
                edits.append(Edit(*positions.start(node), *positions.end(node), new))
    if not edits:
        return Migration(text, manual=left)
    new_text = apply_edits(text, edits)
    try:
        ast.parse(new_text)
    except SyntaxError as exc:
        raise ValueError(f"the shimmed code would not parse (line {exc.lineno}: {exc.msg}); file left unchanged") from None
    return Migration(new_text, manual=left)
