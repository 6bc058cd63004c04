"""``BaselineClassifier`` and ``BaselineRegressor``: a bias per output, ignoring the feature values.

As tensorflow_estimator 1.15 ``python/estimator/canned/baseline.py`` (V1): one variable ``baseline/bias`` of shape
``[logits_dimension]`` starting at zero, Ftrl at learning rate 0.3 by default, ``loss_reduction=SUM``.
"""
from __future__ import annotations

from typing import Any, Sequence

import tensorflow as tf

from tfcompat.estimator import _head
from tfcompat.estimator._estimator import Estimator
from tfcompat.estimator._model_fn import EstimatorSpec
from tfcompat.estimator._optimizers import get_optimizer_instance

_V1 = tf.compat.v1
_LEARNING_RATE = 0.3  # baseline.py's _LEARNING_RATE


def _weight_key(weight_column: Any) -> str | None:
    if weight_column is None or isinstance(weight_column, str):
        return weight_column
    return weight_column.key


def _baseline_logits(features: Any, units: int, weight_column: Any) -> Any:
    """The bias tiled over the batch; every feature but the weight must have the same batch size."""
    features = features if isinstance(features, dict) else {"": features}
    sizes = [_V1.shape(value)[0] for key, value in features.items() if key != _weight_key(weight_column)]
    if not sizes:
        raise ValueError("BaselineEstimator needs at least one feature (besides the weight) for its batch size.")
    checks = [_V1.assert_equal(sizes[0], size) for size in sizes[1:]]
    with tf.control_dependencies(checks), _V1.variable_scope("baseline"):
        bias = _V1.get_variable("bias", shape=[units], initializer=_V1.zeros_initializer())
        return tf.multiply(bias, tf.ones([sizes[0], units]))


class _BaselineEstimator(Estimator):
    def __init__(self, head: Any, model_dir: Any, optimizer: Any, weight_column: Any, config: Any) -> None:
        def _model_fn(features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
            logits = _baseline_logits(features, head.logits_dimension, weight_column)

            def train_op_fn(loss: Any) -> Any:
                opt = get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE)
                return opt.minimize(loss, global_step=_V1.train.get_global_step())

            return head.create_estimator_spec(features=features, mode=mode, logits=logits, labels=labels,
                                              train_op_fn=train_op_fn)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)


class BaselineClassifier(_BaselineEstimator):
    """TF 1.15's ``tf.estimator.BaselineClassifier`` (V1): learns the label distribution."""

    def __init__(self, model_dir: str | None = None, n_classes: int = 2, weight_column: Any = None,
                 label_vocabulary: Sequence[str] | None = None, optimizer: Any = "Ftrl", config: Any = None,
                 loss_reduction: str = _V1.losses.Reduction.SUM) -> None:
        head = _head.classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(head, model_dir, optimizer, weight_column, config)


class BaselineRegressor(_BaselineEstimator):
    """TF 1.15's ``tf.estimator.BaselineRegressor`` (V1): learns the label mean."""

    def __init__(self, model_dir: str | None = None, label_dimension: int = 1, weight_column: Any = None,
                 optimizer: Any = "Ftrl", config: Any = None,
                 loss_reduction: str = _V1.losses.Reduction.SUM) -> None:
        head = _head.RegressionHead(label_dimension, weight_column, loss_reduction)
        super().__init__(head, model_dir, optimizer, weight_column, config)
