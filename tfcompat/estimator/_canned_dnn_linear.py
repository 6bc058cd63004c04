"""``DNNLinearCombinedClassifier`` / ``Regressor`` (wide and deep): the sum of a linear and a DNN model's logits.

As tensorflow_estimator 1.15 ``python/estimator/canned/dnn_linear_combined.py`` (V1): the ``dnn`` and ``linear``
scopes keep the DNN and linear estimators' variable names; each part has its own optimizer over its own
variables (DNN: Adagrad at 0.001; linear: Ftrl at ``min(0.005, 1 / sqrt(len(linear_feature_columns)))``) and the
global step is incremented once after both.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import tensorflow as tf

from tfcompat.estimator import _head
from tfcompat.estimator._canned_dnn import dnn_logits
from tfcompat.estimator._canned_linear import linear_logits
from tfcompat.estimator._estimator import Estimator
from tfcompat.estimator._model_fn import EstimatorSpec
from tfcompat.estimator._optimizers import get_optimizer_instance

_V1 = tf.compat.v1
_DNN_LEARNING_RATE = 0.001
_LINEAR_LEARNING_RATE = 0.005


def _part(scope_name: str, features: dict, build: Callable[[], Any]) -> tuple[Any, str]:
    with _V1.variable_scope(scope_name, values=tuple(features.values())) as scope:
        return build(), scope.name


def _combined_model_fn(features: dict, labels: Any, mode: str, head: Any, linear_feature_columns: Sequence,
                       linear_optimizer: Any, dnn_feature_columns: Sequence, dnn_optimizer: Any,
                       dnn_hidden_units: Sequence[int] | None, dnn_activation_fn: Callable,
                       dnn_dropout: float | None, input_layer_partitioner: Any, batch_norm: bool,
                       linear_sparse_combiner: str) -> EstimatorSpec:
    _head.check_features(features)
    parts = []  # (logits, scope name, optimizer)
    if dnn_feature_columns:
        if not dnn_hidden_units:
            raise ValueError("dnn_hidden_units must be defined when dnn_feature_columns is specified.")
        optimizer = get_optimizer_instance(dnn_optimizer, learning_rate=_DNN_LEARNING_RATE)
        parts.append((*_part("dnn", features, lambda: dnn_logits(
            features, mode, head.logits_dimension, dnn_hidden_units, dnn_feature_columns, dnn_activation_fn,
            dnn_dropout, input_layer_partitioner, batch_norm)), optimizer))
    if linear_feature_columns:
        rate = min(_LINEAR_LEARNING_RATE, 1.0 / math.sqrt(len(linear_feature_columns)))
        optimizer = get_optimizer_instance(linear_optimizer, learning_rate=rate)
        parts.append((*_part("linear", features, lambda: linear_logits(
            features, head.logits_dimension, linear_feature_columns, linear_sparse_combiner)), optimizer))
    logits = tf.add_n([part[0] for part in parts]) if len(parts) > 1 else parts[0][0]

    def _train_op_fn(loss: Any) -> Any:
        train_ops = [optimizer.minimize(loss, var_list=_V1.get_collection(
            _V1.GraphKeys.TRAINABLE_VARIABLES, scope=scope)) for _, scope, optimizer in parts]
        with tf.control_dependencies([tf.group(*train_ops)]):
            return _V1.assign_add(_V1.train.get_global_step(), 1).op

    return head.create_estimator_spec(features=features, mode=mode, labels=labels, train_op_fn=_train_op_fn,
                                      logits=logits)


class _CombinedEstimator(Estimator):
    def __init__(self, head: Any, model_dir: Any, linear_feature_columns: Any, linear_optimizer: Any,
                 dnn_feature_columns: Any, dnn_optimizer: Any, dnn_hidden_units: Any, dnn_activation_fn: Callable,
                 dnn_dropout: Any, input_layer_partitioner: Any, config: Any, warm_start_from: Any,
                 batch_norm: bool, linear_sparse_combiner: str) -> None:
        linear_feature_columns = tuple(linear_feature_columns or [])
        dnn_feature_columns = tuple(dnn_feature_columns or [])
        if not linear_feature_columns and not dnn_feature_columns:
            raise ValueError("Either linear_feature_columns or dnn_feature_columns must be defined.")

        def _model_fn(features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
            return _combined_model_fn(features, labels, mode, head, linear_feature_columns, linear_optimizer,
                                      dnn_feature_columns, dnn_optimizer, dnn_hidden_units, dnn_activation_fn,
                                      dnn_dropout, input_layer_partitioner, batch_norm, linear_sparse_combiner)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class DNNLinearCombinedClassifier(_CombinedEstimator):
    """TF 1.15's ``tf.estimator.DNNLinearCombinedClassifier`` (V1, wide and deep classification)."""

    def __init__(self, model_dir: str | None = None, linear_feature_columns: Any = None,
                 linear_optimizer: Any = "Ftrl", dnn_feature_columns: Any = None, dnn_optimizer: Any = "Adagrad",
                 dnn_hidden_units: Sequence[int] | None = None, dnn_activation_fn: Callable = tf.nn.relu,
                 dnn_dropout: float | None = None, n_classes: int = 2, weight_column: Any = None,
                 label_vocabulary: Sequence[str] | None = None, input_layer_partitioner: Any = None,
                 config: Any = None, warm_start_from: Any = None,
                 loss_reduction: str = _V1.losses.Reduction.SUM, batch_norm: bool = False,
                 linear_sparse_combiner: str = "sum") -> None:
        head = _head.classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(head, model_dir, linear_feature_columns, linear_optimizer, dnn_feature_columns,
                         dnn_optimizer, dnn_hidden_units, dnn_activation_fn, dnn_dropout, input_layer_partitioner,
                         config, warm_start_from, batch_norm, linear_sparse_combiner)


class DNNLinearCombinedRegressor(_CombinedEstimator):
    """TF 1.15's ``tf.estimator.DNNLinearCombinedRegressor`` (V1, wide and deep regression)."""

    def __init__(self, model_dir: str | None = None, linear_feature_columns: Any = None,
                 linear_optimizer: Any = "Ftrl", dnn_feature_columns: Any = None, dnn_optimizer: Any = "Adagrad",
                 dnn_hidden_units: Sequence[int] | None = None, dnn_activation_fn: Callable = tf.nn.relu,
                 dnn_dropout: float | None = None, label_dimension: int = 1, weight_column: Any = None,
                 input_layer_partitioner: Any = None, config: Any = None, warm_start_from: Any = None,
                 loss_reduction: str = _V1.losses.Reduction.SUM, batch_norm: bool = False,
                 linear_sparse_combiner: str = "sum") -> None:
        head = _head.RegressionHead(label_dimension, weight_column, loss_reduction)
        super().__init__(head, model_dir, linear_feature_columns, linear_optimizer, dnn_feature_columns,
                         dnn_optimizer, dnn_hidden_units, dnn_activation_fn, dnn_dropout, input_layer_partitioner,
                         config, warm_start_from, batch_norm, linear_sparse_combiner)
