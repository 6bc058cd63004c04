"""Checkpoint tools: inspect, and rename TF 0.12/1.0 RNN variable names to today's TF 1.x names.

Command line: ``tfcompat-ckpt inspect CKPT`` / ``tfcompat-ckpt convert OLD NEW [--map FILE] [--dry-run]``.
Python: :func:`restore` loads an old-named checkpoint into today's variables with the same map.
Names load lazily so the command line answers ``--help`` without importing TensorFlow.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Entry": "_io", "checkpoint_name_map": "_io", "convert_checkpoint": "_io", "list_checkpoint": "_io",
    "restore": "_io", "saver_for_checkpoint": "_io",
    "build_name_map": "_names", "modern_name": "_names", "read_map_file": "_names",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
