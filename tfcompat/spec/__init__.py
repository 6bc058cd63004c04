"""The one table of what changed and what serves it, read by the runtime, the linter, the codemod and ``--shim``.

Data and small derived views only: importing it imports neither TensorFlow nor
the rest of tfcompat, so the linter can read it (runtime -> spec <- linter).
"""
from __future__ import annotations

from .modules import MODULES, ModuleRow

__all__ = ["MODULES", "ModuleRow"]
