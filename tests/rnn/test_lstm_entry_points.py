"""Every LSTM entry point runs the one fused path: outputs, final state and weight gradients against a numpy
LSTM with its own backward pass (TF 1.x gates i, j, f, o; ``forget_bias`` on f)."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import rnn, rnn_cell
from tfcompat.contrib import cudnn_rnn
from tfcompat.contrib import rnn as contrib_rnn
from tfcompat.rnn_cell import _fused

from .numpy_rnn import run_lstm, sigmoid

v1 = tf.compat.v1
STEPS, BATCH, DEPTH, UNITS = 5, 3, 4, 6
LENGTHS = [5, 2, 4]


def op_types(graph: tf.Graph) -> set[str]:
    """The op types of ``graph``, including those in its functions (while-loop bodies)."""
    graph_def = graph.as_graph_def()
    return {node.op for node in graph_def.node} | {
        node.op for function in graph_def.library.function for node in function.node_def}


def load_same(sess: v1.Session, rng: np.random.Generator, first: list, second: list) -> None:
    """Give each variable of ``first`` and its counterpart in ``second`` the same random values."""
    for a, b in zip(first, second):
        value = rng.standard_normal(a.shape.as_list()) * 0.5
        a.load(value, sess)
        b.load(value, sess)


def lstm_numpy(xs, kernel, bias, forget_bias, lengths, d_out, d_c):
    """Time-major forward, then backpropagation through time of ``sum(outputs * d_out) + sum(c_T * d_c)``.

    Returns outputs [T, B, n], (c_T, h_T), d_kernel, d_bias.
    """
    steps, batch, depth = xs.shape
    n = kernel.shape[1] // 4
    live = np.arange(steps)[:, None] < np.asarray(lengths)[None, :]  # [T, B]
    c, h, saved, outputs = np.zeros((batch, n)), np.zeros((batch, n)), [], []
    for t in range(steps):
        xh = np.concatenate([xs[t], h], 1)
        i, j, f, o = np.split(xh @ kernel + bias, 4, axis=1)
        i, j, f, o = sigmoid(i), np.tanh(j), sigmoid(f + forget_bias), sigmoid(o)
        new_c = f * c + i * j
        new_h = o * np.tanh(new_c)
        m = live[t][:, None]
        saved.append((xh, c, i, j, f, o, new_c, m))
        c, h = np.where(m, new_c, c), np.where(m, new_h, h)
        outputs.append(np.where(m, new_h, 0.0))
    d_kernel, d_bias = np.zeros_like(kernel), np.zeros_like(bias)
    dc, dh = d_c.copy(), np.zeros((batch, n))
    for t in reversed(range(steps)):
        xh, c_prev, i, j, f, o, new_c, m = saved[t]
        dh_new = np.where(m, dh + d_out[t], 0.0)
        dc_new = np.where(m, dc, 0.0) + dh_new * o * (1 - np.tanh(new_c) ** 2)
        dz = np.concatenate([dc_new * j * i * (1 - i), dc_new * i * (1 - j * j),
                             dc_new * c_prev * f * (1 - f), dh_new * np.tanh(new_c) * o * (1 - o)], 1)
        d_kernel += xh.T @ dz
        d_bias += dz.sum(0)
        dxh = dz @ kernel.T
        dc = dc_new * f + np.where(m, 0.0, dc)
        dh = dxh[:, depth:] + np.where(m, 0.0, dh)
    return np.stack(outputs), (c, h), d_kernel, d_bias


def _dynamic(make_cell):
    def build(x):
        outputs, state = rnn.dynamic_rnn(make_cell(), x, sequence_length=LENGTHS, dtype=tf.float32, time_major=True)
        return outputs, state.c
    return build


def _static(x):
    outputs, state = rnn.static_rnn(rnn_cell.BasicLSTMCell(UNITS, forget_bias=0.5), tf.unstack(x),
                                    sequence_length=LENGTHS, dtype=tf.float32)
    return tf.stack(outputs), state.c


def _block_fused(x):
    outputs, state = contrib_rnn.LSTMBlockFusedCell(UNITS, forget_bias=0.5)(x, dtype=tf.float32,
                                                                           sequence_length=LENGTHS)
    return outputs, state.c


def _cudnn(x):
    outputs, (_, c) = cudnn_rnn.CudnnLSTM(1, UNITS)(x, sequence_lengths=LENGTHS)
    return outputs, c[0]


ENTRY_POINTS = {  # name: (build(time-major x) -> (outputs, c_T), forget_bias)
    "dynamic_rnn BasicLSTMCell": (_dynamic(lambda: rnn_cell.BasicLSTMCell(UNITS, forget_bias=0.5)), 0.5),
    "dynamic_rnn LSTMCell": (_dynamic(lambda: rnn_cell.LSTMCell(UNITS, forget_bias=0.7)), 0.7),
    "dynamic_rnn LSTMBlockCell": (_dynamic(lambda: contrib_rnn.LSTMBlockCell(UNITS, forget_bias=0.5)), 0.5),
    "dynamic_rnn CudnnCompatibleLSTMCell": (_dynamic(lambda: cudnn_rnn.CudnnCompatibleLSTMCell(UNITS)), 0.0),
    "static_rnn BasicLSTMCell": (_static, 0.5),
    "LSTMBlockFusedCell": (_block_fused, 0.5),
    "CudnnLSTM": (_cudnn, 0.0),
}


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_entry_point_runs_the_fused_path_with_tf1_numbers(graph, name):
    build, forget_bias = ENTRY_POINTS[name]
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((STEPS, BATCH, DEPTH)).astype(np.float32)
    d_out = rng.standard_normal((STEPS, BATCH, UNITS)).astype(np.float32)
    d_c = rng.standard_normal((BATCH, UNITS)).astype(np.float32)
    outputs, c_last = build(tf.constant(xs))
    kernel_var, bias_var = v1.trainable_variables()
    loss = tf.reduce_sum(outputs * d_out) + tf.reduce_sum(c_last * d_c)
    grads = tf.gradients(loss, [kernel_var, bias_var])
    types = op_types(graph)
    assert not types & {"LSTMBlockCell", "BlockLSTM", "BlockLSTMV2"}, "the block kernels are not used"
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        kernel_var.load(rng.standard_normal(kernel_var.shape.as_list()) * 0.5, sess)
        bias_var.load(rng.standard_normal(bias_var.shape.as_list()) * 0.5, sess)
        got_out, got_c, (g_kernel, g_bias), kernel, bias = sess.run([outputs, c_last, grads, kernel_var, bias_var])
    want_out, (want_c, _), want_dk, want_db = lstm_numpy(xs, kernel, bias, forget_bias, LENGTHS, d_out, d_c)
    np.testing.assert_allclose(got_out, want_out, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(g_kernel, want_dk, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(g_bias, want_db, rtol=1e-4, atol=1e-4)


def reverse_valid(a: np.ndarray, lengths) -> np.ndarray:
    """Time-major ``a`` with each sequence's first ``lengths[b]`` steps reversed (TF's ``reverse_sequence``)."""
    return np.stack([np.concatenate([a[:n, b][::-1], a[n:, b]]) for b, n in enumerate(lengths)], 1)


@pytest.mark.parametrize("lengths", [LENGTHS, None], ids=["lengths", "full"])
@pytest.mark.parametrize("time_major", [True, False], ids=["time_major", "batch_major"])
def test_bidirectional_dynamic_rnn_runs_both_directions_fused(graph, time_major, lengths):
    """Both directions on the fused loop, the backward one reading the sequences from their ends (no reversed
    copies in the graph): outputs, final cells and weight gradients against numpy's LSTM over reversed inputs."""
    rng = np.random.default_rng(1)
    xs = rng.standard_normal((STEPS, BATCH, DEPTH)).astype(np.float32)
    d_fw, d_bw = rng.standard_normal((2, STEPS, BATCH, UNITS)).astype(np.float32)
    dc_fw, dc_bw = rng.standard_normal((2, BATCH, UNITS)).astype(np.float32)

    def layout(a: np.ndarray) -> np.ndarray:
        return a if time_major else a.transpose(1, 0, 2)

    (fw, bw), (st_fw, st_bw) = rnn.bidirectional_dynamic_rnn(
        rnn_cell.BasicLSTMCell(UNITS), rnn_cell.BasicLSTMCell(UNITS), layout(xs), sequence_length=lengths,
        dtype=tf.float32, time_major=time_major)
    loss = (tf.reduce_sum(fw * layout(d_fw)) + tf.reduce_sum(bw * layout(d_bw)) + tf.reduce_sum(st_fw.c * dc_fw)
            + tf.reduce_sum(st_bw.c * dc_bw))
    grads = tf.gradients(loss, v1.trainable_variables())
    assert not op_types(graph) & {"LSTMBlockCell", "ReverseSequence", "ReverseV2"}
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        for var in v1.trainable_variables():
            var.load(rng.standard_normal(var.shape.as_list()) * 0.5, sess)
        got_fw, got_bw, got_c, got_grads, (k_fw, b_fw, k_bw, b_bw) = sess.run(
            [fw, bw, (st_fw.c, st_bw.c), grads, v1.trainable_variables()])
    full = lengths or [STEPS] * BATCH
    want_fw, (want_c_fw, _), dk_fw, db_fw = lstm_numpy(xs, k_fw, b_fw, 1.0, full, d_fw, dc_fw)
    rev_bw, (want_c_bw, _), dk_bw, db_bw = lstm_numpy(reverse_valid(xs, full), k_bw, b_bw, 1.0, full,
                                                      reverse_valid(d_bw, full), dc_bw)
    np.testing.assert_allclose(layout(got_fw), want_fw, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layout(got_bw), reverse_valid(rev_bw, full), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_c, (want_c_fw, want_c_bw), rtol=1e-5, atol=1e-5)
    for got, want in zip(got_grads, (dk_fw, db_fw, dk_bw, db_bw)):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


BIDIRECTIONAL_CELLS = {
    "BasicLSTMCell": lambda: rnn_cell.BasicLSTMCell(UNITS, forget_bias=0.5),
    "LSTMCell peepholes clip": lambda: rnn_cell.LSTMCell(UNITS, use_peepholes=True, cell_clip=0.5),
    "LSTMCell num_proj": lambda: rnn_cell.LSTMCell(UNITS, num_proj=4),
    "GRUCell": lambda: rnn_cell.GRUCell(UNITS),
}


@pytest.mark.parametrize("lengths", [LENGTHS, None], ids=["lengths", "full"])
@pytest.mark.parametrize("time_major", [True, False], ids=["time_major", "batch_major"])
@pytest.mark.parametrize("name", sorted(BIDIRECTIONAL_CELLS))
def test_bidirectional_fused_paths_equal_the_cell_loop(graph, name, time_major, lengths):
    """Every fused runner in either layout and direction against the per-step cell loop over
    ``reverse_sequence``'d inputs (wrapped cells): outputs, final states and the gradients of the variables,
    the inputs and the initial states."""
    make_cell = BIDIRECTIONAL_CELLS[name]
    rng = np.random.default_rng(4)
    shape = (STEPS, BATCH, DEPTH) if time_major else (BATCH, STEPS, DEPTH)
    x = tf.constant(rng.standard_normal(shape).astype(np.float32))

    def run(wrap):
        cell_fw, cell_bw = wrap(make_cell()), wrap(make_cell())
        draw = np.random.default_rng(5).standard_normal  # the same initial states for both runs
        starts = [tf.nest.map_structure(lambda z: z + draw(z.shape.as_list()).astype(np.float32),
                                        cell.zero_state(BATCH, tf.float32)) for cell in (cell_fw, cell_bw)]
        outputs, states = rnn.bidirectional_dynamic_rnn(cell_fw, cell_bw, x, lengths, *starts,
                                                        time_major=time_major)
        loss = sum(tf.reduce_sum(tf.sin(t)) for t in tf.nest.flatten((outputs, states)))
        return outputs, states, loss

    with v1.variable_scope("fused"):
        fused = run(lambda cell: cell)
    with v1.variable_scope("loop"):
        loop = run(lambda cell: rnn_cell.DeviceWrapper(cell, "/cpu:0"))
    fused_vars, loop_vars = v1.trainable_variables("fused"), v1.trainable_variables("loop")
    grads = [tf.gradients(result[2], variables + [x]) for result, variables in ((fused, fused_vars),
                                                                                (loop, loop_vars))]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        load_same(sess, rng, fused_vars, loop_vars)
        got, want = sess.run([(fused[:2], grads[0]), (loop[:2], grads[1])])
    for g, w in zip(tf.nest.flatten(got), tf.nest.flatten(want)):
        np.testing.assert_allclose(g, w, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("make_cell", [lambda: rnn_cell.GRUCell(UNITS), lambda: contrib_rnn.GRUBlockCell(UNITS)],
                         ids=["GRUCell", "GRUBlockCell"])
def test_gru_runs_the_fused_loop_with_tf1_numbers(graph, make_cell):
    """Outputs against numpy's GRUCell; gradients (weights, inputs, initial state) against the per-step cell loop
    (a wrapped cell)."""
    rng = np.random.default_rng(2)
    xs = rng.standard_normal((BATCH, STEPS, DEPTH)).astype(np.float32)
    x, h0 = tf.constant(xs), tf.zeros([BATCH, UNITS])
    with v1.variable_scope("fused"):
        fused, fused_h = rnn.dynamic_rnn(make_cell(), x, sequence_length=LENGTHS, initial_state=h0)
    assert "GRUBlockCell" not in op_types(graph)
    with v1.variable_scope("loop"):
        loop, loop_h = rnn.dynamic_rnn(rnn_cell.DeviceWrapper(make_cell(), "/cpu:0"), x, sequence_length=LENGTHS,
                                       initial_state=h0)
    fused_vars, loop_vars = v1.trainable_variables("fused"), v1.trainable_variables("loop")
    grads = (tf.gradients(tf.reduce_sum(tf.sin(fused)) + tf.reduce_sum(fused_h * fused_h), fused_vars + [x, h0])
             + tf.gradients(tf.reduce_sum(tf.sin(loop)) + tf.reduce_sum(loop_h * loop_h), loop_vars + [x, h0]))
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        load_same(sess, rng, fused_vars, loop_vars)
        got, got_grads, (gk, gb, ck, cb) = sess.run([fused, grads, fused_vars])
    h, want = np.zeros((BATCH, UNITS)), []
    for t in range(STEPS):
        r, u = np.split(sigmoid(np.concatenate([xs[:, t], h], 1) @ gk + gb), 2, axis=1)
        new_h = u * h + (1 - u) * np.tanh(np.concatenate([xs[:, t], r * h], 1) @ ck + cb)
        live = (t < np.asarray(LENGTHS))[:, None]
        h = np.where(live, new_h, h)
        want.append(np.where(live, new_h, 0.0))
    np.testing.assert_allclose(got, np.stack(want, 1), rtol=1e-5, atol=1e-5)
    for a, b in zip(got_grads[:6], got_grads[6:]):  # the weights, the inputs and the initial state
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("kwargs", [dict(use_peepholes=True), dict(cell_clip=0.4), dict(num_proj=3, proj_clip=0.3),
                                    dict(use_peepholes=True, cell_clip=0.5, num_proj=4)],
                         ids=["peepholes", "cell_clip", "num_proj", "all"])
@pytest.mark.parametrize("entry", ["dynamic_rnn", "static_rnn"])
def test_lstm_cell_options_run_one_loop_with_tf1_numbers(graph, kwargs, entry):
    """Outputs and final state against numpy's LSTMCell; gradients against the per-step cell loop.  Without a
    projection the hand-written fused LSTM runs (its peephole and clipping backward), with one the autodiff loop."""
    rng = np.random.default_rng(3)
    xs = rng.standard_normal((BATCH, STEPS, DEPTH)).astype(np.float32)

    def run(cell):
        if entry == "static_rnn":
            outputs, state = rnn.static_rnn(cell, tf.unstack(xs, axis=1), sequence_length=LENGTHS, dtype=tf.float32)
            return tf.stack(outputs, 1), state
        return rnn.dynamic_rnn(cell, xs, sequence_length=LENGTHS, dtype=tf.float32)

    cell = rnn_cell.LSTMCell(UNITS, forget_bias=0.6, **kwargs)
    runner = _fused.lstm_cell_dynamic if "num_proj" in kwargs else _fused.fused_lstm_dynamic
    assert _fused.fused_runner(cell) is runner
    with v1.variable_scope("fused"):
        fused, fused_state = run(cell)
    with v1.variable_scope("loop"):
        loop, _ = run(rnn_cell.DeviceWrapper(rnn_cell.LSTMCell(UNITS, forget_bias=0.6, **kwargs), "/cpu:0"))
    fused_vars, loop_vars = v1.trainable_variables("fused"), v1.trainable_variables("loop")
    grads = tf.gradients(tf.reduce_sum(tf.sin(fused)), fused_vars) + tf.gradients(tf.reduce_sum(tf.sin(loop)),
                                                                                  loop_vars)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        load_same(sess, rng, fused_vars, loop_vars)
        got, got_state, got_grads, weights = sess.run([fused, fused_state, grads, fused_vars])
    named = dict(zip([v.name.split("lstm_cell/")[1].split(":")[0] for v in fused_vars], weights))
    peep = (named["w_f_diag"], named["w_i_diag"], named["w_o_diag"]) if "use_peepholes" in kwargs else None
    want, (want_c, want_h) = run_lstm(xs, named["kernel"], named["bias"], UNITS, LENGTHS, forget_bias=0.6,
                                      peep=peep, cell_clip=kwargs.get("cell_clip"),
                                      proj=named.get("projection/kernel"),
                                      proj_clip=kwargs.get("proj_clip"))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_state.c, want_c, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_state.h, want_h, rtol=1e-5, atol=1e-5)
    for a, b in zip(got_grads[:len(fused_vars)], got_grads[len(fused_vars):]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("fused_cell", [True, False], ids=["LSTMBlockFusedCell", "LSTMBlockCell"])
def test_block_cells_with_peepholes_run_the_fused_path(graph, fused_cell):
    """Peepholes without clipping: LSTMCell's equations on the fused path, numbers as numpy's LSTMCell."""
    rng = np.random.default_rng(4)
    xs = rng.standard_normal((STEPS, BATCH, DEPTH)).astype(np.float32)
    if fused_cell:
        outputs, state = contrib_rnn.LSTMBlockFusedCell(UNITS, forget_bias=0.5, use_peephole=True)(
            xs, dtype=tf.float32, sequence_length=LENGTHS)
    else:
        outputs, state = rnn.dynamic_rnn(contrib_rnn.LSTMBlockCell(UNITS, forget_bias=0.5, use_peephole=True), xs,
                                         sequence_length=LENGTHS, dtype=tf.float32, time_major=True)
    assert not op_types(graph) & {"LSTMBlockCell", "BlockLSTM", "BlockLSTMV2"}
    grads = tf.gradients(tf.reduce_sum(tf.sin(outputs)), v1.trainable_variables())
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        for var in v1.trainable_variables():
            var.load(rng.standard_normal(var.shape.as_list()) * 0.5, sess)
        got, got_c, got_grads, (kernel, bias, w_i, w_f, w_o) = sess.run(
            [outputs, state.c, grads, v1.trainable_variables()])
    want, (want_c, _) = run_lstm(xs.transpose(1, 0, 2), kernel, bias, UNITS, LENGTHS, forget_bias=0.5,
                                 peep=(w_f, w_i, w_o))
    np.testing.assert_allclose(got, want.transpose(1, 0, 2), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-5, atol=1e-5)
    assert all(np.isfinite(g).all() for g in got_grads)
