"""contrib.rnn's fused-cell interface: ``TimeReversedFusedRNN`` (the backward half of TF 1.x's fused
bidirectional LSTMs) and ``FusedRNNCellAdaptor``, against numpy and TF 1.15's reverse, run, reverse."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import rnn_cell
from tfcompat.contrib import rnn as contrib_rnn

from .helpers import B, T, inputs, names, run_randomized
from .numpy_rnn import gru_step, run_cell, run_lstm
from .test_lstm_entry_points import op_types
from .test_rnn import LENGTHS

v1 = tf.compat.v1
UNITS = 4


def reverse_valid(xs: np.ndarray, lengths) -> np.ndarray:
    """Batch-major ``xs`` with each sequence's first ``lengths[b]`` steps reversed (``reverse_sequence``)."""
    out = xs.copy()
    for b, n in enumerate(lengths if lengths is not None else [xs.shape[1]] * xs.shape[0]):
        out[b, :n] = xs[b, :n][::-1]
    return out


@pytest.mark.parametrize("lengths", [LENGTHS, None], ids=["lengths", "full"])
@pytest.mark.parametrize("clip", [None, 0.4], ids=["fused_loop", "block_kernel_clip"])
def test_time_reversed_lstm_block_fused_cell(graph, clip, lengths):
    """The tf_ner idiom: a forward LSTMBlockFusedCell and a TimeReversedFusedRNN one over the same time-major
    inputs.  TF 1.15's names (``lstm_fused_cell``, ``lstm_fused_cell_1``), outputs and final states against
    numpy over the reversed sequences, gradients against the literal reverse, run, reverse; without clipping
    the backward cell reads the sequences from their ends (no reversal, no block kernel in the graph)."""
    x = inputs()
    t = tf.transpose(tf.constant(x), [1, 0, 2])
    fw = contrib_rnn.LSTMBlockFusedCell(UNITS, forget_bias=0.7, cell_clip=clip)
    inner = contrib_rnn.LSTMBlockFusedCell(UNITS, forget_bias=0.7, cell_clip=clip)
    out_fw, _ = fw(t, dtype=tf.float32, sequence_length=lengths)
    out_bw, state_bw = contrib_rnn.TimeReversedFusedRNN(inner)(t, dtype=tf.float32, sequence_length=lengths)
    assert names() == [f"lstm_fused_cell{suffix}/{v}:0" for suffix in ("", "_1") for v in ("kernel", "bias")]
    if clip is None:
        assert not op_types(graph) & {"ReverseSequence", "ReverseV2", "BlockLSTM", "BlockLSTMV2"}
    literal = (tf.reverse_sequence(t, lengths, 0, 1) if lengths is not None else tf.reverse(t, [0]))
    literal_out, _ = inner(literal, dtype=tf.float32, sequence_length=lengths)
    literal_out = (tf.reverse_sequence(literal_out, lengths, 0, 1) if lengths is not None
                   else tf.reverse(literal_out, [0]))
    variables = v1.global_variables()[2:]
    grads = [tf.gradients(tf.reduce_sum(tf.sin(out)), variables + [t]) for out in (out_bw, literal_out)]
    (got_fw, got_bw, c_bw, h_bw, got_grads, want_grads), (k_fw, b_fw, k_bw, b_bw) = run_randomized(
        out_fw, out_bw, state_bw.c, state_bw.h, *grads)
    np.testing.assert_allclose(got_fw.transpose(1, 0, 2),
                               run_lstm(x, k_fw, b_fw, UNITS, lengths, forget_bias=0.7, cell_clip=clip)[0],
                               rtol=1e-5, atol=1e-5)
    want_rev, (want_c, want_h) = run_lstm(reverse_valid(x, lengths), k_bw, b_bw, UNITS, lengths, forget_bias=0.7,
                                          cell_clip=clip)
    np.testing.assert_allclose(got_bw.transpose(1, 0, 2), reverse_valid(want_rev, lengths), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c_bw, want_c, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(h_bw, want_h, rtol=1e-5, atol=1e-5)
    for got, want in zip(got_grads, want_grads):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_time_reversed_list_is_reversed_whole(graph):
    """TF 1.x reverses a list of steps whole, whatever ``sequence_length`` says (its padding comes first)."""
    x = inputs()
    steps = tf.unstack(tf.transpose(tf.constant(x), [1, 0, 2]))
    outputs, _ = contrib_rnn.TimeReversedFusedRNN(contrib_rnn.LSTMBlockFusedCell(UNITS))(
        steps, dtype=tf.float32, sequence_length=LENGTHS)
    assert isinstance(outputs, list) and len(outputs) == T
    (got, *_), (kernel, bias) = run_randomized(tf.stack(outputs, 1))
    want, _ = run_lstm(x[:, ::-1], kernel, bias, UNITS, LENGTHS)
    np.testing.assert_allclose(got, want[:, ::-1], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("as_list", [False, True], ids=["tensor", "list"])
@pytest.mark.parametrize("use_dynamic_rnn", [True, False], ids=["dynamic_rnn", "static_rnn"])
def test_fused_rnn_cell_adaptor(graph, use_dynamic_rnn, as_list):
    """An RNNCell as a fused cell: outputs in the form of the inputs, ``rnn/<cell>/...`` variables, numpy's
    numbers."""
    x = inputs()
    t = tf.transpose(tf.constant(x), [1, 0, 2])
    adaptor = contrib_rnn.FusedRNNCellAdaptor(rnn_cell.BasicLSTMCell(UNITS), use_dynamic_rnn=use_dynamic_rnn)
    outputs, state = adaptor(tf.unstack(t) if as_list else t, dtype=tf.float32, sequence_length=LENGTHS)
    assert isinstance(outputs, list) == as_list
    assert names() == ["rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0"]
    stacked = tf.stack(outputs) if as_list else outputs
    (got, got_c), (kernel, bias) = run_randomized(stacked, state.c)
    want, (want_c, _) = run_lstm(x, kernel, bias, UNITS, LENGTHS)
    np.testing.assert_allclose(got.transpose(1, 0, 2), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-5, atol=1e-5)


def test_time_reversed_adaptor_over_gru(graph):
    """TF 1.15's docstring example with a GRU: the adaptor's outputs over the reversed valid steps."""
    x = inputs()
    t = tf.transpose(tf.constant(x), [1, 0, 2])
    adaptor = contrib_rnn.FusedRNNCellAdaptor(rnn_cell.GRUCell(UNITS), use_dynamic_rnn=True)
    outputs, state = contrib_rnn.TimeReversedFusedRNN(adaptor)(t, dtype=tf.float32, sequence_length=LENGTHS)
    assert isinstance(contrib_rnn.TimeReversedFusedRNN(adaptor), contrib_rnn.FusedRNNCell)
    (got, got_h), (gk, gb, ck, cb) = run_randomized(outputs, state)
    want, want_h = run_cell(lambda xt, ht: gru_step(xt, ht, gk, gb, ck, cb), reverse_valid(x, LENGTHS),
                            np.zeros((B, UNITS)), LENGTHS)
    np.testing.assert_allclose(got.transpose(1, 0, 2), reverse_valid(want, LENGTHS), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_h, want_h, rtol=1e-5, atol=1e-5)
