"""``DNNClassifier`` and ``DNNRegressor``: TF 1.15's V1 DNN estimators as graph-mode model_fns.

Variable names follow tensorflow_estimator 1.15 ``python/estimator/canned/dnn.py`` (``_DNNModel`` under the
``dnn`` variable scope): ``dnn/input_from_feature_columns/input_layer/<column>_embedding/embedding_weights``,
``dnn/hiddenlayer_<i>/kernel`` and ``/bias``, ``dnn/logits/kernel`` and ``/bias`` (Glorot-uniform kernels,
zero biases). Default optimizer: Adagrad at learning rate 0.05; default ``loss_reduction``: ``SUM``.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import tensorflow as tf

from tfcompat.estimator import _head
from tfcompat.estimator._estimator import Estimator
from tfcompat.estimator._model_fn import EstimatorSpec, ModeKeys
from tfcompat.estimator._optimizers import get_optimizer_instance

_V1 = tf.compat.v1
_LEARNING_RATE = 0.05  # dnn.py's _LEARNING_RATE


def _layer_summary(value: Any, tag: str) -> None:
    _V1.summary.scalar(f"{tag}/fraction_of_zero_values", tf.math.zero_fraction(value))
    _V1.summary.histogram(f"{tag}/activation", value)


def _dense(net: Any, units: int, activation: Callable | None) -> Any:
    """A dense layer's ``kernel`` and ``bias`` in the current variable scope (tf.layers.Dense's names)."""
    kernel = _V1.get_variable("kernel", [net.shape[-1], units], initializer=_V1.glorot_uniform_initializer())
    bias = _V1.get_variable("bias", [units], initializer=_V1.zeros_initializer())
    net = tf.nn.bias_add(tf.matmul(net, kernel), bias)
    return activation(net) if activation is not None else net


def dnn_logits(features: dict, mode: str, units: int, hidden_units: Sequence[int], feature_columns: Sequence,
               activation_fn: Callable, dropout: float | None, input_layer_partitioner: Any) -> Any:
    """The DNN's logits, built in the current (``dnn``) variable scope."""
    with _V1.variable_scope("input_from_feature_columns", partitioner=input_layer_partitioner):
        net = _V1.feature_column.input_layer(features, list(feature_columns))
    for index, width in enumerate(hidden_units):
        with _V1.variable_scope(f"hiddenlayer_{index}", values=(net,)) as scope:
            net = _dense(net, width, activation_fn)
            if dropout is not None and mode == ModeKeys.TRAIN:
                net = tf.nn.dropout(net, rate=dropout)
        _layer_summary(net, scope.name)
    with _V1.variable_scope("logits", values=(net,)) as scope:
        logits = _dense(net, units, None)
    _layer_summary(logits, scope.name)
    return logits


def _dnn_model_fn(features: dict, labels: Any, mode: str, head: Any, hidden_units: Sequence[int],
                  feature_columns: Sequence, optimizer: Any, activation_fn: Callable, dropout: float | None,
                  input_layer_partitioner: Any) -> EstimatorSpec:
    _head.check_features(features)
    optimizer = get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE)
    with _V1.variable_scope("dnn", values=tuple(features.values())):
        logits = dnn_logits(features, mode, head.logits_dimension, hidden_units, feature_columns, activation_fn,
                            dropout, input_layer_partitioner)
        return head.create_estimator_spec(features=features, mode=mode, labels=labels, optimizer=optimizer,
                                          logits=logits)


def check_batch_norm(batch_norm: bool) -> None:
    """``batch_norm=True`` is not implemented here: say so rather than train without it."""
    if batch_norm:
        raise NotImplementedError("tfcompat.estimator's DNN estimators do not implement batch_norm=True; "
                                  "pass batch_norm=False or write a model_fn with tf.compat.v1 batch normalization.")


class _DNNEstimator(Estimator):
    def __init__(self, head: Any, hidden_units: Sequence[int], feature_columns: Sequence, model_dir: Any,
                 optimizer: Any, activation_fn: Callable, dropout: float | None, input_layer_partitioner: Any,
                 config: Any, warm_start_from: Any, batch_norm: bool) -> None:
        check_batch_norm(batch_norm)
        feature_columns = tuple(feature_columns or [])

        def _model_fn(features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
            return _dnn_model_fn(features, labels, mode, head, hidden_units, feature_columns, optimizer,
                                 activation_fn, dropout, input_layer_partitioner)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class DNNClassifier(_DNNEstimator):
    """TF 1.15's ``tf.estimator.DNNClassifier`` (V1): softmax (sigmoid for 2 classes) cross entropy, loss summed."""

    def __init__(self, hidden_units: Sequence[int], feature_columns: Sequence, model_dir: str | None = None,
                 n_classes: int = 2, weight_column: Any = None, label_vocabulary: Sequence[str] | None = None,
                 optimizer: Any = "Adagrad", activation_fn: Callable = tf.nn.relu, dropout: float | None = None,
                 input_layer_partitioner: Any = None, config: Any = None, warm_start_from: Any = None,
                 loss_reduction: str = _V1.losses.Reduction.SUM, batch_norm: bool = False) -> None:
        head = _head.classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(head, hidden_units, feature_columns, model_dir, optimizer, activation_fn, dropout,
                         input_layer_partitioner, config, warm_start_from, batch_norm)


class DNNRegressor(_DNNEstimator):
    """TF 1.15's ``tf.estimator.DNNRegressor`` (V1): squared error, loss summed over the batch."""

    def __init__(self, hidden_units: Sequence[int], feature_columns: Sequence, model_dir: str | None = None,
                 label_dimension: int = 1, weight_column: Any = None, optimizer: Any = "Adagrad",
                 activation_fn: Callable = tf.nn.relu, dropout: float | None = None,
                 input_layer_partitioner: Any = None, config: Any = None, warm_start_from: Any = None,
                 loss_reduction: str = _V1.losses.Reduction.SUM, batch_norm: bool = False) -> None:
        head = _head.RegressionHead(label_dimension, weight_column, loss_reduction)
        super().__init__(head, hidden_units, feature_columns, model_dir, optimizer, activation_fn, dropout,
                         input_layer_partitioner, config, warm_start_from, batch_norm)
