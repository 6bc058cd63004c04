"""Whether a source that does not parse is Python 2: lint's TFC901 and migrate both word their advice by it."""
from __future__ import annotations

import re

PY2_ADVICE = "looks like Python 2; convert it with `tfcompat-migrate --py2`"
FIX_ADVICE = "fix the syntax error, then re-run"
# Python 3's own messages for Python 2 syntax: print and exec statements, `except E, e`, octal `0777`,
# and indentation mixing tabs and spaces (Python 2 counted a tab as up to 8 columns).
_PY2_ERRORS = ("Missing parentheses in call to 'print'", "Missing parentheses in call to 'exec'",
               "multiple exception types must be parenthesized", "leading zeros in decimal integer literals",
               "inconsistent use of tabs and spaces in indentation")
# Python 2 syntax that Python 3 reports only as "invalid syntax" (or "invalid decimal literal"): backticks,
# `<>`, `ur''`, `10L`, `raise E, msg`, tuple parameters; recognised on the line the error is on.
_GENERIC = ("invalid syntax", "invalid decimal literal", "Function parameters cannot be parenthesized")
_PY2_LINE = re.compile(r"`|<>|\b[uU][rR]['\"]|\b\d+[lL]\b|^\s*raise\s+[^,(]+,|^\s*def\s+\w+\s*\(\s*\(")
_PRINT_STATEMENT = re.compile(r"^\s*print\s+[^(\s=]", re.M)


def looks_like_python2(reason: str, line: str, text: str) -> bool:
    """Whether the syntax error `reason` on `line` of `text` is Python 2 syntax (so `--py2` would convert it)."""
    if reason.startswith(_PY2_ERRORS):
        return True
    if not reason.startswith(_GENERIC):
        return False  # null bytes, stray characters, nesting too deep: not Python 2 either
    return _PY2_LINE.search(line) is not None or _PRINT_STATEMENT.search(text) is not None  # later print statements


def advice(reason: str, line: str, text: str) -> str:
    """What to do about a source that does not parse."""
    return PY2_ADVICE if looks_like_python2(reason, line, text) else FIX_ADVICE
