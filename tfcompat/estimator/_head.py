"""The canned estimators' heads: logits to predictions, loss, train op and metrics, as TF 1.15's V1 heads.

Facts from tensorflow_estimator 1.15 ``python/estimator/canned/head.py`` (``_BinaryLogisticHeadWithSigmoid
CrossEntropyLoss``, ``_MultiClassHeadWithSoftmaxCrossEntropyLoss``, ``_RegressionHeadWithMeanSquaredErrorLoss``):
the training loss is ``compute_weighted_loss(unreduced, weights, loss_reduction)`` (``SUM`` by default for the V1
estimators), ``average_loss`` is the weighted mean of the unreduced loss, and the metric and prediction keys are
those of ``metric_keys.py`` / ``prediction_keys.py``.
"""
from __future__ import annotations

import abc
from typing import Any, Callable

import tensorflow as tf

from tfcompat.estimator import export
from tfcompat.estimator._model_fn import EstimatorSpec, ModeKeys

_V1 = tf.compat.v1
_REDUCTION = _V1.losses.Reduction

# prediction_keys.PredictionKeys (TF 1.15)
LOGITS, LOGISTIC, PROBABILITIES = "logits", "logistic", "probabilities"
CLASS_IDS, CLASSES, ALL_CLASS_IDS, ALL_CLASSES, PREDICTIONS = (
    "class_ids", "classes", "all_class_ids", "all_classes", "predictions")
# metric_keys.MetricKeys (TF 1.15)
AVERAGE_LOSS, ACCURACY, PRECISION, RECALL = "average_loss", "accuracy", "precision", "recall"
PREDICTION_MEAN, LABEL_MEAN, ACCURACY_BASELINE, AUC, AUC_PR = (
    "prediction/mean", "label/mean", "accuracy_baseline", "auc", "auc_precision_recall")
# head.py's serving signature keys
_DEFAULT_SERVING_KEY, _CLASSIFY, _REGRESS, _PREDICT = "serving_default", "classification", "regression", "predict"


def check_loss_reduction(loss_reduction: str) -> str:
    """``loss_reduction`` if it is one of ``tf.compat.v1.losses.Reduction`` other than ``NONE``."""
    if loss_reduction not in _REDUCTION.all() or loss_reduction == _REDUCTION.NONE:
        raise ValueError(f"Invalid loss_reduction: {loss_reduction}")
    return loss_reduction


def check_features(features: Any) -> None:
    """The canned model_fns take a dict of features (TF 1.15's message)."""
    if not isinstance(features, dict):
        raise ValueError(f"features should be a dictionary of `Tensor`s. Given type: {type(features)}")


def _weights(features: dict, weight_column: Any) -> Any:
    """The example weights as float32 ``[batch, 1]`` (1. without a weight column)."""
    if weight_column is None:
        return 1.0
    if isinstance(weight_column, str):
        weight_column = tf.feature_column.numeric_column(weight_column, shape=(1,))
    with tf.name_scope("weights"):
        return tf.cast(_V1.feature_column.input_layer(features, [weight_column]), tf.float32)


def _labels_like_logits(labels: Any, logits: Any, dimension: int) -> Any:
    """``labels`` as ``[batch, dimension]``: a ``[batch]`` vector gains its last axis, as TF 1.15 reshapes."""
    if labels is None:
        raise ValueError("You must provide a labels Tensor. Given: None. Check that your input_fn returns labels.")
    labels = tf.convert_to_tensor(labels)
    if labels.shape.ndims is not None and labels.shape.ndims == logits.shape.ndims - 1:
        labels = tf.expand_dims(labels, -1)
    last = labels.shape[-1] if labels.shape.ndims else None
    if last is not None and last != dimension:
        raise ValueError(f"Mismatched label shape. Expected labels dimension={dimension}.  Received {last}.")
    return labels


def _assert_range(ids: Any, n_classes: int) -> Any:
    checks = [_V1.assert_less_equal(ids, tf.cast(n_classes - 1, ids.dtype), message="Labels must <= n_classes - 1"),
              _V1.assert_non_negative(ids, message="Labels must >= 0")]
    with tf.control_dependencies(checks):
        return tf.identity(ids)


def _metric_weights(weights: Any, like: Any) -> Any:
    """The example weights broadcast to ``like`` (weights_broadcast_ops), None without a weight column."""
    return None if isinstance(weights, float) else weights * tf.ones_like(like, dtype=tf.float32)


def _weighted_mean(values: Any, weights: Any, name: str) -> tuple:
    values = tf.cast(values, tf.float32)
    return _V1.metrics.mean(values, weights=_metric_weights(weights, values), name=name)


class _Head(abc.ABC):
    """What the three heads share: the spec per mode, given a subclass's predictions, loss and metrics."""

    logits_dimension: int
    _labels_dimension = 1  # the last dimension labels must have (regression: label_dimension)

    def __init__(self, weight_column: Any, loss_reduction: str) -> None:
        self._weight_column = weight_column
        self._loss_reduction = check_loss_reduction(loss_reduction)

    @abc.abstractmethod
    def _predictions(self, logits: Any) -> dict:
        """The prediction dict from float32 logits."""

    @abc.abstractmethod
    def _export_outputs(self, predictions: dict) -> dict:
        """The serving signatures' outputs, by signature key."""

    @abc.abstractmethod
    def _processed_labels(self, labels: Any) -> Any:
        """Labels as the loss takes them (ids or floats), range-checked."""

    @abc.abstractmethod
    def _unreduced_loss(self, labels: Any, logits: Any) -> Any:
        """The per-example (per-label-dimension) loss, before weights and reduction."""

    @abc.abstractmethod
    def _metrics(self, labels: Any, predictions: dict, weights: Any, unreduced_loss: Any) -> dict:
        """The eval_metric_ops (the Estimator adds ``loss``)."""

    def create_estimator_spec(self, features: dict, mode: str, logits: Any, labels: Any = None,
                              optimizer: Any = None, train_op_fn: Callable | None = None) -> EstimatorSpec:
        """The EstimatorSpec for ``mode``: train with ``optimizer.minimize`` or ``train_op_fn(loss)``."""
        with tf.name_scope("head"):
            logits = tf.cast(logits, tf.float32)
            if logits.shape[-1] is not None and logits.shape[-1] != self.logits_dimension:
                raise ValueError(f"logits shape must be [D0, D1, ... DN, logits_dimension={self.logits_dimension}], "
                                 f"got {logits.shape}.")
            with tf.name_scope("predictions"):
                predictions = self._predictions(logits)
            if mode == ModeKeys.PREDICT:
                return EstimatorSpec(mode, predictions=predictions, export_outputs=self._export_outputs(predictions))
            labels = self._processed_labels(_labels_like_logits(labels, logits, self._labels_dimension))
            unreduced_loss = self._unreduced_loss(labels, logits)
            weights = _weights(features, self._weight_column)
            loss = _V1.losses.compute_weighted_loss(unreduced_loss, weights=weights, reduction=self._loss_reduction)
            if mode == ModeKeys.EVAL:
                with tf.name_scope("metrics"):
                    metrics = self._metrics(labels, predictions, weights, unreduced_loss)
                return EstimatorSpec(mode, predictions=predictions, loss=loss, eval_metric_ops=metrics)
            train_op = self._train_op(loss, optimizer, train_op_fn)
        _V1.summary.scalar("loss", loss)
        if self._loss_reduction == _REDUCTION.SUM:  # TF 1.15 summarizes the mean loss only for SUM
            _V1.summary.scalar(AVERAGE_LOSS, loss / tf.reduce_sum(weights * tf.ones_like(unreduced_loss)))
        return EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op)

    @staticmethod
    def _train_op(loss: Any, optimizer: Any, train_op_fn: Callable | None) -> Any:
        if optimizer is not None:
            if train_op_fn is not None:
                raise ValueError("train_op_fn and optimizer cannot both be set.")
            train_op = optimizer.minimize(loss, global_step=_V1.train.get_global_step())
        elif train_op_fn is not None:
            train_op = train_op_fn(loss)
        else:
            raise ValueError("train_op_fn and optimizer cannot both be None.")
        update_ops = _V1.get_collection(_V1.GraphKeys.UPDATE_OPS)
        return tf.group(train_op, *update_ops) if update_ops else train_op


def _all_classes(logits: Any, n_classes: int, label_vocabulary: Any) -> tuple[Any, Any]:
    """``all_class_ids`` and ``all_classes``: the class ids and names tiled over the batch."""
    multiples = [tf.shape(logits)[0], 1]
    names = list(label_vocabulary) if label_vocabulary else tf.strings.as_string(tf.range(n_classes))
    return (tf.tile(tf.range(n_classes)[tf.newaxis], multiples),
            tf.tile(tf.expand_dims(tf.convert_to_tensor(names, tf.string), 0), multiples))


class _ClassifierHead(_Head):
    """Class ids from logits, string classes through ``label_vocabulary``, the classify/predict signatures."""

    def __init__(self, n_classes: int, weight_column: Any, label_vocabulary: Any, loss_reduction: str) -> None:
        if label_vocabulary is not None and not isinstance(label_vocabulary, (list, tuple)):
            raise ValueError(f"label_vocabulary should be a list or a tuple. Given type: {type(label_vocabulary)}")
        super().__init__(weight_column, loss_reduction)
        self._n_classes = n_classes
        self._label_vocabulary = label_vocabulary

    def _class_predictions(self, class_logits: Any) -> dict:
        class_ids = tf.expand_dims(tf.argmax(class_logits, axis=-1, name=CLASS_IDS), -1)
        if self._label_vocabulary:
            table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
                tf.range(self._n_classes, dtype=tf.int64), tf.constant(list(self._label_vocabulary))), "UNK")
            classes = table.lookup(class_ids)
        else:
            classes = tf.strings.as_string(class_ids, name="str_classes")
        all_ids, all_classes = _all_classes(class_logits, self._n_classes, self._label_vocabulary)
        return {PROBABILITIES: tf.nn.softmax(class_logits, name=PROBABILITIES), CLASS_IDS: class_ids,
                CLASSES: classes, ALL_CLASS_IDS: all_ids, ALL_CLASSES: all_classes}

    def _label_ids(self, labels: Any) -> Any:
        if self._label_vocabulary is None:
            return labels
        if labels.dtype != tf.string:
            raise ValueError(f"Labels dtype should be string if there is a vocabulary. Instead got {labels.dtype}")
        table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
            tf.constant(list(self._label_vocabulary)), tf.range(len(self._label_vocabulary), dtype=tf.int64)), -1)
        return table.lookup(labels)

    def _classification_output(self, predictions: dict) -> Any:
        return export.ClassificationOutput(scores=predictions[PROBABILITIES], classes=predictions[ALL_CLASSES])


class BinaryClassHead(_ClassifierHead):
    """Sigmoid cross entropy on one logit; metrics include AUC (200 thresholds), precision and recall."""

    logits_dimension = 1

    def __init__(self, weight_column: Any = None, label_vocabulary: Any = None,
                 loss_reduction: str = _REDUCTION.SUM) -> None:
        super().__init__(2, weight_column, label_vocabulary, loss_reduction)

    def _predictions(self, logits: Any) -> dict:
        two_class_logits = tf.concat((tf.zeros_like(logits), logits), axis=-1, name="two_class_logits")
        return {LOGITS: logits, LOGISTIC: tf.sigmoid(logits, name=LOGISTIC),
                **self._class_predictions(two_class_logits)}

    def _export_outputs(self, predictions: dict) -> dict:
        classification = self._classification_output(predictions)
        return {_DEFAULT_SERVING_KEY: classification, _CLASSIFY: classification,
                _REGRESS: export.RegressionOutput(value=predictions[LOGISTIC]),
                _PREDICT: export.PredictOutput(predictions)}

    def _processed_labels(self, labels: Any) -> Any:
        return _assert_range(tf.cast(self._label_ids(labels), tf.float32), 2)

    def _unreduced_loss(self, labels: Any, logits: Any) -> Any:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)

    def _metrics(self, labels: Any, predictions: dict, weights: Any, unreduced_loss: Any) -> dict:
        logistic, class_ids = predictions[LOGISTIC], predictions[CLASS_IDS]
        label_mean = _weighted_mean(labels, weights, LABEL_MEAN)
        value, update = label_mean
        metric_weights = _metric_weights(weights, logistic)  # [batch, 1], as class_ids
        return {
            AVERAGE_LOSS: _weighted_mean(unreduced_loss, weights, AVERAGE_LOSS),
            ACCURACY: _V1.metrics.accuracy(labels, class_ids, weights=metric_weights, name=ACCURACY),
            PRECISION: _V1.metrics.precision(labels, class_ids, weights=metric_weights, name=PRECISION),
            RECALL: _V1.metrics.recall(labels, class_ids, weights=metric_weights, name=RECALL),
            PREDICTION_MEAN: _weighted_mean(logistic, weights, PREDICTION_MEAN),
            LABEL_MEAN: label_mean,
            ACCURACY_BASELINE: (tf.maximum(value, 1.0 - value), tf.maximum(update, 1.0 - update)),
            AUC: _V1.metrics.auc(labels, logistic, weights=metric_weights, curve="ROC", name=AUC),
            AUC_PR: _V1.metrics.auc(labels, logistic, weights=metric_weights, curve="PR", name=AUC_PR),
        }


class MultiClassHead(_ClassifierHead):
    """Softmax cross entropy over ``n_classes`` logits; metrics ``average_loss`` and ``accuracy``."""

    def __init__(self, n_classes: int, weight_column: Any = None, label_vocabulary: Any = None,
                 loss_reduction: str = _REDUCTION.SUM) -> None:
        if n_classes is None or n_classes <= 2:
            raise ValueError(f"n_classes must be > 2: {n_classes}.")
        super().__init__(n_classes, weight_column, label_vocabulary, loss_reduction)
        self.logits_dimension = n_classes

    def _predictions(self, logits: Any) -> dict:
        return {LOGITS: logits, **self._class_predictions(logits)}

    def _export_outputs(self, predictions: dict) -> dict:
        classification = self._classification_output(predictions)
        return {_DEFAULT_SERVING_KEY: classification, _CLASSIFY: classification,
                _PREDICT: export.PredictOutput(predictions)}

    def _processed_labels(self, labels: Any) -> Any:
        if self._label_vocabulary is None and not labels.dtype.is_integer:
            raise ValueError(f"Labels dtype should be integer. Instead got {labels.dtype}.")
        return _assert_range(self._label_ids(labels), self._n_classes)

    def _unreduced_loss(self, labels: Any, logits: Any) -> Any:
        loss = _V1.losses.sparse_softmax_cross_entropy(labels, logits, reduction=_REDUCTION.NONE)
        return tf.expand_dims(loss, -1)

    def _metrics(self, labels: Any, predictions: dict, weights: Any, unreduced_loss: Any) -> dict:
        metric_weights = _metric_weights(weights, predictions[CLASS_IDS])
        return {AVERAGE_LOSS: _weighted_mean(unreduced_loss, weights, AVERAGE_LOSS),
                ACCURACY: _V1.metrics.accuracy(labels, predictions[CLASS_IDS], weights=metric_weights,
                                               name=ACCURACY)}


class RegressionHead(_Head):
    """Squared error per label dimension; metrics ``average_loss``, ``prediction/mean``, ``label/mean``."""

    def __init__(self, label_dimension: int = 1, weight_column: Any = None,
                 loss_reduction: str = _REDUCTION.SUM) -> None:
        if label_dimension < 1:
            raise ValueError(f"Invalid label_dimension {label_dimension}.")
        super().__init__(weight_column, loss_reduction)
        self.logits_dimension = self._labels_dimension = label_dimension

    def _predictions(self, logits: Any) -> dict:
        return {PREDICTIONS: logits}

    def _export_outputs(self, predictions: dict) -> dict:
        regression = export.RegressionOutput(value=predictions[PREDICTIONS])
        return {_DEFAULT_SERVING_KEY: regression, _REGRESS: regression,
                _PREDICT: export.PredictOutput(predictions)}

    def _processed_labels(self, labels: Any) -> Any:
        return tf.cast(labels, tf.float32)

    def _unreduced_loss(self, labels: Any, logits: Any) -> Any:
        return _V1.losses.mean_squared_error(labels, logits, reduction=_REDUCTION.NONE)

    def _metrics(self, labels: Any, predictions: dict, weights: Any, unreduced_loss: Any) -> dict:
        return {AVERAGE_LOSS: _weighted_mean(unreduced_loss, weights, AVERAGE_LOSS),
                PREDICTION_MEAN: _weighted_mean(predictions[PREDICTIONS], weights, PREDICTION_MEAN),
                LABEL_MEAN: _weighted_mean(labels, weights, LABEL_MEAN)}


def classifier_head(n_classes: int, weight_column: Any, label_vocabulary: Any, loss_reduction: str) -> _Head:
    """TF 1.15's ``_binary_logistic_or_multi_class_head``: binary for ``n_classes == 2``, else multi-class."""
    if n_classes == 2:
        return BinaryClassHead(weight_column, label_vocabulary, loss_reduction)
    return MultiClassHead(n_classes, weight_column, label_vocabulary, loss_reduction)
