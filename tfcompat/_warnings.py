"""Deprecation warnings for removed TF APIs used through tfcompat.

Each warning names the TF 2 spelling and the lint rule code, taken from the
``tfcompat_lint`` registry when it is importable, and fires once per call site.
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from sys import _getframe

__all__ = ["TFCompatDeprecationWarning", "warn_removed", "warn_site"]


class TFCompatDeprecationWarning(DeprecationWarning):
    """A TF 0.x/1.x API that TensorFlow removed was run by tfcompat's shim."""


# (code object, bytecode offset) of every call site already warned about: the
# offset names one call instruction and is cheaper to read than the line number.
_warned_sites: set[tuple[object, int]] = set()


@lru_cache(maxsize=None)
def _message(old: str, new: str, code: str) -> str:
    """The warning text; the registry's replacement and code win over the defaults."""
    try:
        from tfcompat_lint.registry import lookup

        entries = lookup(old)
    except Exception:  # registry absent or incomplete: fall back to the defaults
        entries = ()
    entry = next((e for e in entries if e.code == code), entries[0] if entries else None)
    if entry is not None:
        code = entry.code
        new = entry.new or new
    # TFC2xx/TFC3xx: the name still exists, its arguments or meaning changed.
    seen = "was called with its 0.x arguments" if code[:4] in ("TFC2", "TFC3") else "was removed from TensorFlow"
    return f"{old} {seen}; tfcompat runs it as {new}. Write {new} instead [{code}]"


def warn_site(frame: object, old: str, new: str, code: str, stacklevel: int) -> None:
    """Warn for the call site of `frame` (slow path: once per site)."""
    _warned_sites.add((frame.f_code, frame.f_lasti))  # type: ignore[attr-defined]
    warnings.warn(_message(old, new, code), TFCompatDeprecationWarning, stacklevel=stacklevel + 1)


def warn_removed(old: str, new: str, code: str, depth: int = 2) -> None:
    """Warn that ``old`` (replaced by ``new``, lint rule ``code``) was used.

    ``depth`` counts frames from this function to the user's call site; a site
    that was warned about stays quiet afterwards.
    """
    frame = _getframe(depth)
    site = (frame.f_code, frame.f_lasti)
    if site in _warned_sites:
        return
    warnings.warn(_message(old, new, code), TFCompatDeprecationWarning, stacklevel=depth + 1)
    _warned_sites.add(site)
