"""The used part of ``tf.contrib.training``: ``HParams``, ``parse_values`` and the queue-based ``bucket`` /
``bucket_by_sequence_length``, and the ps placement ``GreedyLoadBalancingStrategy`` / ``byte_size_load_fn``
(TF 1.15 behaviour).

HParams is plain Python: the other names are loaded on first use.
``to_proto``/``from_proto`` (the HParamDef protobuf) are left out.
"""
import importlib
from typing import Any

from tfcompat.contrib.training._hparam import HParams, parse_values
from tfcompat.spec.served import exported

__all__ = exported(__name__)

_LAZY = {"bucket": "_bucket", "bucket_by_sequence_length": "_bucket", "GreedyLoadBalancingStrategy": "_device_setter",
         "byte_size_load_fn": "_device_setter"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"tfcompat.contrib.training.{_LAZY[name]}"), name)
    raise AttributeError(f"tfcompat.contrib.training has no attribute {name!r}; see tfcompat/contrib/UNSUPPORTED.md")
