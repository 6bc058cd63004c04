"""Apply a fix's text edits to a source text (the one writer every migration path shares)."""
from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Edit
from ..source import Positions, line_ending

_BARE_LF = re.compile(r"(?<!\r)\n")


def _offset_table(text: str) -> list[int]:
    offsets = [0]
    for line in Positions(text).lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (identical duplicates applied once); new lines end like the text's."""
    offsets = _offset_table(text)
    ending = line_ending(text)
    if ending != "\n":  # fixes write `\n`; text they copy from the file already has its own endings
        edits = [replace(e, content=_BARE_LF.sub(ending, e.content)) for e in edits]

    def at(row: int, col: int) -> int:
        return offsets[min(row - 1, len(offsets) - 1)] + col

    spans = sorted({(at(e.row, e.col), at(e.end_row, e.end_col), e.content) for e in edits},
                   key=lambda s: (s[0], s[1] != s[0], s[1], not s[2].startswith(("import ", "from "))))
    out = []
    cursor = 0
    for start, end, content in spans:
        if start < cursor:
            raise ValueError("overlapping edits")
        out.append(text[cursor:start])
        out.append(content)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
