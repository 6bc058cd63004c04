"""TF 1.x RNN cells: numerics against numpy, variable names, reuse rules, wrappers."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import rnn, rnn_cell

from .helpers import B, D, inputs, names, run, run_randomized
from .numpy_rnn import basic_rnn_step, gru_step, run_cell, run_lstm

v1 = tf.compat.v1


@pytest.mark.parametrize("forget_bias", [1.0, 0.3])
@pytest.mark.parametrize("state_is_tuple", [True, False])
def test_basic_lstm_matches_numpy_through_static_rnn(graph, forget_bias, state_is_tuple):
    x = inputs()
    cell = rnn_cell.BasicLSTMCell(6, forget_bias=forget_bias, state_is_tuple=state_is_tuple)
    outputs, state = rnn.static_rnn(cell, tf.unstack(tf.constant(x), axis=1), dtype=tf.float32)
    assert names() == ["rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0"]
    (outs, final), (kernel, bias) = run_randomized(tf.stack(outputs, 1), state)
    ref_out, (c, h) = run_lstm(x, kernel, bias, 6, forget_bias=forget_bias)
    np.testing.assert_allclose(outs, ref_out, rtol=1e-5, atol=1e-5)
    final = np.concatenate(final, 1) if state_is_tuple else final
    np.testing.assert_allclose(final, np.concatenate([c, h], 1), rtol=1e-5, atol=1e-5)


def test_basic_lstm_custom_activation(graph):
    x = inputs()
    cell = rnn_cell.BasicLSTMCell(4, activation=tf.nn.relu)
    outputs, _ = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    (outs,), (kernel, bias) = run_randomized(outputs)
    expected, _ = run_lstm(x, kernel, bias, 4, act=lambda v: np.maximum(v, 0))
    np.testing.assert_allclose(outs, expected, rtol=1e-5, atol=1e-5)


def test_lstm_cell_peepholes_clip_projection(graph):
    x = inputs()
    cell = rnn_cell.LSTMCell(6, use_peepholes=True, cell_clip=0.7, num_proj=3, proj_clip=0.4,
                             forget_bias=0.5, initializer=tf.constant_initializer(0.1))
    outputs, state = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert names() == ["rnn/lstm_cell/kernel:0", "rnn/lstm_cell/bias:0", "rnn/lstm_cell/w_f_diag:0",
                       "rnn/lstm_cell/w_i_diag:0", "rnn/lstm_cell/w_o_diag:0",
                       "rnn/lstm_cell/projection/kernel:0"]
    assert cell.state_size == (6, 3) and cell.output_size == 3
    (outs, final), (kernel, bias, w_f, w_i, w_o, proj) = run_randomized(outputs, state)
    ref, (c, h) = run_lstm(x, kernel, bias, 6, forget_bias=0.5, peep=(w_f, w_i, w_o), cell_clip=0.7,
                           proj=proj, proj_clip=0.4)
    np.testing.assert_allclose(outs, ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(final.c, c, rtol=1e-5, atol=1e-5)


def test_lstm_cell_initializer_is_used(graph):
    cell = rnn_cell.LSTMCell(2, initializer=tf.constant_initializer(0.25))
    rnn.dynamic_rnn(cell, inputs(depth=2), dtype=tf.float32)
    kernel, bias = run(*v1.global_variables())
    np.testing.assert_array_equal(kernel, np.full((4, 8), 0.25, np.float32))
    np.testing.assert_array_equal(bias, np.zeros(8, np.float32))


def test_gru_and_basic_rnn_match_numpy(graph):
    x = inputs()
    gru_out, gru_state = rnn.dynamic_rnn(rnn_cell.GRUCell(4), x, dtype=tf.float32, scope="g")
    rnn_out, _ = rnn.dynamic_rnn(rnn_cell.BasicRNNCell(3), x, dtype=tf.float32, scope="b")
    assert names() == ["g/gru_cell/gates/kernel:0", "g/gru_cell/gates/bias:0", "g/gru_cell/candidate/kernel:0",
                       "g/gru_cell/candidate/bias:0", "b/basic_rnn_cell/kernel:0", "b/basic_rnn_cell/bias:0"]
    (g_out, g_state, r_out), (gk, gb, ck, cb, rk, rb) = run_randomized(gru_out, gru_state, rnn_out)
    ref, h = run_cell(lambda xt, ht: gru_step(xt, ht, gk, gb, ck, cb), x, np.zeros((B, 4)))
    np.testing.assert_allclose(g_out, ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(g_state, h, rtol=1e-5, atol=1e-5)
    ref_rnn, _ = run_cell(lambda xt, ht: basic_rnn_step(xt, ht, rk, rb), x, np.zeros((B, 3)))
    np.testing.assert_allclose(r_out, ref_rnn, rtol=1e-5, atol=1e-5)


def test_gru_gate_bias_starts_at_one(graph):
    rnn.dynamic_rnn(rnn_cell.GRUCell(2), inputs(depth=2), dtype=tf.float32)
    _, gate_bias, _, cand_bias = run(*v1.global_variables())
    np.testing.assert_array_equal(gate_bias, np.ones(4, np.float32))
    np.testing.assert_array_equal(cand_bias, np.zeros(2, np.float32))


@pytest.mark.parametrize("state_is_tuple", [True, False])
def test_multi_rnn_cell_names_and_numbers(graph, state_is_tuple):
    x = inputs()
    cells = [rnn_cell.BasicLSTMCell(4, state_is_tuple=state_is_tuple) for _ in range(2)]
    cell = rnn_cell.MultiRNNCell(cells, state_is_tuple=state_is_tuple)
    outputs, _ = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert names() == [f"rnn/multi_rnn_cell/cell_{k}/basic_lstm_cell/{v}:0" for k in (0, 1)
                       for v in ("kernel", "bias")]
    (outs,), (k0, b0, k1, b1) = run_randomized(outputs)
    layer0, _ = run_lstm(x, k0, b0, 4)
    np.testing.assert_allclose(outs, run_lstm(layer0, k1, b1, 4)[0], rtol=1e-5, atol=1e-5)


def test_same_cell_object_reuses_its_variables(graph):
    cell = rnn_cell.BasicLSTMCell(3)
    x = tf.constant(inputs())
    rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert names() == ["rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0"]


def test_new_cell_in_same_scope_raises_unless_reuse(graph):
    x = tf.constant(inputs())
    rnn.dynamic_rnn(rnn_cell.BasicLSTMCell(3), x, dtype=tf.float32)
    with pytest.raises(ValueError, match="already exists"):
        rnn.dynamic_rnn(rnn_cell.BasicLSTMCell(3), x, dtype=tf.float32)
    v1.get_variable_scope().reuse_variables()
    rnn.dynamic_rnn(rnn_cell.BasicLSTMCell(3), x, dtype=tf.float32)
    assert len(v1.global_variables()) == 2


def test_explicit_scope_argument_names_variables(graph):
    cell = rnn_cell.GRUCell(2)
    x = tf.zeros([B, D])
    cell(x, cell.zero_state(B, tf.float32), scope="my_gru")
    assert names()[0] == "my_gru/gates/kernel:0"


class LegacyCell(rnn_cell.RNNCell):
    """A TF 0.12-style subclass: overrides __call__, never calls super().__init__."""

    def __init__(self, num_units):
        self._num_units = num_units

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def __call__(self, inputs, state, scope=None):
        with v1.variable_scope(scope or type(self).__name__):
            w = v1.get_variable("W", [inputs.shape[1] + self._num_units, self._num_units])
            u = v1.get_variable("U", [self._num_units, self._num_units])
            new = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), w) + tf.matmul(state, u))
        return new, new


class Tf1Cell(rnn_cell.RNNCell):
    """A TF 1.x-style subclass: build() + call() with add_variable."""

    def __init__(self, num_units, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        self._w = self.add_variable("w", [inputs_shape[1] + self._num_units, self._num_units])

    def call(self, inputs, state):
        new = tf.sigmoid(tf.matmul(tf.concat([inputs, state], 1), self._w))
        return new, new


def test_legacy_subclass_in_static_rnn_reuses_per_step(graph):
    x = inputs()
    outputs, state = rnn.static_rnn(LegacyCell(3), tf.unstack(tf.constant(x), axis=1), dtype=tf.float32)
    assert names() == ["rnn/LegacyCell/W:0", "rnn/LegacyCell/U:0"]
    (outs,), (w, u) = run_randomized(tf.stack(outputs, 1))
    def step(xt, h):
        new = np.tanh(np.concatenate([xt, h], 1) @ w + h @ u)
        return new, new

    np.testing.assert_allclose(outs, run_cell(step, x, np.zeros((B, 3)))[0], rtol=1e-5, atol=1e-5)


def test_tf1_subclass_with_build_and_call(graph):
    x = inputs()
    cell = Tf1Cell(2)
    outputs, _ = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert names() == ["rnn/tf1_cell/w:0"] and cell.trainable_variables[0].name == "rnn/tf1_cell/w:0"
    (outs,), (w,) = run_randomized(outputs)
    def step(xt, h):
        new = 1 / (1 + np.exp(-np.concatenate([xt, h], 1) @ w))
        return new, new

    np.testing.assert_allclose(outs, run_cell(step, x, np.zeros((B, 2)))[0], rtol=1e-5, atol=1e-5)


def test_wrappers_residual_projection_device(graph):
    x = inputs(depth=4)
    residual = rnn_cell.ResidualWrapper(rnn_cell.BasicLSTMCell(4))
    projected = rnn_cell.OutputProjectionWrapper(rnn_cell.DeviceWrapper(rnn_cell.GRUCell(3), "/cpu:0"), 2)
    res_out, _ = rnn.dynamic_rnn(residual, x, dtype=tf.float32, scope="r")
    proj_out, _ = rnn.dynamic_rnn(projected, x, dtype=tf.float32, scope="p")
    assert names() == ["r/basic_lstm_cell/kernel:0", "r/basic_lstm_cell/bias:0",
                       "p/output_projection_wrapper/gru_cell/gates/kernel:0",
                       "p/output_projection_wrapper/gru_cell/gates/bias:0",
                       "p/output_projection_wrapper/gru_cell/candidate/kernel:0",
                       "p/output_projection_wrapper/gru_cell/candidate/bias:0",
                       "p/output_projection_wrapper/kernel:0", "p/output_projection_wrapper/bias:0"]
    (r_out, p_out), (k, b, gk, gb, ck, cb, pk, pb) = run_randomized(res_out, proj_out)
    np.testing.assert_allclose(r_out, run_lstm(x, k, b, 4)[0] + x, rtol=1e-5, atol=1e-5)
    gru_out, _ = run_cell(lambda xt, ht: gru_step(xt, ht, gk, gb, ck, cb), x, np.zeros((B, 3)))
    np.testing.assert_allclose(p_out, gru_out @ pk + pb, rtol=1e-5, atol=1e-5)


def test_dropout_wrapper_keep_one_is_identity_and_masks_scale(graph):
    x = np.ones((64, 3, 8), np.float32)
    base = rnn_cell.BasicRNNCell(8, activation=tf.identity)
    kept, _ = rnn.dynamic_rnn(rnn_cell.DropoutWrapper(base, 1.0, 1.0, 1.0), x, dtype=tf.float32)
    plain, _ = rnn.dynamic_rnn(base, x, dtype=tf.float32)
    dropped, _ = rnn.dynamic_rnn(rnn_cell.DropoutWrapper(base, output_keep_prob=0.5, seed=1), x,
                                 dtype=tf.float32)
    variational, _ = rnn.dynamic_rnn(
        rnn_cell.DropoutWrapper(base, output_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32, seed=2),
        x, dtype=tf.float32)
    k, p, d, var = run(kept, plain, dropped, variational)
    np.testing.assert_allclose(k, p)
    assert set(np.unique(np.isclose(d, 0) | np.isclose(d, 2 * p))) == {True}
    assert 0.3 < np.mean(d == 0) < 0.7
    zero_pattern = var == 0
    assert (zero_pattern == zero_pattern[:1, :1]).all()  # one mask for all examples and steps


def test_dropout_wrapper_rejects_bad_probability():
    with pytest.raises(ValueError, match="between 0 and 1"):
        rnn_cell.DropoutWrapper(rnn_cell.GRUCell(2), input_keep_prob=1.5)


def test_lstm_state_tuple_and_zero_state(graph):
    cell = rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(2), rnn_cell.GRUCell(3)])
    state = cell.zero_state(4, tf.float32)
    assert isinstance(state[0], rnn_cell.LSTMStateTuple) and state[0].dtype == tf.float32
    assert state[0].c.shape.as_list() == [4, 2] and state[1].shape.as_list() == [4, 3]


class NotesStyleLSTM(rnn_cell.RNNCell):
    """The user's notes, item 2: a cell body written with ``_linear`` and ``split(1, 4, concat)``."""

    def __init__(self, num_units, forget_bias=1.0):
        self._num_units = num_units
        self._forget_bias = forget_bias

    state_size = property(lambda self: rnn_cell.LSTMStateTuple(self._num_units, self._num_units))
    output_size = property(lambda self: self._num_units)

    def __call__(self, inputs, state, scope=None):
        with v1.variable_scope(scope or "basic_lstm_cell"):
            c, h = state
            concat = rnn_cell._linear([inputs, h], 4 * self._num_units, True)
            i, j, f, o = tf.split(concat, 4, axis=1)
            new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * tf.tanh(j)
            new_h = tf.tanh(new_c) * tf.sigmoid(o)
            return new_h, rnn_cell.LSTMStateTuple(new_c, new_h)


def test_linear_helper_gives_basic_lstm_names_and_numbers(graph):
    x = inputs()
    outputs, _ = rnn.static_rnn(NotesStyleLSTM(3, 0.5), tf.unstack(tf.constant(x), axis=1), dtype=tf.float32)
    assert names() == ["rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0"]
    (outs,), (kernel, bias) = run_randomized(tf.stack(outputs, 1))
    np.testing.assert_allclose(outs, run_lstm(x, kernel, bias, 3, forget_bias=0.5)[0], rtol=1e-5, atol=1e-5)
    with v1.variable_scope("old"):
        projected = rnn_cell.linear(tf.ones([2, 4]), 3, True, bias_start=0.25, scope="proj")
    assert names()[-2:] == ["old/proj/kernel:0", "old/proj/bias:0"]
    value, kernel = run(projected, v1.global_variables()[-2])
    # atol: float32 sums of 4 terms near 1 are off by ~1e-7, which rtol alone fails when a random kernel sums
    # to near -0.25 (a value near 0)
    np.testing.assert_allclose(value, np.ones([2, 4]) @ kernel + 0.25, rtol=1e-5, atol=1e-6)


def test_dropout_wrapper_state_drops_h_but_not_c(graph):
    x = np.ones((50, 1, 4), np.float32)
    cell = rnn_cell.BasicLSTMCell(64)
    _, kept = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    state_only = rnn_cell.DropoutWrapper(cell, state_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32,
                                         seed=3)
    _, dropped = rnn.dynamic_rnn(state_only, x, dtype=tf.float32)
    input_only = rnn_cell.DropoutWrapper(cell, input_keep_prob=0.5, variational_recurrent=True, input_size=4,
                                         dtype=tf.float32, seed=4)
    input_out, _ = rnn.dynamic_rnn(input_only, x, dtype=tf.float32)
    (kept_state, state, out), _ = run_randomized(kept, dropped, input_out)
    np.testing.assert_allclose(state.c, kept_state.c, rtol=1e-6)  # c is never dropped
    h_zero = state.h == 0
    assert 0.2 < h_zero.mean() < 0.8 and (h_zero == h_zero[:1]).all()  # one mask for all examples
    np.testing.assert_allclose(state.h[~h_zero], 2 * kept_state.h[~h_zero], rtol=1e-6)
    np.testing.assert_allclose(out, np.broadcast_to(out[:1], out.shape), rtol=1e-6)
