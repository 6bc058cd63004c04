"""``LinearClassifier`` and ``LinearRegressor``: TF 1.15's V1 linear estimators as graph-mode model_fns.

Variable names follow tensorflow_estimator 1.15 ``python/estimator/canned/linear.py`` (``linear_model`` under
the ``linear`` variable scope): ``linear/linear_model/<column>/weights`` and ``linear/linear_model/bias_weights``,
all starting at zero. ``optimizer='Ftrl'`` (the default) is Ftrl at learning rate 0.2; ``optimizer=None`` is
Ftrl at ``min(0.2, 1 / sqrt(len(feature_columns)))``. Default ``loss_reduction``: ``SUM``.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import tensorflow as tf

from tfcompat.estimator import _head
from tfcompat.estimator._estimator import Estimator
from tfcompat.estimator._model_fn import EstimatorSpec
from tfcompat.estimator._optimizers import get_optimizer_instance

_V1 = tf.compat.v1
_LEARNING_RATE = 0.2  # linear.py's _LEARNING_RATE


def linear_logits(features: dict, units: int, feature_columns: Sequence, sparse_combiner: str) -> Any:
    """The linear model's logits, built in the current (``linear``) variable scope."""
    return _V1.feature_column.linear_model(features, list(feature_columns), units=units,
                                           sparse_combiner=sparse_combiner)


def _linear_model_fn(features: dict, labels: Any, mode: str, head: Any, feature_columns: Sequence,
                     optimizer: Any, partitioner: Any, sparse_combiner: str) -> EstimatorSpec:
    _head.check_features(features)
    if optimizer is None:
        optimizer = _V1.train.FtrlOptimizer(min(_LEARNING_RATE, 1.0 / math.sqrt(len(feature_columns))))
    optimizer = get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE)
    with _V1.variable_scope("linear", values=tuple(features.values()), partitioner=partitioner):
        logits = linear_logits(features, head.logits_dimension, feature_columns, sparse_combiner)
        return head.create_estimator_spec(features=features, mode=mode, labels=labels, optimizer=optimizer,
                                          logits=logits)


class _LinearEstimator(Estimator):
    def __init__(self, head: Any, feature_columns: Sequence, model_dir: Any, optimizer: Any, config: Any,
                 partitioner: Any, warm_start_from: Any, sparse_combiner: str) -> None:
        feature_columns = tuple(feature_columns or [])

        def _model_fn(features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
            return _linear_model_fn(features, labels, mode, head, feature_columns, optimizer, partitioner,
                                    sparse_combiner)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class LinearClassifier(_LinearEstimator):
    """TF 1.15's ``tf.estimator.LinearClassifier`` (V1): logistic or softmax regression, loss summed."""

    def __init__(self, feature_columns: Sequence, model_dir: str | None = None, n_classes: int = 2,
                 weight_column: Any = None, label_vocabulary: Sequence[str] | None = None,
                 optimizer: Any = "Ftrl", config: Any = None, partitioner: Any = None, warm_start_from: Any = None,
                 loss_reduction: str = _V1.losses.Reduction.SUM, sparse_combiner: str = "sum") -> None:
        head = _head.classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(head, feature_columns, model_dir, optimizer, config, partitioner, warm_start_from,
                         sparse_combiner)


class LinearRegressor(_LinearEstimator):
    """TF 1.15's ``tf.estimator.LinearRegressor`` (V1): least squares, loss summed over the batch."""

    def __init__(self, feature_columns: Sequence, model_dir: str | None = None, label_dimension: int = 1,
                 weight_column: Any = None, optimizer: Any = "Ftrl", config: Any = None, partitioner: Any = None,
                 warm_start_from: Any = None, loss_reduction: str = _V1.losses.Reduction.SUM,
                 sparse_combiner: str = "sum") -> None:
        head = _head.RegressionHead(label_dimension, weight_column, loss_reduction)
        super().__init__(head, feature_columns, model_dir, optimizer, config, partitioner, warm_start_from,
                         sparse_combiner)
