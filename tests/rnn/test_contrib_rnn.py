"""contrib.rnn: block-kernel cells, LayerNormBasicLSTMCell, AttentionCellWrapper against numpy."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import rnn, rnn_cell
from tfcompat.contrib import rnn as contrib_rnn

from .helpers import B, D, T, inputs, names, run_randomized
from .numpy_rnn import gru_step, run_cell, run_lstm, sigmoid
from .test_rnn import LENGTHS

v1 = tf.compat.v1


@pytest.mark.parametrize("peephole, clip", [(False, None), (True, None), (True, 0.3)])
def test_lstm_block_cell_matches_numpy_and_gradients(graph, peephole, clip):
    """Numbers as LSTMCell; gradients too, except that TF's block kernel passes them straight through clipping."""
    x = inputs()
    cell = contrib_rnn.LSTMBlockCell(4, forget_bias=0.5, use_peephole=peephole, cell_clip=clip)
    outputs, state = rnn.dynamic_rnn(cell, x, dtype=tf.float32, sequence_length=LENGTHS)
    expected = ["kernel", "bias"] + (["w_i_diag", "w_f_diag", "w_o_diag"] if peephole else [])
    assert names() == [f"rnn/lstm_cell/{n}:0" for n in expected]
    reference = rnn_cell.LSTMCell(4, forget_bias=0.5, use_peepholes=peephole, cell_clip=clip, reuse=True)
    ref_out, _ = rnn.dynamic_rnn(reference, x, dtype=tf.float32, sequence_length=LENGTHS)
    loss = tf.reduce_sum(outputs * outputs)
    ref_loss = tf.reduce_sum(ref_out * ref_out)
    grads = tf.gradients(loss, v1.global_variables()) + tf.gradients(ref_loss, v1.global_variables())
    (out, ref, *g), weights = run_randomized(outputs, ref_out, *grads)
    kernel, bias = weights[:2]
    peep = (weights[3], weights[2], weights[4]) if peephole else None
    np.testing.assert_allclose(out, run_lstm(x, kernel, bias, 4, LENGTHS, forget_bias=0.5, peep=peep,
                                             cell_clip=clip)[0], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)
    if clip is not None:
        return
    half = len(g) // 2
    for a, b in zip(g[:half], g[half:]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_lstm_block_fused_cell_sequence_length_and_gradients(graph):
    x = inputs()
    fused = contrib_rnn.LSTMBlockFusedCell(3, forget_bias=0.8)
    outputs, state = fused(tf.transpose(x, [1, 0, 2]), dtype=tf.float32, sequence_length=LENGTHS)
    assert names() == ["lstm_fused_cell/kernel:0", "lstm_fused_cell/bias:0"]  # TF 1.15's layer name
    with v1.variable_scope(v1.get_variable_scope()) as root:
        reused = rnn_cell.LSTMCell(3, forget_bias=0.8, reuse=True, name="lstm_fused_cell")
        loop_out, loop_state = rnn.dynamic_rnn(rnn_cell.DeviceWrapper(reused,
                                                                      "/cpu:0"),
                                               x, dtype=tf.float32, sequence_length=LENGTHS, scope=root)
    assert len(v1.global_variables()) == 2
    loss = tf.reduce_sum(tf.sin(outputs)) + tf.reduce_sum(state.c)
    loop_loss = tf.reduce_sum(tf.sin(tf.transpose(loop_out, [1, 0, 2]))) + tf.reduce_sum(loop_state.c)
    grads = tf.gradients(loss, v1.global_variables()) + tf.gradients(loop_loss, v1.global_variables())
    (out, c, h, *g), (kernel, bias) = run_randomized(outputs, state.c, state.h, *grads)
    ref, (c_ref, h_ref) = run_lstm(x, kernel, bias, 3, LENGTHS, forget_bias=0.8)
    np.testing.assert_allclose(np.transpose(out, (1, 0, 2)), ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c, c_ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(h, h_ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(g[0], g[2], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(g[1], g[3], rtol=1e-4, atol=1e-5)


def test_gru_block_cell_matches_numpy_and_gru_cell_gradients(graph):
    x = inputs()
    outputs, _ = rnn.dynamic_rnn(contrib_rnn.GRUBlockCell(3), x, dtype=tf.float32)
    assert names() == ["rnn/gru_cell/gates/kernel:0", "rnn/gru_cell/gates/bias:0",
                       "rnn/gru_cell/candidate/kernel:0", "rnn/gru_cell/candidate/bias:0"]
    ref_out, _ = rnn.dynamic_rnn(rnn_cell.GRUCell(3, reuse=True), x, dtype=tf.float32)
    grads = (tf.gradients(tf.reduce_sum(tf.square(outputs)), v1.global_variables())
             + tf.gradients(tf.reduce_sum(tf.square(ref_out)), v1.global_variables()))
    (out, *g), (gk, gb, ck, cb) = run_randomized(outputs, *grads)
    ref, _ = run_cell(lambda xt, ht: gru_step(xt, ht, gk, gb, ck, cb), x, np.zeros((B, 3)))
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)
    for a, b in zip(g[:4], g[4:]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def _layer_norm(v, gamma, beta):
    return gamma * (v - v.mean(1, keepdims=True)) / np.sqrt(v.var(1, keepdims=True) + 1e-12) + beta


def test_layer_norm_basic_lstm_cell(graph):
    x = inputs()
    outputs, _ = rnn.dynamic_rnn(contrib_rnn.LayerNormBasicLSTMCell(4, forget_bias=0.6), x, dtype=tf.float32)
    scope = "rnn/layer_norm_basic_lstm_cell/"
    assert names() == [scope + "kernel:0"] + [f"{scope}{g}/{p}:0" for g in
                                              ("input", "transform", "forget", "output", "state")
                                              for p in ("gamma", "beta")]
    (out,), (kernel, *norm) = run_randomized(outputs)
    params = {g: (norm[2 * k], norm[2 * k + 1]) for k, g in enumerate(("i", "j", "f", "o", "c"))}
    c = h = np.zeros((B, 4))
    expected = []
    for t in range(T):
        i, j, f, o = np.split(np.concatenate([x[:, t], h], 1) @ kernel, 4, axis=1)
        i, j, f, o = (_layer_norm(v, *params[k]) for v, k in ((i, "i"), (j, "j"), (f, "f"), (o, "o")))
        c = _layer_norm(c * sigmoid(f + 0.6) + sigmoid(i) * np.tanh(j), *params["c"])
        h = np.tanh(c) * sigmoid(o)
        expected.append(h)
    np.testing.assert_allclose(out, np.stack(expected, 1), rtol=1e-4, atol=1e-4)


def test_attention_cell_wrapper_one_step(graph):
    x = inputs(steps=1)[:, 0]
    cell = contrib_rnn.AttentionCellWrapper(rnn_cell.GRUCell(3), attn_length=2)
    state = cell.zero_state(B, tf.float32)
    attn_states = tf.constant(inputs(steps=2, depth=3).reshape(B, 6))
    output, new_state = cell(x, (state[0], state[1], attn_states))
    scope = "attention_cell_wrapper/"
    assert names() == [scope + n + ":0" for n in (
        "kernel", "bias", "gru_cell/gates/kernel", "gru_cell/gates/bias", "gru_cell/candidate/kernel",
        "gru_cell/candidate/bias", "attention/attn_w", "attention/attn_v", "attention/kernel",
        "attention/bias", "attn_output_projection/kernel", "attn_output_projection/bias")]
    (out, (h, attns, hist), hist0), w = run_randomized(output, new_state, attn_states)
    k1, b1, gk, gb, ck, cb, attn_w, attn_v, k3, b3, k2, b2 = w
    cell_in = x @ k1[:D] + b1  # attns start at zero
    h_ref, _ = gru_step(cell_in, np.zeros((B, 3)), gk, gb, ck, cb)
    hidden = hist0.reshape(B, 2, 3)
    scores = (attn_v * np.tanh(hidden @ attn_w[0, 0] + (h_ref @ k3 + b3)[:, None])).sum(-1)
    weights = np.exp(scores) / np.exp(scores).sum(1, keepdims=True)
    context = (weights[..., None] * hidden).sum(1)
    out_ref = np.concatenate([h_ref, context], 1) @ k2 + b2
    np.testing.assert_allclose(h, h_ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(attns, context, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(out, out_ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(hist, np.concatenate([hidden[:, 1], out_ref], 1), rtol=1e-5, atol=1e-5)
