"""The canned estimators' ``optimizer`` argument: a name, an optimizer, or a callable that makes one.

As TF 1.15's ``tensorflow_estimator/python/estimator/canned/optimizers.py`` (``get_optimizer_instance``): a name
makes that ``tf.compat.v1.train`` optimizer at the estimator's default learning rate.
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf

_TRAIN = tf.compat.v1.train
OPTIMIZER_CLS_NAMES = {"Adagrad": _TRAIN.AdagradOptimizer, "Adam": _TRAIN.AdamOptimizer,
                       "Ftrl": _TRAIN.FtrlOptimizer, "RMSProp": _TRAIN.RMSPropOptimizer,
                       "SGD": _TRAIN.GradientDescentOptimizer}


def get_optimizer_instance(opt: Any, learning_rate: float | None = None) -> Any:
    """``opt`` as a ``tf.compat.v1.train.Optimizer``; a name is built with ``learning_rate``."""
    if isinstance(opt, str):
        if opt not in OPTIMIZER_CLS_NAMES:
            raise ValueError(f"Unsupported optimizer name: {opt}. Supported names are: "
                             f"{tuple(sorted(OPTIMIZER_CLS_NAMES))}")
        if not learning_rate:
            raise ValueError("learning_rate must be specified when opt is string.")
        return OPTIMIZER_CLS_NAMES[opt](learning_rate=learning_rate)
    if callable(opt) and not isinstance(opt, _TRAIN.Optimizer):
        opt = opt()
    if not isinstance(opt, _TRAIN.Optimizer):
        raise ValueError(f"The given object is not an Optimizer instance. Given: {opt}")
    return opt
