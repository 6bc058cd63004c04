"""TF 1.x RNN cells: BasicRNNCell, BasicLSTMCell, LSTMCell, GRUCell, MultiRNNCell."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import tensorflow as tf

from ._base import BIAS_NAME, WEIGHTS_NAME, LSTMStateTuple, RNNCell, input_depth, v1


class BasicRNNCell(RNNCell):
    """``output = new_state = act(W [inputs, state] + b)``."""

    def __init__(self, num_units: int, activation: Callable | None = None, reuse: bool | None = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = activation or tf.tanh

    @property
    def state_size(self) -> int:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: tf.TensorShape) -> None:
        depth = input_depth(inputs_shape)
        self._kernel = self.add_variable(WEIGHTS_NAME, [depth + self._num_units, self._num_units])
        self._bias = self.add_variable(BIAS_NAME, [self._num_units],
                                       initializer=tf.zeros_initializer())

    def call(self, inputs: tf.Tensor, state: tf.Tensor) -> tuple:
        gate_inputs = tf.matmul(tf.concat([inputs, state], 1), self._kernel)
        output = self._activation(tf.nn.bias_add(gate_inputs, self._bias))
        return output, output


class BasicLSTMCell(RNNCell):
    """LSTM without peepholes: gates i, j, f, o from one matmul, ``forget_bias`` added to f."""

    def __init__(self, num_units: int, forget_bias: float = 1.0, state_is_tuple: bool = True,
                 activation: Callable | None = None, reuse: bool | None = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or tf.tanh

    @property
    def state_size(self) -> Any:
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: tf.TensorShape) -> None:
        depth = input_depth(inputs_shape)
        self._kernel = self.add_variable(WEIGHTS_NAME, [depth + self._num_units, 4 * self._num_units])
        self._bias = self.add_variable(BIAS_NAME, [4 * self._num_units],
                                       initializer=tf.zeros_initializer())

    def call(self, inputs: tf.Tensor, state: Any) -> tuple:
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = tf.split(state, 2, axis=1)
        gate_inputs = tf.nn.bias_add(tf.matmul(tf.concat([inputs, h], 1), self._kernel), self._bias)
        i, j, f, o = tf.split(gate_inputs, 4, axis=1)
        forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
        new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * tf.sigmoid(o)
        if self._state_is_tuple:
            return new_h, LSTMStateTuple(new_c, new_h)
        return new_h, tf.concat([new_c, new_h], 1)


class LSTMCell(RNNCell):
    """LSTM with optional peepholes, cell clipping and output projection (TF 1.x ``LSTMCell``)."""

    def __init__(self, num_units: int, use_peepholes: bool = False, cell_clip: float | None = None,
                 initializer: Any = None, num_proj: int | None = None, proj_clip: float | None = None,
                 num_unit_shards: int | None = None, num_proj_shards: int | None = None,
                 forget_bias: float = 1.0, state_is_tuple: bool = True,
                 activation: Callable | None = None, reuse: bool | None = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or tf.tanh

    @property
    def state_size(self) -> Any:
        proj = self._num_proj or self._num_units
        if self._state_is_tuple:
            return LSTMStateTuple(self._num_units, proj)
        return self._num_units + proj

    @property
    def output_size(self) -> int:
        return self._num_proj or self._num_units

    def build(self, inputs_shape: tf.TensorShape) -> None:
        depth = input_depth(inputs_shape)
        h_depth = self._num_proj or self._num_units
        shards = self._num_unit_shards
        self._kernel = self.add_variable(
            WEIGHTS_NAME, [depth + h_depth, 4 * self._num_units], initializer=self._initializer,
            partitioner=v1.fixed_size_partitioner(shards) if shards else None)
        self._bias = self.add_variable(BIAS_NAME, [4 * self._num_units],
                                       initializer=tf.zeros_initializer())
        if self._use_peepholes:
            self._w_f_diag = self.add_variable("w_f_diag", [self._num_units], initializer=self._initializer)
            self._w_i_diag = self.add_variable("w_i_diag", [self._num_units], initializer=self._initializer)
            self._w_o_diag = self.add_variable("w_o_diag", [self._num_units], initializer=self._initializer)
        if self._num_proj is not None:
            proj_shards = self._num_proj_shards
            self._proj_kernel = self.add_variable(
                f"projection/{WEIGHTS_NAME}", [self._num_units, self._num_proj],
                initializer=self._initializer,
                partitioner=v1.fixed_size_partitioner(proj_shards) if proj_shards else None)

    def call(self, inputs: tf.Tensor, state: Any) -> tuple:
        proj = self._num_proj or self._num_units
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = tf.slice(state, [0, 0], [-1, self._num_units])
            m_prev = tf.slice(state, [0, self._num_units], [-1, proj])
        lstm_matrix = tf.nn.bias_add(tf.matmul(tf.concat([inputs, m_prev], 1), self._kernel), self._bias)
        i, j, f, o = tf.split(lstm_matrix, 4, axis=1)
        if self._use_peepholes:
            c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                 + tf.sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = tf.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


class GRUCell(RNNCell):
    """GRU: ``r, u = sigmoid(W_g [x, h] + b_g)``; ``c = act(W_c [x, r*h] + b_c)``; ``h' = u*h + (1-u)*c``."""

    def __init__(self, num_units: int, activation: Callable | None = None, reuse: bool | None = None,
                 kernel_initializer: Any = None, bias_initializer: Any = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = activation or tf.tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self) -> int:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: tf.TensorShape) -> None:
        depth = input_depth(inputs_shape) + self._num_units
        n = self._num_units
        self._gate_kernel = self.add_variable(f"gates/{WEIGHTS_NAME}", [depth, 2 * n],
                                              initializer=self._kernel_initializer)
        self._gate_bias = self.add_variable(
            f"gates/{BIAS_NAME}", [2 * n],
            initializer=self._bias_initializer or tf.constant_initializer(1.0))
        self._candidate_kernel = self.add_variable(f"candidate/{WEIGHTS_NAME}", [depth, n],
                                                   initializer=self._kernel_initializer)
        self._candidate_bias = self.add_variable(
            f"candidate/{BIAS_NAME}", [n], initializer=self._bias_initializer or tf.zeros_initializer())

    def call(self, inputs: tf.Tensor, state: tf.Tensor) -> tuple:
        gates = tf.sigmoid(tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel),
                                          self._gate_bias))
        r, u = tf.split(gates, 2, axis=1)
        candidate = tf.nn.bias_add(tf.matmul(tf.concat([inputs, r * state], 1), self._candidate_kernel),
                                   self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class MultiRNNCell(RNNCell):
    """Cells stacked in order; layer ``k`` lives in scope ``cell_k``."""

    def __init__(self, cells: Sequence[RNNCell], state_is_tuple: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not tf.nest.is_nested(cells):
            raise TypeError(f"cells must be a list or tuple, but saw: {cells}.")
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(tf.nest.is_nested(c.state_size) for c in self._cells):
            raise ValueError("Some cells return tuples of states, but the flag state_is_tuple is not "
                             f"set.  State sizes are: {[c.state_size for c in self._cells]}")

    @property
    def state_size(self) -> Any:
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    @property
    def output_size(self) -> Any:
        return self._cells[-1].output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        if self._state_is_tuple:
            with tf.name_scope(type(self).__name__ + "ZeroState"):
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
        return super().zero_state(batch_size, dtype)

    @property
    def variables(self) -> list:
        return [v for cell in self._cells for v in cell.variables]

    @property
    def trainable_variables(self) -> list:
        return [v for cell in self._cells for v in cell.trainable_variables]

    weights, trainable_weights = variables, trainable_variables

    def call(self, inputs: Any, state: Any) -> tuple:
        position = 0
        current = inputs
        new_states = []
        for index, cell in enumerate(self._cells):
            with v1.variable_scope(f"cell_{index}"):
                if self._state_is_tuple:
                    if not tf.nest.is_nested(state):
                        raise ValueError(f"Expected state to be a tuple of length "
                                         f"{len(self.state_size)}, but received: {state}")
                    cell_state = state[index]
                else:
                    cell_state = tf.slice(state, [0, position], [-1, cell.state_size])
                    position += cell.state_size
                current, new_state = cell(current, cell_state)
                new_states.append(new_state)
        if self._state_is_tuple:
            return current, tuple(new_states)
        return current, tf.concat(new_states, 1)
