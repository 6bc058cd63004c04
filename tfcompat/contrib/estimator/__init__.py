"""The used part of TF 1.15's ``tf.contrib.estimator`` for ``tfcompat.estimator.Estimator``.

Early stopping (``stop_if_higher_hook``, ``stop_if_lower_hook``, ``stop_if_no_increase_hook``,
``stop_if_no_decrease_hook``, ``make_early_stopping_hook``, ``read_eval_metrics``; TF 1.15 also had them as
``tf.estimator.experimental.*``) and the extenders ``add_metrics``, ``forward_features``,
``clip_gradients_by_norm``.  The canned heads and estimators, ``replicate_model_fn`` and the multi-mode
exports are left out (see ``tfcompat/contrib/UNSUPPORTED.md``).
"""
from __future__ import annotations

from tfcompat.contrib.estimator._early_stopping import (make_early_stopping_hook, read_eval_metrics,
                                                        stop_if_higher_hook, stop_if_lower_hook,
                                                        stop_if_no_decrease_hook, stop_if_no_increase_hook)
from tfcompat.contrib.estimator._extenders import add_metrics, clip_gradients_by_norm, forward_features
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
