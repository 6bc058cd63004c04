"""Spell a qualified replacement name with the module's own imports, adding one if needed."""
from __future__ import annotations

import ast

from .diagnostics import Edit
from .resolve import ImportTable


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

    def __init__(self, table: ImportTable, tree: ast.Module) -> None:
        self.table = table
        self.tree = tree
        self.anchor = import_anchor(tree)
        self._tf = table.alias_for("tf")
        self._tf_v1 = table.alias_for("tf.compat.v1")

    def insert_line(self, content: str) -> Edit:
        return Edit(self.anchor, 0, self.anchor, 0, content + "\n")

    def module_level_call(self, new: str) -> tuple[str, tuple[Edit, ...]]:
        """(spelling, edits) that call `new()` at module level, where the name it is spelled with is bound.

        After the top-level statement holding the earliest module-level import of `tensorflow` (or of
        `tensorflow.compat.v1`), even when other code comes before it; inside a function such an
        import binds nothing at module level, so then the call imports `tensorflow` itself."""
        rest = new[3:]
        best: tuple[int, str] | None = None
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
            row = max(self.anchor, (statement.end_lineno or statement.lineno) + 1)
            if best is None or row < best[0]:
                best = row, text
        if best is None:
            text = f"tensorflow.{rest}"
            return text, (self.insert_line("import tensorflow"), self.insert_line(f"{text}()"))
        row, text = best
        return text, (Edit(row, 0, row, 0, f"{text}()\n"),)

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
