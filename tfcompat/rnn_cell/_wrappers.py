"""TF 1.x cell wrappers: Dropout, Residual, Device, OutputProjection, InputProjection."""
from __future__ import annotations

import zlib
from typing import Any, Callable

import tensorflow as tf

from ._base import BIAS_NAME, WEIGHTS_NAME, LSTMStateTuple, RNNCell


class _CellWrapper(RNNCell):
    """Forwards sizes, variables and zero state to ``cell``."""

    def __init__(self, cell: RNNCell, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cell = cell

    @property
    def wrapped_cell(self) -> RNNCell:
        return self._cell

    @property
    def state_size(self) -> Any:
        return self._cell.state_size

    @property
    def output_size(self) -> Any:
        return self._cell.output_size

    @property
    def variables(self) -> list:
        return self._cell.variables

    @property
    def trainable_variables(self) -> list:
        return self._cell.trainable_variables

    weights, trainable_weights = variables, trainable_variables

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)


def _keep_prob_value(prob: Any, attr: str) -> Any:
    """A Python float when ``prob`` is constant (checked to lie in [0, 1]), else the tensor."""
    tensor = tf.convert_to_tensor(prob)
    constant = tf.get_static_value(tensor)
    if constant is None:
        return tensor
    if constant < 0 or constant > 1:
        raise ValueError(f"Parameter {attr} must be between 0 and 1: {constant}")
    return float(constant)


def _should_dropout(prob: Any) -> bool:
    return not isinstance(prob, float) or prob < 1


def _default_state_filter(substate: Any) -> Any:
    """Drop out everything but the ``c`` part of LSTM states (TF 1.x default)."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


class DropoutWrapper(_CellWrapper):
    """Dropout on the cell's inputs, outputs and state (optionally variational: one mask per sequence)."""

    def __init__(self, cell: RNNCell, input_keep_prob: Any = 1.0, output_keep_prob: Any = 1.0,
                 state_keep_prob: Any = 1.0, variational_recurrent: bool = False,
                 input_size: Any = None, dtype: Any = None, seed: int | None = None,
                 dropout_state_filter_visitor: Callable | None = None) -> None:
        super().__init__(cell)
        self._input_keep_prob = _keep_prob_value(input_keep_prob, "input_keep_prob")
        self._state_keep_prob = _keep_prob_value(state_keep_prob, "state_keep_prob")
        self._output_keep_prob = _keep_prob_value(output_keep_prob, "output_keep_prob")
        self._variational_recurrent = variational_recurrent
        self._seed = seed
        self._state_filter = dropout_state_filter_visitor or _default_state_filter
        self._noise: dict[str, Any] = {}
        if variational_recurrent:
            if dtype is None:
                raise ValueError("When variational_recurrent=True, dtype must be provided")
            if _should_dropout(self._input_keep_prob):
                if input_size is None:
                    raise ValueError("When variational_recurrent=True and input_keep_prob < 1.0 or "
                                     "is unknown, input_size must be provided")
                self._noise["input"] = self._make_noise(input_size, dtype, "input")
            self._noise["state"] = self._make_noise(cell.state_size, dtype, "state")
            self._noise["output"] = self._make_noise(cell.output_size, dtype, "output")

    def _make_noise(self, sizes: Any, dtype: Any, salt: str) -> Any:
        flat = tf.nest.flatten(sizes)
        noise = []
        for index, size in enumerate(flat):
            shape = [1] + (list(size) if isinstance(size, (list, tuple)) else [int(size)])
            seed = None if self._seed is None else zlib.crc32(f"{self._seed}/{salt}/{index}".encode()) % (2**31 - 1)
            noise.append(tf.random.uniform(shape, seed=seed, dtype=dtype))
        return tf.nest.pack_sequence_as(sizes, noise)

    def _dropout_one(self, value: tf.Tensor, keep_prob: Any, noise: Any) -> tf.Tensor:
        if noise is None:
            return tf.nn.dropout(value, rate=1 - keep_prob, seed=self._seed)
        result = tf.math.divide(value, keep_prob) * tf.floor(keep_prob + noise)
        result.set_shape(value.shape)
        return result

    def _dropout(self, values: Any, kind: str, keep_prob: Any, mask: Any = None) -> Any:
        noise = self._noise.get(kind)
        flat_values = tf.nest.flatten(values)
        flat_noise = tf.nest.flatten(noise) if noise is not None else [None] * len(flat_values)
        flat_mask = tf.nest.flatten(mask) if mask is not None else [True] * len(flat_values)
        dropped = [self._dropout_one(v, keep_prob, n) if m else v
                   for v, n, m in zip(flat_values, flat_noise, flat_mask)]
        return tf.nest.pack_sequence_as(values, dropped)

    def _state_mask(self, state: Any) -> Any:
        def visit(substate: Any) -> Any:
            keep = self._state_filter(substate)
            if isinstance(keep, bool):
                return tf.nest.map_structure(lambda _: keep, substate)
            if isinstance(substate, LSTMStateTuple):
                return LSTMStateTuple(*[bool(k) for k in keep])
            return keep
        if isinstance(state, (list, tuple)) and not isinstance(state, LSTMStateTuple):
            return type(state)(self._state_mask(s) for s in state)
        return visit(state)

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple:
        if _should_dropout(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._input_keep_prob)
        output, new_state = self._cell(inputs, state, scope=scope)
        if _should_dropout(self._state_keep_prob):
            new_state = self._dropout(new_state, "state", self._state_keep_prob, self._state_mask(new_state))
        if _should_dropout(self._output_keep_prob):
            output = self._dropout(output, "output", self._output_keep_prob)
        return output, new_state


class ResidualWrapper(_CellWrapper):
    """Adds the cell's inputs to its outputs (or applies ``residual_fn(inputs, outputs)``)."""

    def __init__(self, cell: RNNCell, residual_fn: Callable | None = None) -> None:
        super().__init__(cell)
        self._residual_fn = residual_fn

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple:
        outputs, new_state = self._cell(inputs, state, scope=scope)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state
        tf.nest.assert_same_structure(inputs, outputs)
        return tf.nest.map_structure(lambda i, o: i + o, inputs, outputs), new_state


class DeviceWrapper(_CellWrapper):
    """Runs the cell (and builds its zero state) on ``device``."""

    def __init__(self, cell: RNNCell, device: str) -> None:
        super().__init__(cell)
        self._device = device

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with tf.device(self._device):
            return super().zero_state(batch_size, dtype)

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple:
        with tf.device(self._device):
            return self._cell(inputs, state, scope=scope)


class _ProjectionWrapper(_CellWrapper):
    """A cell wrapper with its own scope and one ``kernel``/``bias`` linear map; its variables are the cell's,
    then its own."""

    def __init__(self, cell: RNNCell, size: int, activation: Callable | None = None,
                 reuse: bool | None = None) -> None:
        super().__init__(cell, _reuse=reuse)
        self._size = size
        self._activation = activation
        self._linear_vars: tuple | None = None

    def _linear(self, value: tf.Tensor) -> tf.Tensor:
        if self._linear_vars is None:
            depth = int(value.shape[-1])
            kernel = self.add_variable(WEIGHTS_NAME, [depth, self._size], dtype=value.dtype)
            bias = self.add_variable(BIAS_NAME, [self._size], dtype=value.dtype,
                                     initializer=tf.zeros_initializer())
            self._linear_vars = (kernel, bias)
        kernel, bias = self._linear_vars
        result = tf.nn.bias_add(tf.matmul(value, kernel), bias)
        return self._activation(result) if self._activation else result

    @property
    def variables(self) -> list:
        return self._cell.variables + list(getattr(self, "_variables", []))

    @property
    def trainable_variables(self) -> list:
        return self._cell.trainable_variables + list(getattr(self, "_trainable_variables", []))

    weights, trainable_weights = variables, trainable_variables


class OutputProjectionWrapper(_ProjectionWrapper):
    """Projects the cell's output to ``output_size`` with a ``kernel``/``bias`` pair."""

    def __init__(self, cell: RNNCell, output_size: int, activation: Callable | None = None,
                 reuse: bool | None = None) -> None:
        if output_size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {output_size}.")
        super().__init__(cell, output_size, activation, reuse)

    @property
    def output_size(self) -> int:
        return self._size

    def call(self, inputs: Any, state: Any) -> tuple:
        output, new_state = self._cell(inputs, state)
        return self._linear(output), new_state


class InputProjectionWrapper(_ProjectionWrapper):
    """Projects the inputs to ``num_proj`` features before the cell."""

    def __init__(self, cell: RNNCell, num_proj: int, activation: Callable | None = None,
                 input_size: Any = None, reuse: bool | None = None) -> None:
        super().__init__(cell, num_proj, activation, reuse)

    def call(self, inputs: Any, state: Any) -> tuple:
        return self._cell(self._linear(inputs), state)
