"""`--shim`: point a program's TensorFlow imports at `tfcompat.v1`, changing nothing else.

`tfcompat.v1` answers every module path under it (`tfcompat.v1.python.ops.rnn_cell`,
`tfcompat.v1.contrib.slim`, `tfcompat.v1.examples.tutorials.mnist`, ...), so the rewrite is
the package name alone.
"""
from __future__ import annotations

import ast

from ..diagnostics import Edit
from ..source import Positions
from ._apply import apply_edits

SHIM = "tfcompat.v1"


def _map_module(module: str) -> str | None:
    for old in ("tensorflow.compat.v1", "tensorflow"):
        if module == old or module.startswith(old + "."):
            return SHIM + module[len(old):]
    return None


def _statement(node: ast.Import | ast.ImportFrom) -> str | None:
    """The statement that imports the same names from tfcompat.v1, or None to leave it."""
    if isinstance(node, ast.ImportFrom):
        new = None if node.level or not node.module else _map_module(node.module)
        if new is None:
            return None
        names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in node.names)
        return f"from {new} import {names}"
    parts = []
    for alias in node.names:
        new = _map_module(alias.name)
        if new is None:
            parts.append(alias.name + (f" as {alias.asname}" if alias.asname else ""))
        elif alias.asname:
            parts.append(f"{new} as {alias.asname}")
        else:  # `import tensorflow.contrib.slim` binds `tensorflow`
            parts.append(f"{SHIM} as {alias.name.split('.')[0]}")
    return "import " + ", ".join(parts) if any(_map_module(a.name) for a in node.names) else None


def shim_imports(text: str) -> str:
    """`text` with every TensorFlow import replaced by its tfcompat.v1 stand-in (ValueError if it would not parse)."""
    positions = Positions(text)
    edits = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            new = _statement(node)
            if new is not None:
                edits.append(Edit(*positions.start(node), *positions.end(node), new))
    if not edits:
        return text
    new_text = apply_edits(text, edits)
    try:
        ast.parse(new_text)
    except SyntaxError as exc:
        raise ValueError(f"the shimmed code would not parse (line {exc.lineno}: {exc.msg}); file left unchanged") from None
    return new_text
