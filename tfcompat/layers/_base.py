"""TF 1.x ``tf.layers.Layer`` semantics (scope naming, build once, reuse) without Keras."""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ..rnn_cell._base import to_snake_case

v1 = tf.compat.v1


def smart_cond(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    """``true_fn()`` or ``false_fn()`` for Python/constant predicates, else ``tf.cond``."""
    if isinstance(pred, (bool, int)):
        return true_fn() if pred else false_fn()
    static = tf.get_static_value(pred)
    if static is not None:
        return true_fn() if static else false_fn()
    return tf.cond(pred, true_fn, false_fn)


def normalize_tuple(value: Any, n: int, name: str) -> tuple:
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) != n:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}")
    return value


def normalize_padding(padding: str) -> str:
    padding = padding.upper()
    if padding not in ("VALID", "SAME"):
        raise ValueError(f"The `padding` argument must be 'valid' or 'same'. Received: {padding}")
    return padding


def channels_first(data_format: str | None) -> bool:
    data_format = (data_format or "channels_last").lower()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"The `data_format` argument must be channels_last or channels_first: {data_format}")
    return data_format == "channels_first"


class Layer:
    """A TF 1.x layer: variables under ``<scope>/<name>/`` created by ``build`` on first call."""

    def __init__(self, trainable: bool = True, name: str | None = None, dtype: Any = None,
                 activity_regularizer: Callable | None = None, _scope: Any = None,
                 _reuse: Any = None, **unused_kwargs: Any) -> None:
        self.trainable = trainable
        self._base_name = name or to_snake_case(type(self).__name__)
        self._name = name
        self._dtype = tf.as_dtype(dtype) if dtype is not None else None
        self._activity_regularizer = activity_regularizer
        self._reuse = _reuse
        self.built = False
        self._variables: list = []
        self._trainable_variables: list = []
        self.updates: list = []
        self._scope = None
        if _scope:
            with v1.variable_scope(_scope) as captured:
                self._scope = captured

    @property
    def name(self) -> str:
        return self._scope.name if self._scope is not None else self._base_name

    @property
    def dtype(self) -> Any:
        return self._dtype

    @property
    def variables(self) -> list:
        return list(self._variables)

    weights = variables

    @property
    def trainable_variables(self) -> list:
        return list(self._trainable_variables)

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self) -> list:
        return [v for v in self._variables if all(v is not t for t in self._trainable_variables)]

    non_trainable_weights = non_trainable_variables

    def add_weight(self, name: str, shape: Any, dtype: Any = None, initializer: Any = None,
                   regularizer: Callable | None = None, trainable: bool = True, constraint: Any = None,
                   **unused_kwargs: Any) -> tf.Variable:
        """``tf.get_variable`` in the layer's scope; regularizer losses go to REGULARIZATION_LOSSES."""
        trainable = trainable and self.trainable
        collections = None if trainable else [v1.GraphKeys.GLOBAL_VARIABLES]
        variable = v1.get_variable(name, shape=shape, dtype=dtype or self._dtype or tf.float32,
                                   initializer=initializer, regularizer=regularizer, trainable=trainable,
                                   constraint=constraint, collections=collections)
        self._variables.append(variable)
        if trainable:
            self._trainable_variables.append(variable)
        return variable

    add_variable = add_weight

    def add_update(self, update: Any) -> None:
        """Record an update op and publish it in the UPDATE_OPS collection (graph mode)."""
        self.updates.append(update)
        if not tf.executing_eagerly():
            v1.add_to_collection(v1.GraphKeys.UPDATE_OPS, update)

    def build(self, input_shape: tf.TensorShape) -> None:
        """Create variables (override)."""

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        return inputs

    def _capture_scope(self, scope: Any) -> None:
        if self._scope is not None:
            return
        if self._reuse:
            with v1.variable_scope(scope if scope is not None else self._base_name) as captured:
                self._scope = captured
        else:
            with v1.variable_scope(scope, default_name=self._base_name) as captured:
                self._scope = captured

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        self._capture_scope(kwargs.pop("scope", None))
        reuse = True if self.built else self._reuse
        with v1.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False):
            with tf.name_scope(self._scope.original_name_scope):
                if not self.built:
                    first = tf.nest.flatten(inputs)[0]
                    first = tf.convert_to_tensor(first)
                    if self._dtype is None:
                        self._dtype = first.dtype if first.dtype.is_floating else tf.float32
                    self.build(first.shape)
                    self.built = True
                outputs = self.call(inputs, *args, **kwargs)
                if self._activity_regularizer is not None:
                    for output in tf.nest.flatten(outputs):
                        loss = self._activity_regularizer(output)
                        if not tf.executing_eagerly():
                            v1.add_to_collection(v1.GraphKeys.REGULARIZATION_LOSSES, loss)
        return outputs

    def apply(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        return self(inputs, *args, **kwargs)
