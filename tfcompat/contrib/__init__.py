"""The used parts of ``tf.contrib`` (layers, rnn, framework, slim, legacy_seq2seq losses, training.HParams), Keras-free.

Submodules load on first attribute access; nothing here switches TensorFlow to v1 behaviour. ``distributions``,
``keras`` and the parts of ``slim`` tfcompat does not write come from TensorFlow Probability, tf-keras and tf-slim,
installed through tfcompat's extras (``pip install 'tfcompat[probability]'``, ``[keras2]``, ``[slim]``).
What is left out is listed in ``UNSUPPORTED.md`` beside this file.
"""
from __future__ import annotations

import importlib
from typing import Any

_SUBMODULES = frozenset({"crf", "cudnn_rnn", "data", "deprecated", "distributions", "eager", "estimator",
                         "framework", "image", "keras", "layers", "learn", "legacy_seq2seq", "lookup", "metrics",
                         "opt", "predictor", "rnn", "seq2seq", "slim", "staging", "summary", "tfprof", "tpu",
                         "training"})
__all__ = sorted(_SUBMODULES)


_ALIASES = {"losses": "slim.losses"}  # 0.12's tf.contrib.losses is what slim.losses re-exported


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _ALIASES:
        return importlib.import_module(f"{__name__}.{_ALIASES[name]}")
    raise AttributeError(f"tfcompat.contrib has no attribute {name!r}; see tfcompat/contrib/UNSUPPORTED.md")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES | set(_ALIASES))
