"""The used part of ``tf.contrib.training``: ``HParams`` and ``parse_values`` (TF 1.15 behaviour).

No TensorFlow import: HParams is plain Python.  ``to_proto``/``from_proto`` (the HParamDef protobuf) are left out.
"""
from typing import NoReturn

from tfcompat.contrib.training._hparam import HParams, parse_values

__all__ = ["HParams", "parse_values"]


def __getattr__(name: str) -> NoReturn:
    raise AttributeError(f"tfcompat.contrib.training has no attribute {name!r} (only HParams and parse_values); "
                         "see tfcompat/contrib/UNSUPPORTED.md")
