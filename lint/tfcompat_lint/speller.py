"""Spell a qualified replacement name with the module's own imports, adding one if needed."""
from __future__ import annotations

import ast

from .diagnostics import Edit
from .import_table import ImportTable


def import_anchor(tree: ast.Module) -> int:
    """The row before which new top-level statements go: after the leading imports."""
    row = 0
    body = tree.body
    for index, stmt in enumerate(body):
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            row = stmt.end_lineno or stmt.lineno
        elif index == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            row = stmt.end_lineno or stmt.lineno
        elif row:
            break
        elif not isinstance(stmt, ast.Expr):
            break
    return row + 1


class Speller:
    """Turns `tf.stack` / `tfcompat.rnn_cell.X` into code text for one module."""

    def __init__(self, table: ImportTable, tree: ast.Module, lines: list[str] | None = None) -> None:
        self.table = table
        self.tree = tree
        self.lines = lines or []
        self.anchor = import_anchor(tree)
        self._tf = table.alias_for("tf")
        self._tf_v1 = table.alias_for("tf.compat.v1")

    def insert_line(self, content: str) -> Edit:
        return Edit(self.anchor, 0, self.anchor, 0, content + "\n")

    def module_level_call(self, new: str) -> tuple[str, tuple[Edit, ...]]:
        """(spelling, edits) that call `new()` at module level, where the name it is spelled with is bound.

        After the top-level statement holding the earliest module-level import of `tensorflow` (or of
        `tensorflow.compat.v1`), even when other code comes before it. When that statement is compound
        (`if __name__ == '__main__':`) and uses the name after the import, the call goes right after the
        import, in its block. Inside a function such an import binds nothing at module level, so then the
        call imports `tensorflow` itself."""
        rest = new[3:]
        best: tuple[int, str, str] | None = None
        for binding in self.table.imports:
            if binding.target == "tf":
                text = f"{binding.local}.{rest}"
            elif binding.target == "tf.compat.v1" and new.startswith("tf.compat.v1."):
                text = binding.local + new[len(binding.target):]
            else:
                continue
            statement = self._top_level(binding.node)
            if statement is None:
                continue
            place = self._in_block(statement, binding.node, binding.local)
            if place is False:
                continue
            if place is None:
                place = max(self.anchor, (statement.end_lineno or statement.lineno) + 1), ""
            if best is None or place[0] < best[0]:
                best = place[0], place[1], text
        if best is None:
            text = f"tensorflow.{rest}"
            return text, (self.insert_line("import tensorflow"), self.insert_line(f"{text}()"))
        row, indent, text = best
        return text, (Edit(row, 0, row, 0, f"{indent}{text}()\n"),)

    def _in_block(self, statement: ast.stmt, node: ast.AST, local: str) -> tuple[int, str] | bool | None:
        """(row, indentation) right after the import `node` nested in `statement`, when `statement` uses
        `local` after it; None when the call can go after the whole statement; False when it cannot go
        after the import either, which shares its lines with other code (`if x: import tensorflow as tf`)."""
        if node is statement or not isinstance(node, ast.stmt):
            return None
        end = node.end_lineno or node.lineno
        after = (end, node.end_col_offset or 0)
        if not any(isinstance(n, ast.Name) and n.id == local and isinstance(n.ctx, ast.Load)
                   and (n.lineno, n.col_offset) >= after
                   for n in ast.walk(statement)):
            return None
        line = self.lines[node.lineno - 1] if node.lineno <= len(self.lines) else ""
        indent = line[:len(line) - len(line.lstrip(" \t\f"))]
        if len(indent) != node.col_offset or any(
                isinstance(n, ast.stmt) and n is not node and n.lineno == end and n.col_offset > node.col_offset
                for n in ast.walk(statement)):
            return False
        return end + 1, indent

    def _top_level(self, node: ast.AST) -> ast.stmt | None:
        """The module-level statement that holds `node`, unless it is a function or class body."""
        for statement in self.tree.body:
            if statement.lineno <= node.lineno <= (statement.end_lineno or statement.lineno):  # type: ignore[attr-defined]
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    return None
                return statement
        return None

    def spell(self, new: str) -> tuple[str, tuple[Edit, ...]]:
        """Code text for `new`, and the import edits it needs."""
        if new.startswith("tfcompat.") or new == "tfcompat":
            if "tfcompat" in self.table.tfcompat_aliases:
                return new, ()
            return new, (self.insert_line("import tfcompat"),)
        rest = new[3:] if new.startswith("tf.") else ""
        if self._tf is not None:
            return f"{self._tf}.{rest}" if rest else self._tf, ()
        if self._tf_v1 is not None and rest.startswith("compat.v1."):
            return f"{self._tf_v1}.{rest[len('compat.v1.'):]}", ()
        return (f"tensorflow.{rest}" if rest else "tensorflow"), (self.insert_line("import tensorflow"),)
