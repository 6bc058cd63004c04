"""Source text helpers: decoding, and converting `ast` byte offsets to character columns."""
from __future__ import annotations

import ast
import io
import tokenize


class UndecodableSource(Exception):
    """The bytes are not valid text in the file's declared (or default UTF-8) encoding."""


def decode(data: bytes) -> str:
    """Decode Python source honouring a BOM and a PEP 263 coding cookie; newlines kept as-is."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise UndecodableSource(str(exc)) from None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        position = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise UndecodableSource(
            f"not valid {encoding}{position}; re-save it as UTF-8 or declare its encoding "
            "(`# -*- coding: latin-1 -*-`)"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


class Positions:
    """Line table of one source: maps `ast` (line, byte column) to (line, character column)."""

    __slots__ = ("lines",)

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)

    def col(self, row: int, byte_col: int) -> int:
        if row - 1 >= len(self.lines):
            return byte_col
        line = self.lines[row - 1]
        if line.isascii():
            return byte_col
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))

    def start(self, node: ast.AST) -> tuple[int, int]:
        return node.lineno, self.col(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> tuple[int, int]:
        return node.end_lineno, self.col(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def text(self, row: int, col: int, end_row: int, end_col: int) -> str:
        if row == end_row:
            return self.lines[row - 1][col:end_col]
        parts = [self.lines[row - 1][col:]]
        parts.extend(self.lines[row:end_row - 1])
        parts.append(self.lines[end_row - 1][:end_col])
        return "".join(parts)

    def segment(self, node: ast.AST) -> str:
        return self.text(*self.start(node), *self.end(node))
