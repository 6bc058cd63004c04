"""contrib.rnn LayerNormBasicLSTMCell and AttentionCellWrapper (TF 1.x variable layout)."""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ...rnn_cell._base import LSTMStateTuple, RNNCell, v1


def _linear(args: list, output_size: int, name_scope: str | None = None) -> tf.Tensor:
    """contrib ``_Linear``: ``concat(args) @ kernel + bias`` in the current (or a sub-) scope."""
    value = tf.concat(args, 1) if len(args) > 1 else args[0]
    with v1.variable_scope(name_scope or v1.get_variable_scope()):
        kernel = v1.get_variable("kernel", [int(value.shape[-1]), output_size], dtype=value.dtype)
        bias = v1.get_variable("bias", [output_size], dtype=value.dtype, initializer=tf.zeros_initializer())
    return tf.nn.bias_add(tf.matmul(value, kernel), bias)


class LayerNormBasicLSTMCell(RNNCell):
    """LSTM with layer normalization of each gate and of the new cell state (Ba et al. 2016)."""

    def __init__(self, num_units: int, forget_bias: float = 1.0, input_size: Any = None,
                 activation: Callable = tf.tanh, layer_norm: bool = True, norm_gain: float = 1.0,
                 norm_shift: float = 0.0, dropout_keep_prob: Any = 1.0, dropout_prob_seed: int | None = None,
                 reuse: bool | None = None) -> None:
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._activation = activation
        self._forget_bias = forget_bias
        self._keep_prob = dropout_keep_prob
        self._seed = dropout_prob_seed
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift

    @property
    def state_size(self) -> LSTMStateTuple:
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self) -> int:
        return self._num_units

    def _norm(self, value: tf.Tensor, scope: str) -> tf.Tensor:
        with v1.variable_scope(scope):
            gamma = v1.get_variable("gamma", value.shape[-1:], value.dtype,
                                    tf.constant_initializer(self._norm_gain))
            beta = v1.get_variable("beta", value.shape[-1:], value.dtype,
                                   tf.constant_initializer(self._norm_shift))
        mean, variance = tf.nn.moments(value, [1], keepdims=True)
        return tf.nn.batch_normalization(value, mean, variance, beta, gamma, 1e-12)

    def call(self, inputs: tf.Tensor, state: Any) -> tuple:
        c, h = state
        args = tf.concat([inputs, h], 1)
        kernel = v1.get_variable("kernel", [int(args.shape[-1]), 4 * self._num_units], args.dtype)
        concat = tf.matmul(args, kernel)
        if not self._layer_norm:
            concat = tf.nn.bias_add(concat, v1.get_variable("bias", [4 * self._num_units], args.dtype))
        i, j, f, o = tf.split(concat, 4, axis=1)
        if self._layer_norm:
            i, j = self._norm(i, "input"), self._norm(j, "transform")
            f, o = self._norm(f, "forget"), self._norm(o, "output")
        g = self._activation(j)
        if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
            g = tf.nn.dropout(g, rate=1 - self._keep_prob, seed=self._seed)
        new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state")
        new_h = self._activation(new_c) * tf.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


class AttentionCellWrapper(RNNCell):
    """Attention over the last ``attn_length`` outputs (Vinyals et al. 2015), contrib layout."""

    def __init__(self, cell: RNNCell, attn_length: int, attn_size: int | None = None,
                 attn_vec_size: int | None = None, input_size: int | None = None, state_is_tuple: bool = True,
                 reuse: bool | None = None) -> None:
        super().__init__(_reuse=reuse)
        if attn_length <= 0:
            raise ValueError(f"attn_length should be greater than zero, got {attn_length}")
        if not state_is_tuple:
            raise NotImplementedError("tfcompat AttentionCellWrapper supports state_is_tuple=True only")
        self._cell = cell
        self._attn_length = attn_length
        self._attn_size = attn_size or cell.output_size
        self._attn_vec_size = attn_vec_size or self._attn_size
        self._input_size = input_size

    @property
    def state_size(self) -> tuple:
        return (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)

    @property
    def output_size(self) -> int:
        return self._attn_size

    def call(self, inputs: tf.Tensor, state: tuple) -> tuple:
        state, attns, attn_states = state
        attn_states = tf.reshape(attn_states, [-1, self._attn_length, self._attn_size])
        inputs = _linear([inputs, attns], self._input_size or int(inputs.shape[1]))
        cell_output, new_state = self._cell(inputs, state)
        new_attns, new_attn_states = self._attention(tf.concat(tf.nest.flatten(new_state), 1), attn_states)
        output = _linear([cell_output, new_attns], self._attn_size, "attn_output_projection")
        new_attn_states = tf.concat([new_attn_states, tf.expand_dims(output, 1)], 1)
        new_attn_states = tf.reshape(new_attn_states, [-1, self._attn_length * self._attn_size])
        return output, (new_state, new_attns, new_attn_states)

    def _attention(self, query: tf.Tensor, attn_states: tf.Tensor) -> tuple:
        with v1.variable_scope("attention"):
            k = v1.get_variable("attn_w", [1, 1, self._attn_size, self._attn_vec_size], query.dtype)
            v = v1.get_variable("attn_v", [self._attn_vec_size], query.dtype)
            hidden = tf.reshape(attn_states, [-1, self._attn_length, 1, self._attn_size])
            hidden_features = tf.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME")
            y = tf.reshape(_linear([query], self._attn_vec_size), [-1, 1, 1, self._attn_vec_size])
            scores = tf.reduce_sum(v * tf.tanh(hidden_features + y), [2, 3])
            weights = tf.nn.softmax(scores)
            context = tf.reduce_sum(tf.reshape(weights, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
            return tf.reshape(context, [-1, self._attn_size]), attn_states[:, 1:, :]
