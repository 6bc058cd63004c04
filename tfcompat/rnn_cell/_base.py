"""The TF 1.x ``RNNCell`` base (scope capture, build-once, reuse) without Keras."""
from __future__ import annotations

import collections
import re
from typing import Any

import tensorflow as tf

v1 = tf.compat.v1

WEIGHTS_NAME = "kernel"
BIAS_NAME = "bias"


def to_snake_case(name: str) -> str:
    """``BasicLSTMCell`` -> ``basic_lstm_cell`` (the TF 1.x layer naming rule)."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    snake = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return snake if snake[0] != "_" else "private" + snake


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """Tuple ``(c, h)`` of an LSTM state; ``c`` is the cell, ``h`` the output."""

    __slots__ = ()

    @property
    def dtype(self) -> tf.DType:
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def _state_size_as_shape(size: Any) -> list:
    if isinstance(size, tf.TensorShape):
        return size.as_list()
    if isinstance(size, (list, tuple)):
        return list(size)
    return [int(size)]


def zero_state_tensors(state_size: Any, batch_size: Any, dtype: tf.DType) -> Any:
    """Zeros shaped ``[batch_size] + size`` for every leaf of ``state_size``."""

    def make_zeros(size: Any) -> tf.Tensor:
        shape = _state_size_as_shape(size)
        if isinstance(batch_size, int):
            return tf.zeros([batch_size] + shape, dtype=dtype)
        zeros = tf.zeros(tf.concat([[batch_size], shape], 0), dtype=dtype)
        zeros.set_shape([tf.get_static_value(batch_size)] + shape)
        return zeros

    return tf.nest.map_structure(make_zeros, state_size)


class RNNCell:
    """Abstract TF 1.x RNN cell.

    Subclasses either override ``__call__(inputs, state, scope=None)`` (TF 0.12
    style) or ``build(inputs_shape)`` and ``call(inputs, state)`` (TF 1.x style).
    The first call captures a variable scope named after the class
    (``basic_lstm_cell``, uniquified like TF 1.x); later calls reuse it.
    """

    def __init__(self, trainable: bool = True, name: str | None = None, dtype: Any = None,
                 _reuse: bool | None = None, _scope: Any = None, reuse: bool | None = None,
                 **unused_kwargs: Any) -> None:
        self.trainable = trainable
        self._name = name
        self._dtype = tf.as_dtype(dtype) if dtype is not None else None
        self._reuse = _reuse if _reuse is not None else reuse
        self._scope = _scope
        self.built = False
        self._variables: list = []
        self._trainable_variables: list = []

    # -- TF 1.x properties -------------------------------------------------
    @property
    def state_size(self) -> Any:
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self) -> Any:
        raise NotImplementedError("Abstract method")

    @property
    def name(self) -> str:
        return getattr(self, "_name", None) or to_snake_case(type(self).__name__)

    @property
    def dtype(self) -> Any:
        return getattr(self, "_dtype", None)

    @property
    def scope_name(self) -> str | None:
        scope = getattr(self, "_scope", None)
        return scope.name if scope is not None else None

    @property
    def variables(self) -> list:
        return list(getattr(self, "_variables", []))

    weights = variables

    @property
    def trainable_variables(self) -> list:
        return list(getattr(self, "_trainable_variables", []))

    trainable_weights = trainable_variables

    # -- building ----------------------------------------------------------
    def build(self, inputs_shape: tf.TensorShape) -> None:
        """Create the cell's variables (override in subclasses)."""

    def call(self, inputs: Any, state: Any) -> tuple:
        raise NotImplementedError("RNNCell subclasses must implement call() or __call__()")

    def add_variable(self, name: str, shape: Any, dtype: Any = None, initializer: Any = None,
                     regularizer: Any = None, trainable: bool = True, partitioner: Any = None,
                     **unused_kwargs: Any) -> tf.Variable:
        """``tf.get_variable`` in the cell's scope, recorded on the cell."""
        variable = v1.get_variable(
            name, shape=shape, dtype=dtype or self.dtype or tf.float32, initializer=initializer,
            regularizer=regularizer, trainable=trainable and self.trainable, partitioner=partitioner)
        if not hasattr(self, "_variables"):
            self._variables, self._trainable_variables = [], []
        self._variables.append(variable)
        if trainable and self.trainable:
            self._trainable_variables.append(variable)
        return variable

    add_weight = add_variable

    def _capture_scope(self, scope: Any = None) -> None:
        """Fix the cell's variable scope the first time it is used (TF 1.x ``_set_scope``)."""
        if getattr(self, "_scope", None) is not None:
            return
        if scope is not None:
            with v1.variable_scope(scope) as captured:
                self._scope = captured
        elif getattr(self, "_reuse", None):
            with v1.variable_scope(self.name) as captured:
                self._scope = captured
        else:
            with v1.variable_scope(None, default_name=self.name) as captured:
                self._scope = captured

    def _ensure_built(self, inputs_shape: tf.TensorShape, dtype: Any) -> None:
        """Capture the scope and create variables without running the cell."""
        self._capture_scope()
        if getattr(self, "built", False):
            return
        if self.dtype is None:
            self._dtype = tf.as_dtype(dtype)
        with v1.variable_scope(self._scope, reuse=self._reuse, auxiliary_name_scope=False):
            self.build(tf.TensorShape(inputs_shape))
        self.built = True

    def __call__(self, inputs: Any, state: Any, scope: Any = None, *args: Any, **kwargs: Any) -> tuple:
        self._capture_scope(scope)
        reuse = True if getattr(self, "built", False) else getattr(self, "_reuse", None)
        with v1.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False):
            with tf.name_scope(self._scope.original_name_scope):
                if not getattr(self, "built", False):
                    first = tf.nest.flatten(inputs)[0]
                    if self.dtype is None:
                        self._dtype = first.dtype
                    shapes = tf.nest.map_structure(lambda t: t.shape, inputs)
                    self.build(shapes if tf.nest.is_nested(inputs) else first.shape)
                    self.built = True
                return self.call(inputs, state, *args, **kwargs)

    # -- states ------------------------------------------------------------
    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        """Zero-filled state tensor(s) for ``batch_size`` examples."""
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return zero_state_tensors(self.state_size, batch_size, dtype)

    def get_initial_state(self, inputs: Any = None, batch_size: Any = None, dtype: Any = None) -> Any:
        if inputs is not None:
            first = tf.nest.flatten(inputs)[0]
            static = tf.compat.dimension_value(first.shape[0])
            batch_size = static if static is not None else tf.shape(first)[0]
            dtype = dtype or first.dtype
        return self.zero_state(batch_size, dtype)


LayerRNNCell = RNNCell


def linear(args: Any, output_size: int, bias: bool, bias_initializer: Any = None,
           kernel_initializer: Any = None, bias_start: float | None = None, scope: Any = None) -> tf.Tensor:
    """TF 1.x ``rnn_cell_impl._linear``: ``concat(args, 1) @ kernel (+ bias)`` in the current scope.

    ``bias_start`` and ``scope`` are the TF 0.12 spellings (a constant bias, an extra scope).
    """
    args = list(args) if isinstance(args, (list, tuple)) else [args]
    if not args:
        raise ValueError("`args` must be specified")
    depths = [tf.compat.dimension_value(a.shape[-1]) for a in args]
    if any(d is None for d in depths) or any(a.shape.rank != 2 for a in args):
        raise ValueError(f"linear expects 2D arguments with known last dimension: {[a.shape for a in args]}")
    dtype = args[0].dtype
    if bias_initializer is None and bias_start is not None:
        bias_initializer = tf.constant_initializer(bias_start)
    with v1.variable_scope(scope or v1.get_variable_scope()):
        kernel = v1.get_variable(WEIGHTS_NAME, [sum(int(d) for d in depths), output_size], dtype=dtype,
                                 initializer=kernel_initializer)
        result = tf.matmul(args[0] if len(args) == 1 else tf.concat(args, 1), kernel)
        if not bias:
            return result
        biases = v1.get_variable(BIAS_NAME, [output_size], dtype=dtype,
                                 initializer=bias_initializer or tf.zeros_initializer())
        return tf.nn.bias_add(result, biases)


def input_depth(inputs_shape: Any) -> int:
    """Static last dimension of the inputs, as TF 1.x cells require."""
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
    if depth is None:
        raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {inputs_shape}")
    return int(depth)
