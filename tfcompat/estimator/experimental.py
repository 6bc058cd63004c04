"""TF 1.15's ``tf.estimator.experimental``: the early-stopping hooks (``tfcompat.contrib.estimator``'s).

The rest of TF 1.15's ``tf.estimator.experimental`` (``LinearSDCA``, ``KMeans``, ``InMemoryEvaluatorHook``, the
logit-fn builders) is not here; the linter reports it.
"""
from __future__ import annotations

from tfcompat.contrib.estimator import (make_early_stopping_hook, stop_if_higher_hook, stop_if_lower_hook,
                                        stop_if_no_decrease_hook, stop_if_no_increase_hook)
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
