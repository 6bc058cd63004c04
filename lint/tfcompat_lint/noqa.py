"""The suppression comments: `# noqa[: CODES]` on a line, `# tfcompat: noqa[: CODES]` for a whole file.

Kept apart from the engine so a warm (cached) run can check `# noqa` codes without loading the checks."""
from __future__ import annotations

import re
from collections.abc import Iterator

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
FILE_NOQA = re.compile(r"^#\s*tfcompat:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?\s*$",
                       re.IGNORECASE | re.MULTILINE)


def unknown_codes(data: bytes) -> Iterator[tuple[int, str]]:
    """(row, code) of each `# noqa` code in a file's bytes that looks like ours but names no rule."""
    if b"noqa" not in data.lower():
        return
    from .selectors import known_codes
    from .source import split_lines

    known = set(known_codes())
    for row, line in enumerate(split_lines(data.decode("utf-8", "replace")), 1):
        match = NOQA.search(line)
        codes = match.group("codes") if match else None
        for code in (codes or "").replace(",", " ").upper().split():
            if code.startswith("TFC") and code not in known:
                yield row, code
