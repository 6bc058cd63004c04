"""The used part of ``tf.contrib.training``: ``HParams``, ``parse_values`` and the queue-based ``bucket`` /
``bucket_by_sequence_length`` (TF 1.15 behaviour).

HParams is plain Python: TensorFlow is imported only for the bucketing functions, on first use.
``to_proto``/``from_proto`` (the HParamDef protobuf) are left out.
"""
import importlib
from typing import Any

from tfcompat.contrib.training._hparam import HParams, parse_values

__all__ = ["HParams", "bucket", "bucket_by_sequence_length", "parse_values"]


def __getattr__(name: str) -> Any:
    if name in ("bucket", "bucket_by_sequence_length"):
        return getattr(importlib.import_module("tfcompat.contrib.training._bucket"), name)
    raise AttributeError(f"tfcompat.contrib.training has no attribute {name!r}; see tfcompat/contrib/UNSUPPORTED.md")
