"""Convert Python 2 sources to Python 3 with fissix (a maintained lib2to3 fork) before migrating."""
from __future__ import annotations

import ast


class Py2Unavailable(Exception):
    """fissix is not installed."""


def convert_py2(text: str, name: str) -> str:
    """Python 3 text for Python 2 `text` (raises Py2Unavailable, or ValueError when it cannot parse)."""
    try:
        from fissix import refactor
    except ImportError:
        raise Py2Unavailable("`--py2` needs fissix: pip install 'tfcompat[py2]'") from None
    fixers = refactor.get_fixers_from_package("fissix.fixes")
    tool = refactor.RefactoringTool(fixers, {"print_function": False})
    try:
        tree = tool.refactor_string(text if text.endswith("\n") else text + "\n", name)
    except Exception as exc:  # fissix raises its own ParseError types
        raise ValueError(f"not valid Python 2 either: {exc}") from None
    return str(tree)


def integer_divisions(text: str) -> list[int]:
    """Lines with `/` whose operands may both be ints: floor division in Python 2, true division now."""
    rows = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            operands = (node.left, node.right)
            if not any(isinstance(o, ast.Constant) and isinstance(o.value, float) for o in operands):
                rows.append(node.lineno)
    return sorted(set(rows))
