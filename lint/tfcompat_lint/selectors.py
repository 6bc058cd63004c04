"""Rule selectors (`--select`, `select = [...]`, `--explain`, `# noqa:`): known codes or their prefixes."""
from __future__ import annotations

import difflib
from functools import lru_cache


class UnknownSelector(ValueError):
    """A selector that names no rule; the message suggests the nearest code."""


@lru_cache(maxsize=1)
def known_codes() -> tuple[str, ...]:
    from .registry.rules import RULES

    return tuple(RULES)


def _prefixes() -> set[str]:
    return {code[:n] for code in known_codes() for n in range(3, len(code) + 1)}


def suggestion(value: str) -> str:
    """' (did you mean TFC101?)' for the nearest known code, or ''."""
    close = difflib.get_close_matches(value.upper(), known_codes(), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def check_code(value: str) -> str:
    """The full rule code `value` names (any case), or UnknownSelector."""
    code = value.strip().upper()
    if code not in known_codes():
        raise UnknownSelector(f"unknown rule code {value!r}{suggestion(code)}; `tfcompat-lint --list-rules` "
                              "lists them")
    return code


def validate_selectors(values: list[str]) -> list[str]:
    """The selectors upper-cased; UnknownSelector for one that is empty or matches no rule."""
    checked = []
    for value in values:
        selector = value.strip().upper()
        if not selector:
            raise UnknownSelector("empty rule selector; use a code such as TFC101 or a prefix such as TFC1")
        if selector not in _prefixes():
            raise UnknownSelector(f"unknown rule selector {value!r}{suggestion(selector)}; use a code such as "
                                  "TFC101 or a prefix such as TFC1 (`tfcompat-lint --list-rules` lists them)")
        checked.append(selector)
    return checked
