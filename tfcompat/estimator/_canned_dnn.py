"""``DNNClassifier`` and ``DNNRegressor``: TF 1.15's V1 DNN estimators as graph-mode model_fns.

Variable names follow tensorflow_estimator 1.15 ``python/estimator/canned/dnn.py`` (``_DNNModel`` under the
``dnn`` variable scope): ``dnn/input_from_feature_columns/input_layer/<column>_embedding/embedding_weights``,
``dnn/hiddenlayer_<i>/kernel`` and ``/bias``, ``dnn/logits/kernel`` and ``/bias`` (Glorot-uniform kernels,
zero biases); with ``batch_norm``, ``dnn/hiddenlayer_<i>/batchnorm_<i>/gamma``, ``beta``, ``moving_mean`` and
``moving_variance`` (names from 1.15's ``canned/v1/dnn_testing_utils_v1.py``). Default optimizer: Adagrad at
learning rate 0.05; default ``loss_reduction``: ``SUM``.
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
_BATCH_NORM_MOMENTUM = 0.999  # dnn.py: tf.contrib.layers.batch_norm's default, not tf.layers' 0.99
_BATCH_NORM_EPSILON = 1e-3  # tf.layers.BatchNormalization's default


def _layer_summary(value: Any, tag: str) -> None:
    _V1.summary.scalar(f"{tag}/fraction_of_zero_values", tf.math.zero_fraction(value))
    _V1.summary.histogram(f"{tag}/activation", value)


def _dense(net: Any, units: int, activation: Callable | None) -> Any:
    """A dense layer's ``kernel`` and ``bias`` in the current variable scope (tf.layers.Dense's names)."""
    kernel = _V1.get_variable("kernel", [net.shape[-1], units], initializer=_V1.glorot_uniform_initializer())
    bias = _V1.get_variable("bias", [units], initializer=_V1.zeros_initializer())
    net = tf.nn.bias_add(tf.matmul(net, kernel), bias)
    return activation(net) if activation is not None else net


def _batch_norm(net: Any, training: bool) -> Any:
    """tf.layers.BatchNormalization on ``[batch, units]`` (not fused): batch moments in training, whose moving
    averages update through ``UPDATE_OPS``; the moving averages otherwise."""
    units = net.shape[-1]
    gamma = _V1.get_variable("gamma", [units], initializer=_V1.ones_initializer())
    beta = _V1.get_variable("beta", [units], initializer=_V1.zeros_initializer())
    moving = [_V1.get_variable(name, [units], initializer=init, trainable=False)
              for name, init in (("moving_mean", _V1.zeros_initializer()),
                                 ("moving_variance", _V1.ones_initializer()))]
    if not training:
        return tf.nn.batch_normalization(net, moving[0], moving[1], beta, gamma, _BATCH_NORM_EPSILON)
    moments = tf.nn.moments(net, axes=[0])
    for variable, value in zip(moving, moments):
        _V1.add_to_collection(_V1.GraphKeys.UPDATE_OPS,
                              _V1.assign_sub(variable, (variable - value) * (1.0 - _BATCH_NORM_MOMENTUM)))
    return tf.nn.batch_normalization(net, moments[0], moments[1], beta, gamma, _BATCH_NORM_EPSILON)


def dnn_logits(features: dict, mode: str, units: int, hidden_units: Sequence[int], feature_columns: Sequence,
               activation_fn: Callable, dropout: float | None, input_layer_partitioner: Any,
               batch_norm: bool) -> Any:
    """The DNN's logits, built in the current (``dnn``) variable scope."""
    with _V1.variable_scope("input_from_feature_columns", partitioner=input_layer_partitioner):
        net = _V1.feature_column.input_layer(features, list(feature_columns))
    for index, width in enumerate(hidden_units):
        with _V1.variable_scope(f"hiddenlayer_{index}", values=(net,)) as scope:
            net = _dense(net, width, activation_fn)
            if dropout is not None and mode == ModeKeys.TRAIN:
                net = tf.nn.dropout(net, rate=dropout)
            if batch_norm:
                with _V1.variable_scope(f"batchnorm_{index}"):
                    net = _batch_norm(net, mode == ModeKeys.TRAIN)
        _layer_summary(net, scope.name)
    with _V1.variable_scope("logits", values=(net,)) as scope:
        logits = _dense(net, units, None)
    _layer_summary(logits, scope.name)
    return logits


def _dnn_model_fn(features: dict, labels: Any, mode: str, head: Any, hidden_units: Sequence[int],
                  feature_columns: Sequence, optimizer: Any, activation_fn: Callable, dropout: float | None,
                  input_layer_partitioner: Any, batch_norm: bool) -> EstimatorSpec:
    _head.check_features(features)
    optimizer = get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE)
    with _V1.variable_scope("dnn", values=tuple(features.values())):
        logits = dnn_logits(features, mode, head.logits_dimension, hidden_units, feature_columns, activation_fn,
                            dropout, input_layer_partitioner, batch_norm)
        return head.create_estimator_spec(features=features, mode=mode, labels=labels, optimizer=optimizer,
                                          logits=logits)


class _DNNEstimator(Estimator):
    def __init__(self, head: Any, hidden_units: Sequence[int], feature_columns: Sequence, model_dir: Any,
                 optimizer: Any, activation_fn: Callable, dropout: float | None, input_layer_partitioner: Any,
                 config: Any, warm_start_from: Any, batch_norm: bool) -> None:
        feature_columns = tuple(feature_columns or [])

        def _model_fn(features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
            return _dnn_model_fn(features, labels, mode, head, hidden_units, feature_columns, optimizer,
                                 activation_fn, dropout, input_layer_partitioner, batch_norm)

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
