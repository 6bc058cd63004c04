"""TF 1.15's ``tf.estimator.export``: serving input receivers and the export outputs that become SignatureDefs.

A ``serving_input_receiver_fn`` returns a ``ServingInputReceiver`` (the features the ``model_fn`` sees and the
tensors a client feeds); an ``EstimatorSpec``'s ``export_outputs`` map signature keys to ``ExportOutput``s, each
turned into a SignatureDef over the receiver tensors by ``as_signature_def``.
"""
from __future__ import annotations

import abc
import collections
from typing import Any, Callable

import tensorflow as tf
from tfcompat.spec.served import exported

_SM = tf.compat.v1.saved_model
# TF 1.15's keys for a receiver field given as one tensor instead of a dict.
_SINGLE_TENSOR_KEYS = {"feature": "feature", "receiver_tensor": "input", "receiver_tensors_alternative": "input"}


def _check_tensor(tensor: Any, name: Any, label: str) -> None:
    if not isinstance(tensor, (tf.Tensor, tf.SparseTensor)):
        named = f" {name}" if name else ""
        raise ValueError(f"{label}{named} must be a Tensor or SparseTensor.")


def _wrap_and_check(tensors: Any, label: str, allow_int_keys: bool = False) -> dict:
    """``tensors`` as a dict of name to (Sparse)Tensor; a single tensor goes under TF 1.15's default key."""
    if tensors is None:
        raise ValueError(f"{label}s must be defined.")
    if not isinstance(tensors, dict):
        tensors = {_SINGLE_TENSOR_KEYS[label]: tensors}
    for name, tensor in tensors.items():
        if not isinstance(name, str):
            if not allow_int_keys:
                raise ValueError(f"{label} keys must be strings: {name}.")
            if not isinstance(name, int):
                raise ValueError(f"{label} keys must be strings or ints: {name}.")
        _check_tensor(tensor, name, label)
    return tensors


class ServingInputReceiver(collections.namedtuple(
        "ServingInputReceiver", ["features", "receiver_tensors", "receiver_tensors_alternatives"])):
    """What a ``serving_input_receiver_fn`` returns: the model's features and the tensors clients feed."""

    def __new__(cls, features: Any, receiver_tensors: Any,
                receiver_tensors_alternatives: dict | None = None) -> "ServingInputReceiver":
        features = _wrap_and_check(features, "feature", allow_int_keys=True)
        receiver_tensors = _wrap_and_check(receiver_tensors, "receiver_tensor")
        if receiver_tensors_alternatives is not None:
            if not isinstance(receiver_tensors_alternatives, dict):
                raise ValueError(f"receiver_tensors_alternatives must be a dict: {receiver_tensors_alternatives}.")
            receiver_tensors_alternatives = {
                name: _wrap_and_check(group, "receiver_tensors_alternative")
                for name, group in receiver_tensors_alternatives.items()}
        return super().__new__(cls, features, receiver_tensors, receiver_tensors_alternatives)


class TensorServingInputReceiver(collections.namedtuple(
        "TensorServingInputReceiver", ["features", "receiver_tensors", "receiver_tensors_alternatives"])):
    """A ``ServingInputReceiver`` whose single feature tensor reaches the ``model_fn`` as is, not in a dict."""

    def __new__(cls, features: Any, receiver_tensors: Any,
                receiver_tensors_alternatives: dict | None = None) -> "TensorServingInputReceiver":
        if features is None:
            raise ValueError("features must be defined.")
        _check_tensor(features, None, "feature")
        receiver = ServingInputReceiver(features, receiver_tensors, receiver_tensors_alternatives)
        return super().__new__(cls, receiver.features["feature"], receiver.receiver_tensors,
                               receiver.receiver_tensors_alternatives)


def build_parsing_serving_input_receiver_fn(feature_spec: dict, default_batch_size: int | None = None) -> Callable:
    """A receiver fn fed serialized ``tf.Example``s (key ``examples``), parsed with ``feature_spec``."""

    def serving_input_receiver_fn() -> ServingInputReceiver:
        examples = tf.compat.v1.placeholder(tf.string, shape=[default_batch_size], name="input_example_tensor")
        features = tf.compat.v1.io.parse_example(examples, feature_spec)
        return ServingInputReceiver(features, {"examples": examples})

    return serving_input_receiver_fn


def _placeholder_like(key: str, tensor: Any, default_batch_size: int | None) -> Any:
    shape = tf.TensorShape([default_batch_size]).concatenate(tensor.get_shape()[1:])
    # TF 1.15 reused the feature's op name; an eager tensor has none, so its key names the placeholder.
    try:
        name = tensor.op.name
    except AttributeError:
        name = key
    return tf.compat.v1.placeholder(tensor.dtype, shape=shape, name=name)


def build_raw_serving_input_receiver_fn(features: dict, default_batch_size: int | None = None) -> Callable:
    """A receiver fn fed the features themselves: one placeholder per feature, same dtype and inner shape."""

    def serving_input_receiver_fn() -> ServingInputReceiver:
        receiver_tensors = {key: _placeholder_like(key, tensor, default_batch_size)
                            for key, tensor in features.items()}
        return ServingInputReceiver(receiver_tensors, receiver_tensors)

    return serving_input_receiver_fn


class ExportOutput(abc.ABC):
    """One servable output of a model; ``as_signature_def`` makes its SignatureDef over the receiver tensors."""

    @abc.abstractmethod
    def as_signature_def(self, receiver_tensors: dict) -> Any:
        """The SignatureDef with these outputs, fed by ``receiver_tensors``."""

    @staticmethod
    def _wrap_and_check_outputs(outputs: Any, default_key: str, label: str) -> dict:
        if not isinstance(outputs, dict):
            outputs = {default_key: outputs}
        checked = {}
        for key, value in outputs.items():
            key = "/".join(key) if isinstance(key, tuple) else key
            if not isinstance(key, str):
                raise ValueError(f"{label} output key must be a string; got {key}.")
            if not isinstance(value, tf.Tensor):
                raise ValueError(f"{label} output value must be a Tensor; got {value}.")
            checked[key] = value
        return checked


def _single_string_input(receiver_tensors: dict, kind: str) -> Any:
    """Classify and regress signatures take one string tensor (serialized tf.Examples) and nothing else."""
    if len(receiver_tensors) != 1:
        raise ValueError(f"{kind} input must be a single string Tensor; got {receiver_tensors}")
    (examples,) = receiver_tensors.values()
    if examples.dtype != tf.string:
        raise ValueError(f"{kind} input must be a single string Tensor; got {receiver_tensors}")
    return examples


class ClassificationOutput(ExportOutput):
    """A classification head's output: float ``scores`` and/or string ``classes`` (a classify signature)."""

    def __init__(self, scores: Any = None, classes: Any = None) -> None:
        if scores is not None and not (isinstance(scores, tf.Tensor) and scores.dtype.is_floating):
            raise ValueError(f"Classification scores must be a float32 Tensor; got {scores}")
        if classes is not None and not (isinstance(classes, tf.Tensor) and classes.dtype == tf.string):
            raise ValueError(f"Classification classes must be a string Tensor; got {classes}")
        if scores is None and classes is None:
            raise ValueError("At least one of scores and classes must be set.")
        self._scores = scores
        self._classes = classes

    scores = property(lambda self: self._scores)
    classes = property(lambda self: self._classes)

    def as_signature_def(self, receiver_tensors: dict) -> Any:
        examples = _single_string_input(receiver_tensors, "Classification")
        return _SM.classification_signature_def(examples, self._classes, self._scores)


class RegressionOutput(ExportOutput):
    """A regression head's float ``value`` (a regress signature)."""

    def __init__(self, value: Any) -> None:
        if not (isinstance(value, tf.Tensor) and value.dtype.is_floating):
            raise ValueError(f"Regression output value must be a float32 Tensor; got {value}")
        self._value = value

    value = property(lambda self: self._value)

    def as_signature_def(self, receiver_tensors: dict) -> Any:
        return _SM.regression_signature_def(_single_string_input(receiver_tensors, "Regression"), self._value)


class PredictOutput(ExportOutput):
    """Any named output tensors (a predict signature); a single tensor is named ``output``."""

    def __init__(self, outputs: Any) -> None:
        self._outputs = self._wrap_and_check_outputs(outputs, "output", "Prediction")

    outputs = property(lambda self: self._outputs)

    def as_signature_def(self, receiver_tensors: dict) -> Any:
        return _SM.predict_signature_def(receiver_tensors, self._outputs)


__all__ = exported(__name__)
