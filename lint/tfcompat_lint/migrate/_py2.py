"""Convert Python 2 sources to Python 3 with fissix (a maintained lib2to3 fork) before migrating."""
from __future__ import annotations

import ast

from ..source import split_lines


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
    converted = str(tree)
    try:
        compile(converted, name, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except TabError:  # Python 2 read a tab as up to 8 columns; Python 3 refuses a mix of tabs and spaces
        return _expand_indent_tabs(converted)
    except (SyntaxError, ValueError):
        pass  # the caller reports what does not parse
    return converted


def _expand_indent_tabs(text: str) -> str:
    """`text` with tabs in each line's leading whitespace expanded as Python 2 did (to the next multiple of 8),
    except on lines that continue a multi-line string, whose whitespace is the string's content."""
    from fissix.pgen2 import token, tokenize

    in_string: set[int] = set()
    lines = split_lines(text)
    readline = iter(lines).__next__
    for kind, _, (start, _), (end, _), _ in tokenize.generate_tokens(readline):
        if kind == token.STRING and end > start:
            in_string.update(range(start + 1, end + 1))
    for index, line in enumerate(lines):
        body = line.lstrip(" \t")
        if index + 1 not in in_string and "\t" in line[:len(line) - len(body)]:
            lines[index] = line[:len(line) - len(body)].expandtabs(8) + body
    return "".join(lines)


def integer_divisions(text: str) -> list[int]:
    """Lines with `/` whose operands may both be ints: floor division in Python 2, true division now."""
    rows = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            operands = (node.left, node.right)
            if not any(isinstance(o, ast.Constant) and isinstance(o.value, float) for o in operands):
                rows.append(node.lineno)
    return sorted(set(rows))
