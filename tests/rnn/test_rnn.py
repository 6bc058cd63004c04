"""dynamic_rnn / static_rnn / bidirectional forms: sequence_length, time_major, fused LSTM path."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import rnn, rnn_cell

from .helpers import B, D, T, inputs, names, run_randomized
from .numpy_rnn import gru_step, run_cell, run_lstm

v1 = tf.compat.v1
LENGTHS = [4, 1, 2]


@pytest.mark.parametrize("time_major", [False, True])
def test_dynamic_rnn_sequence_length_zeroes_outputs_and_copies_state(graph, time_major):
    x = inputs()
    feed = np.transpose(x, (1, 0, 2)) if time_major else x
    outputs, state = rnn.dynamic_rnn(rnn_cell.GRUCell(3), feed, sequence_length=LENGTHS, dtype=tf.float32,
                                     time_major=time_major)
    (outs, final), (gk, gb, ck, cb) = run_randomized(outputs, state)
    ref, h = run_cell(lambda xt, ht: gru_step(xt, ht, gk, gb, ck, cb), x, np.zeros((B, 3)), LENGTHS)
    outs = np.transpose(outs, (1, 0, 2)) if time_major else outs
    np.testing.assert_allclose(outs, ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(final, h, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("cell_class", [rnn_cell.BasicLSTMCell, rnn_cell.LSTMCell])
@pytest.mark.parametrize("lengths", [None, LENGTHS])
def test_fused_lstm_path_matches_numpy_and_generic_loop(graph, cell_class, lengths):
    x = inputs()
    cell = cell_class(5, forget_bias=0.7)
    fused_out, fused_state = rnn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    generic = rnn_cell.DeviceWrapper(cell, "/cpu:0")  # not fusable: same variables, per-step cell calls
    loop_out, loop_state = rnn.dynamic_rnn(generic, x, sequence_length=lengths, dtype=tf.float32)
    assert len(v1.global_variables()) == 2
    weights = tf.constant(np.linspace(-1, 1, 5, dtype=np.float32))
    loss_fused = tf.reduce_sum(fused_out * weights) + tf.reduce_sum(fused_state.c * fused_state.h)
    loss_loop = tf.reduce_sum(loop_out * weights) + tf.reduce_sum(loop_state.c * loop_state.h)
    wrt = v1.global_variables()
    grads = tf.gradients(loss_fused, wrt) + tf.gradients(loss_loop, wrt)
    (f_out, f_c, l_out, l_c, *g), (kernel, bias) = run_randomized(fused_out, fused_state.c, loop_out,
                                                                  loop_state.c, *grads)
    ref, (c, _) = run_lstm(x, kernel, bias, 5, lengths=lengths, forget_bias=0.7)
    np.testing.assert_allclose(f_out, ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(f_c, c, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(f_out, l_out, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(g[0], g[2], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(g[1], g[3], rtol=1e-4, atol=1e-5)


def test_fused_path_input_gradient_and_non_tuple_state(graph):
    x = tf.constant(inputs())
    cell = rnn_cell.BasicLSTMCell(3, state_is_tuple=False)
    fused, state = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    loop, loop_state = rnn.dynamic_rnn(rnn_cell.DeviceWrapper(cell, "/cpu:0"), x, dtype=tf.float32)
    assert state.shape.as_list() == [B, 6]
    g_fused = tf.gradients(tf.reduce_sum(tf.square(fused)) + tf.reduce_sum(state), x)[0]
    g_loop = tf.gradients(tf.reduce_sum(tf.square(loop)) + tf.reduce_sum(loop_state), x)[0]
    (a, b, s1, s2), _ = run_randomized(g_fused, g_loop, state, loop_state)
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(s1, s2, rtol=1e-5, atol=1e-5)


def test_dynamic_rnn_unknown_batch_and_initial_state(graph):
    x = v1.placeholder(tf.float32, [None, None, D])
    cell = rnn_cell.GRUCell(2)
    h0 = v1.placeholder(tf.float32, [None, 2])
    outputs, state = rnn.dynamic_rnn(cell, x, initial_state=h0)
    feed_x, feed_h = inputs(), RNG_H0
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        outs, final, gk, gb, ck, cb = sess.run([outputs, state, *v1.global_variables()],
                                               {x: feed_x, h0: feed_h})
    ref, h = run_cell(lambda xt, ht: gru_step(xt, ht, gk, gb, ck, cb), feed_x, feed_h)
    np.testing.assert_allclose(outs, ref, rtol=1e-5, atol=1e-5)


RNG_H0 = np.random.default_rng(1).standard_normal((B, 2)).astype(np.float32)


def test_dynamic_rnn_requires_dtype_without_initial_state(graph):
    with pytest.raises(ValueError, match="dtype"):
        rnn.dynamic_rnn(rnn_cell.GRUCell(2), inputs())


@pytest.mark.parametrize("time_major", [False, True])
def test_bidirectional_dynamic_rnn(graph, time_major):
    x = inputs()
    feed = np.transpose(x, (1, 0, 2)) if time_major else x
    (out_fw, out_bw), (st_fw, st_bw) = rnn.bidirectional_dynamic_rnn(
        rnn_cell.LSTMCell(3), rnn_cell.LSTMCell(3), feed, sequence_length=LENGTHS, dtype=tf.float32,
        time_major=time_major)
    assert names() == [f"bidirectional_rnn/{d}/lstm_cell/{v}:0" for d in ("fw", "bw") for v in ("kernel", "bias")]
    (fw, bw, bw_c), (kf, bf, kb, bb) = run_randomized(out_fw, out_bw, st_bw.c)
    if time_major:
        fw, bw = np.transpose(fw, (1, 0, 2)), np.transpose(bw, (1, 0, 2))
    np.testing.assert_allclose(fw, run_lstm(x, kf, bf, 3, lengths=LENGTHS)[0], rtol=1e-5, atol=1e-5)
    for b, length in enumerate(LENGTHS):
        rev = x[b:b + 1, :length][:, ::-1]
        ref, (c, _) = run_lstm(rev, kb, bb, 3)
        np.testing.assert_allclose(bw[b, :length], ref[0, ::-1], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(bw[b, length:], 0.0)
        np.testing.assert_allclose(bw_c[b], c[0], rtol=1e-5, atol=1e-5)


def test_static_bidirectional_rnn_and_0x_alias(graph):
    x = inputs()
    steps = tf.unstack(tf.constant(x), axis=1)
    with pytest.warns(FutureWarning, match="static_bidirectional_rnn"):
        outputs, st_fw, st_bw = rnn.bidirectional_rnn(rnn_cell.GRUCell(2), rnn_cell.GRUCell(2), steps,
                                                      dtype=tf.float32, sequence_length=LENGTHS)
    assert names()[0] == "bidirectional_rnn/fw/gru_cell/gates/kernel:0"
    assert names()[4] == "bidirectional_rnn/bw/gru_cell/gates/kernel:0"
    (outs,), (fk, fb, fck, fcb, bk, bb, bck, bcb) = run_randomized(tf.stack(outputs, 1))
    fw_ref, _ = run_cell(lambda xt, ht: gru_step(xt, ht, fk, fb, fck, fcb), x, np.zeros((B, 2)), LENGTHS)
    np.testing.assert_allclose(outs[..., :2], fw_ref, rtol=1e-5, atol=1e-5)
    for b, length in enumerate(LENGTHS):
        rev = x[b:b + 1, :length][:, ::-1]
        ref, _ = run_cell(lambda xt, ht: gru_step(xt, ht, bk, bb, bck, bcb), rev, np.zeros((1, 2)))
        np.testing.assert_allclose(outs[b, :length, 2:], ref[0, ::-1], rtol=1e-5, atol=1e-5)


def test_0x_rnn_alias_is_static_rnn(graph):
    x = inputs()
    with pytest.warns(FutureWarning, match="static_rnn"):
        outputs, state = rnn.rnn(rnn_cell.BasicLSTMCell(2), tf.unstack(tf.constant(x), axis=1),
                                 dtype=tf.float32, sequence_length=LENGTHS)
    (outs, c), (k, b) = run_randomized(tf.stack(outputs, 1), state.c)
    ref, (c_ref, _) = run_lstm(x, k, b, 2, lengths=LENGTHS)
    np.testing.assert_allclose(outs, ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c, c_ref, rtol=1e-5, atol=1e-5)


def test_notes_loop_needs_reuse_variables(graph):
    """The user's notes, item 4: a new LSTM per loop step needs reuse_variables() for i > 0."""
    hidden = [tf.constant(inputs()) for _ in range(3)]
    with pytest.raises(ValueError, match="already exists"):
        with v1.variable_scope("lstm"):
            for h in hidden:
                rnn.dynamic_rnn(rnn_cell.BasicLSTMCell(2), h, dtype=tf.float32)
    with v1.variable_scope("lstm2"):
        for i, h in enumerate(hidden):
            if i > 0:
                v1.get_variable_scope().reuse_variables()
            rnn.dynamic_rnn(rnn_cell.BasicLSTMCell(2), h, dtype=tf.float32)
    assert [n for n in names() if n.startswith("lstm2")] == ["lstm2/rnn/basic_lstm_cell/kernel:0",
                                                            "lstm2/rnn/basic_lstm_cell/bias:0"]


def test_dynamic_rnn_eager_with_fused_and_generic_cells():
    x = tf.constant(inputs())
    cell = rnn_cell.BasicLSTMCell(3)
    outputs, state = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    kernel, bias = [v.numpy() for v in cell.variables]
    np.testing.assert_allclose(outputs.numpy(), run_lstm(x.numpy(), kernel, bias, 3)[0], rtol=1e-5, atol=1e-5)
    gru_out, _ = rnn.dynamic_rnn(rnn_cell.GRUCell(2), x, dtype=tf.float32)
    assert gru_out.shape == (B, T, 2)


def test_fused_path_unknown_shapes_and_initial_state_gradients(graph):
    x = v1.placeholder(tf.float32, [None, None, D])
    lengths = v1.placeholder(tf.int32, [None])
    c0, h0 = v1.placeholder(tf.float32, [None, 3]), v1.placeholder(tf.float32, [None, 3])
    cell = rnn_cell.LSTMCell(3)
    start = rnn_cell.LSTMStateTuple(c0, h0)
    fused, fused_state = rnn.dynamic_rnn(cell, x, lengths, initial_state=start)
    loop, loop_state = rnn.dynamic_rnn(rnn_cell.DeviceWrapper(cell, "/cpu:0"), x, lengths, initial_state=start)
    assert fused.shape.as_list() == [None, None, 3]
    grads = [tf.gradients(tf.reduce_sum(tf.square(out)) + tf.reduce_sum(st.h * st.c), [c0, h0, x])
             for out, st in ((fused, fused_state), (loop, loop_state))]
    rng = np.random.default_rng(4)
    feed = {x: inputs(), lengths: LENGTHS, c0: rng.standard_normal((B, 3)), h0: rng.standard_normal((B, 3))}
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        (f_out, l_out), (f_grads, l_grads) = sess.run([(fused, loop), grads], feed)
    np.testing.assert_allclose(f_out, l_out, rtol=1e-5, atol=1e-5)
    for a, b in zip(f_grads, l_grads):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
