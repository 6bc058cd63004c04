"""The ``__getattr__`` of tfcompat's modules: a TF 1.x name a module leaves out says so, and where to look."""
from __future__ import annotations

from typing import Callable, NoReturn

from tfcompat.spec.wording import left_out_text


def left_out(module: str) -> Callable[[str], NoReturn]:
    """A module ``__getattr__`` raising an AttributeError that says ``module`` leaves the name out on purpose."""

    def __getattr__(name: str) -> NoReturn:
        if name.startswith("__"):  # dunder probes (``__path__``, ``__wrapped__``) get Python's own error
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        raise AttributeError(left_out_text(module, name))

    return __getattr__
