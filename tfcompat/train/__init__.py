"""``tf.train`` with TF 1.x semantics: ``tf.compat.v1.train`` plus ``SummaryWriter`` and a safer ``Saver``.

TensorFlow 2.21's ``tf.compat.v1.train.Saver`` keeps the TF 1.x behaviour the
notes rely on (file prefixes, ``model.ckpt-N``, ``max_to_keep=5`` deleting the
oldest files, V1 and V2 formats, var_list dicts, ``import_meta_graph``), as
``tests/runtime/test_saver.py`` checks.  ``Saver`` here subclasses it so that a
save killed at any moment never leaves the ``checkpoint`` state file naming a
partial checkpoint, and the next save clears what the killed one left (see
``tfcompat.train._saver``).
"""
from __future__ import annotations

from typing import Any

import tensorflow as _tf

from tfcompat.ops._graph import SummaryWriter
from tfcompat.train._saver import Saver

__all__ = sorted({n for n in dir(_tf.compat.v1.train) if not n.startswith("_")} | {"SummaryWriter"})


def __getattr__(name: str) -> Any:
    return getattr(_tf.compat.v1.train, name)


def __dir__() -> list[str]:
    return list(__all__)
