"""The drop-in TF 1.x API: ``import tfcompat.v1 as tf``.

Importing this module changes TensorFlow globally, as a TF 1.x program needs:

- it calls ``tf.compat.v1.disable_v2_behavior()`` (graph mode, v1 control flow,
  ``Dimension`` objects with ``.value`` in shapes, ...).  Set the environment
  variable ``TFCOMPAT_KEEP_V2=1`` before the import to keep TF 2 behaviour;
- it gives ``tf.TensorArray`` its 0.x ``pack``/``unpack`` methods;
- it adds a finder to ``sys.meta_path`` so ``import tfcompat.v1.nn.rnn_cell``
  and similar module imports resolve.

Every name of ``tf.compat.v1`` is forwarded lazily; the APIs TensorFlow removed
(``pack``, ``batch_matmul``, old-order ``split``/``concat``, ``nn.rnn``,
``train.SummaryWriter``, ...) come from ``tfcompat.ops`` and the other tfcompat
modules, and warn once per call site with ``TFCompatDeprecationWarning``.
"""
import os as _os
from typing import Any as _Any

import tensorflow as _tf
from tensorflow.python.util import deprecation as _deprecation

from tfcompat.ops._graph import install_tensor_array_methods as _install_tensor_array_methods
from tfcompat.v1 import _namespaces

_KEEP_V2_ENV = "TFCOMPAT_KEEP_V2"

if _os.environ.get(_KEEP_V2_ENV) != "1":
    with _deprecation.silence():  # its internal disable_resource_variables call logs a TF deprecation line
        _tf.compat.v1.disable_v2_behavior()
_install_tensor_array_methods()
_namespaces.install_finder()


def __getattr__(name: str) -> _Any:
    if name.startswith("__"):
        raise AttributeError(f"module 'tfcompat.v1' has no attribute {name!r}")
    value = _namespaces.lookup("", _tf.compat.v1, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return _namespaces.names("", _tf.compat.v1)
