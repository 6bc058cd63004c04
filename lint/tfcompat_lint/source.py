"""Source text helpers: decoding, and converting `ast` byte offsets to character columns."""
from __future__ import annotations

import ast
import codecs
import re
import tokenize

# Python's tokenizer ends lines only at \r\n, \r and \n; `str.splitlines` also splits at form feeds,
# \x0b, \x1c-\x1e, \x85 and U+2028/U+2029, which may sit in comments and strings.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_ENDING = re.compile(r"\r\n|\r|\n")
_BYTE_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_ENDING_BYTES = re.compile(rb"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """`text`'s lines, ends kept, split where Python's tokenizer splits them (never at `\\f`, U+2028, ...)."""
    return _LINE.findall(text)


def line_ending(text: str) -> str:
    """The text's line ending (that of its first line; `\\n` if it has none)."""
    match = _ENDING.search(text)
    return match.group() if match else "\n"


class UndecodableSource(Exception):
    """The bytes are not valid text in the file's declared (or default UTF-8) encoding."""


def source_encoding(data: bytes) -> str:
    """The encoding a BOM or PEP 263 cookie declares (else UTF-8); SyntaxError for a bad declaration.

    The first lines end at `\\r` too, as for Python: `detect_encoding` over `BytesIO.readline` would take
    a CR-only file for one line and decode all of it as UTF-8 to look for the cookie."""
    lines = (match.group() for match in _BYTE_LINE.finditer(data))
    return tokenize.detect_encoding(lambda: next(lines, b""))[0]


_ADVICE = "re-save it as UTF-8 or declare its encoding (`# -*- coding: latin-1 -*-`)"


def decode(data: bytes) -> str:
    """Decode Python source honouring a BOM and a PEP 263 coding cookie; newlines kept as-is.

    Raises UndecodableSource whose message says where the text breaks and what to do."""
    try:
        encoding = source_encoding(data)
    except SyntaxError as exc:
        if not str(exc).startswith("invalid or missing encoding declaration"):  # a cookie naming no usable codec
            raise UndecodableSource(f"{exc.msg}; {_ADVICE}") from None
        encoding = "utf-8"  # line 1 or 2 is not UTF-8 and no cookie came first: find the byte as for any line
    bom = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0  # decoded apart: error offsets count the BOM
    try:
        text = data[bom:].decode("utf-8" if bom else encoding)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if encoding == "utf-8" or bom else encoding
        raise UndecodableSource(f"not valid {name} at {_byte_position(data, bom + exc.start)}; {_ADVICE}") from None
    except LookupError:  # a codec that is not a text encoding (`# coding: rot13`)
        raise UndecodableSource(f"`{encoding}` is not a text encoding; {_ADVICE}") from None
    return text[1:] if text.startswith("\ufeff") else text


def decode_notebook(data: bytes) -> str:
    """A notebook's JSON text (UTF-8, as nbformat requires; a BOM is kept as U+FEFF).

    Raises UndecodableSource whose message says where the text breaks and what to do."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableSource(f"not valid UTF-8 at {_byte_position(data, exc.start)}; a notebook is UTF-8 JSON: "
                                "re-save it as UTF-8") from None


def _byte_position(data: bytes, offset: int) -> str:
    """`line L, byte B` (both from 1) of the byte at `offset`, lines ending where the tokenizer ends them."""
    row = 1 + len(_ENDING_BYTES.findall(data, 0, offset))
    start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    return f"line {row}, byte {offset - start + 1}"


class Positions:
    """Line table of one source: maps `ast` (line, byte column) to (line, character column)."""

    __slots__ = ("lines",)

    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)

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
