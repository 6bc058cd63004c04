"""Deprecation warnings for removed TF APIs used through tfcompat.

Each warning names the TF 2 spelling and the lint rule code, worded by
``tfcompat.spec`` (the rows the linter reports), and fires once per call site.
The category is a ``FutureWarning``: Python shows those by default wherever the
call is (a ``DeprecationWarning`` is shown only for code in ``__main__``), because
the person running legacy code is the one who can change it.  ``TFCOMPAT_WARNINGS=0``
in the environment turns them off: a ``PYTHONWARNINGS``/``-W`` filter cannot name
this category, as Python reads those before any third-party module is importable.
"""
from __future__ import annotations

import os
import warnings
from functools import lru_cache
from sys import _getframe

from tfcompat.spec.wording import warning_text

__all__ = ["TFCompatDeprecationWarning", "WARNINGS_ENV", "sites_of", "warn_removed", "warn_site"]

WARNINGS_ENV = "TFCOMPAT_WARNINGS"
_OFF = frozenset({"0", "off", "false", "no"})


class TFCompatDeprecationWarning(FutureWarning):
    """A TF 0.x/1.x API that TensorFlow removed was run by tfcompat's shim."""


# Every (call site, API) already warned about: (id of the site's code object,
# bytecode offset, old API name) -> the code object, held so that its id is never
# reused.  The offset names one call instruction and is cheaper to read than the
# line number; ids hash in constant time, where a code object rehashes its
# constants on every lookup.  One site can call several APIs (``for f in (tf.mul,
# tf.sub): f(x, y)``): each warns there once.
_warned_sites: dict[tuple[int, int, str], object] = {}
# The hot paths' check, per old API name: bytecode offset -> the code object last
# warned about at that offset.  A small-int lookup and an identity test allocate
# nothing; a miss falls through to ``warn_site``, which consults the record above.
_warned_at: dict[str, dict[int, object]] = {}


def sites_of(old: str) -> dict[int, object]:
    """The hot-path record of ``old``; a shim fetches it once, when it is defined."""
    return _warned_at.setdefault(old, {})


@lru_cache(maxsize=None)
def _message(old: str, new: str, code: str) -> str:
    """The warning text (tfcompat.spec words it)."""
    return warning_text(old, new, code)


def warn_site(frame: object, old: str, new: str, code: str, stacklevel: int) -> None:
    """Warn for the call site of `frame` unless it was warned about (the hot paths' slow path).

    ``stacklevel`` counts frames from the caller of this function to the site.
    """
    site_code, offset = frame.f_code, frame.f_lasti  # type: ignore[attr-defined]
    sites_of(old)[offset] = site_code
    site = (id(site_code), offset, old)
    if site not in _warned_sites:
        _warned_sites[site] = site_code
        if os.environ.get(WARNINGS_ENV, "").strip().lower() in _OFF:  # read per site, so it may change at run time
            return
        warnings.warn(_message(old, new, code), TFCompatDeprecationWarning, stacklevel=stacklevel + 1)


def warn_removed(old: str, new: str, code: str, depth: int = 2) -> None:
    """Warn that ``old`` (replaced by ``new``, lint rule ``code``) was used.

    ``depth`` counts frames from this function to the user's call site; a site
    that was warned about stays quiet afterwards.
    """
    frame = _getframe(depth)
    if frame.f_code is not sites_of(old).get(frame.f_lasti):
        warn_site(frame, old, new, code, depth + 1)
