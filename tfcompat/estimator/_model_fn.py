"""``ModeKeys`` and ``EstimatorSpec``, validated as TF 1.15's ``model_fn.py`` validated them."""
from __future__ import annotations

import collections
from typing import Any

import tensorflow as tf


class ModeKeys:
    """The three modes a ``model_fn`` is called in (TF 1.15's string values)."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


LOSS_METRIC_KEY = "loss"
AVERAGE_LOSS_METRIC_KEY = "average_loss"

_FIELDS = ("mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs",
           "training_chief_hooks", "training_hooks", "scaffold", "evaluation_hooks", "prediction_hooks")


def _is_graph_value(value: Any) -> bool:
    return isinstance(value, tf.Operation) or tf.is_tensor(value) or isinstance(value, tf.Variable)


def _check_in_default_graph(what: str, value: Any) -> None:
    if value.graph is not tf.compat.v1.get_default_graph():
        raise ValueError(f'{what} with "{value.name}" must be from the default graph: create it inside '
                         "the model_fn call that returns this EstimatorSpec.")


def _check_tensor(value: Any, name: str) -> Any:
    if not (tf.is_tensor(value) or isinstance(value, tf.Variable)):
        raise TypeError(f"{name} must be Tensor, given: {value}")
    return value


def _check_tensor_or_op(value: Any, name: str) -> None:
    if not _is_graph_value(value):
        raise TypeError(f"{name} must be Operation or Tensor, given: {value}")


def _train_op(train_op: Any, mode: str) -> Any:
    if train_op is None:
        if mode == ModeKeys.TRAIN:
            raise ValueError("Missing train_op.")
        return None
    _check_tensor_or_op(train_op, "train_op")
    _check_in_default_graph("train_op", train_op)
    return train_op


def _loss(loss: Any, mode: str) -> Any:
    if loss is None:
        if mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
            raise ValueError("Missing loss.")
        return None
    loss = _check_tensor(loss, "loss")
    shape = loss.get_shape()
    if shape.num_elements() not in (None, 1):
        raise ValueError(f"Loss must be scalar, given: {loss}")
    _check_in_default_graph("loss", loss)
    if not shape.is_compatible_with(tf.TensorShape([])):
        loss = tf.reshape(loss, [])  # a [1]-shaped loss is accepted and reported as a scalar
    return loss


def _predictions(predictions: Any, mode: str) -> Any:
    if predictions is None:
        if mode == ModeKeys.PREDICT:
            raise ValueError("Missing predictions.")
        return {}
    if isinstance(predictions, dict):
        checked = {key: _check_tensor(value, f"predictions[{key}]") for key, value in predictions.items()}
        for key, value in checked.items():
            _check_in_default_graph(f"prediction values {key}", value)
        return checked
    _check_tensor(predictions, "predictions")
    _check_in_default_graph("prediction values", predictions)
    return predictions


def checked_hooks(hooks: Any) -> tuple:
    """`hooks` as a tuple, each a SessionRunHook (TypeError otherwise)."""
    hooks = tuple(hooks or ())
    for hook in hooks:
        if not isinstance(hook, tf.compat.v1.train.SessionRunHook):
            raise TypeError(f"All hooks must be SessionRunHook instances, given: {hook}")
    return hooks


def _eval_metric_ops(eval_metric_ops: Any) -> dict:
    if eval_metric_ops is None:
        return {}
    if not isinstance(eval_metric_ops, dict):
        raise TypeError(f"eval_metric_ops must be a dict, given: {eval_metric_ops}")
    for key, value in eval_metric_ops.items():
        if not isinstance(value, tuple) or len(value) != 2:
            raise TypeError("Values of eval_metric_ops must be (metric_value, update_op) tuples, "
                            f"given: {value} for key: {key}")
        for member in tf.nest.flatten(value):
            _check_tensor_or_op(member, f"eval_metric_ops[{key}]")
            _check_in_default_graph("eval_metric_ops", member)
    return dict(eval_metric_ops)


def _scaffold(scaffold: Any) -> Any:
    scaffold = scaffold or tf.compat.v1.train.Scaffold()
    if not isinstance(scaffold, tf.compat.v1.train.Scaffold):
        raise TypeError(f"scaffold must be tf.train.Scaffold. Given: {scaffold}")
    return scaffold


class EstimatorSpec(collections.namedtuple("EstimatorSpec", _FIELDS)):
    """What a ``model_fn`` returns: TRAIN needs ``loss`` and ``train_op``, EVAL ``loss``, PREDICT ``predictions``.

    ``export_outputs`` is kept as given (SavedModel export is not implemented here yet).
    """

    def __new__(cls, mode: str, predictions: Any = None, loss: Any = None, train_op: Any = None,
                eval_metric_ops: Any = None, export_outputs: Any = None, training_chief_hooks: Any = None,
                training_hooks: Any = None, scaffold: Any = None, evaluation_hooks: Any = None,
                prediction_hooks: Any = None) -> "EstimatorSpec":
        train_op = _train_op(train_op, mode)  # checked in TF 1.15's order: train_op, loss, predictions
        loss = _loss(loss, mode)
        return super().__new__(
            cls, mode=mode, predictions=_predictions(predictions, mode), loss=loss,
            train_op=train_op, eval_metric_ops=_eval_metric_ops(eval_metric_ops),
            export_outputs=export_outputs, training_chief_hooks=checked_hooks(training_chief_hooks),
            training_hooks=checked_hooks(training_hooks), scaffold=_scaffold(scaffold),
            evaluation_hooks=checked_hooks(evaluation_hooks), prediction_hooks=checked_hooks(prediction_hooks))

    def _replace(self, **changes: Any) -> "EstimatorSpec":
        """A validated copy with ``changes``; the mode cannot change."""
        if "mode" in changes and changes["mode"] != self.mode:
            raise ValueError("mode of EstimatorSpec cannot be changed.")
        return EstimatorSpec(**{**self._asdict(), **changes})
