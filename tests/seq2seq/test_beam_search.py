"""``gather_tree``, ``tile_batch`` and ``BeamSearchDecoder`` against numpy.

TF 1.15 semantics checked (beam_search_decoder.py, beam_search_ops.cc): only beam 0 is live at the start;
scores are total log-probabilities over the length penalty ``((5 + len) / 6) ** alpha``; finished beams only
extend with the end token at no cost; lengths count the end token; ``top_k`` ties go to the lower index;
``predicted_ids`` are the back-pointer walk with ``end_token`` past each beam's end.
"""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import layers, rnn_cell
from tfcompat.contrib import seq2seq

from . import _numpy_seq2seq as ref

v1 = tf.compat.v1
B, E, H, V, K, END, START, MAX = 2, 3, 5, 7, 3, 1, 0, 7
RNG = np.random.RandomState(11)
C0, H0 = (RNG.randn(B, H).astype(np.float32) for _ in range(2))
EMBEDDING = RNG.randn(V, E).astype(np.float32)
TOL = {"rtol": 1e-5, "atol": 1e-5}
END_BIAS = 1.0 * (np.arange(V) == END)  # some beams end, others run to MAX


@pytest.mark.parametrize("lengths", [[5, 3], [7, 0], [2, 9]])
def test_gather_tree_matches_numpy(graph: tf.Graph, lengths: list) -> None:
    rng = np.random.RandomState(len(lengths) + sum(lengths))
    step_ids = rng.randint(0, 4, (6, 2, K)).astype(np.int32)
    parent_ids = rng.randint(0, K, (6, 2, K)).astype(np.int32)
    parent_ids[3, 0, 1] = -1  # a broken back-pointer
    got = seq2seq.gather_tree(step_ids, parent_ids, lengths, end_token=3)
    with v1.Session() as session:
        np.testing.assert_array_equal(session.run(got), ref.gather_tree(step_ids, parent_ids, np.array(lengths), 3))


def test_gather_tree_bad_parent_gives_minus_one_down_to_the_start(graph: tf.Graph) -> None:
    # TF 1.15's GPU kernel (beam_search_ops_gpu.cu.cc): -1 from the bad parent's step back to step 0, and that
    # beam skips the end-token pass (its 4 after the end token 9 stays)
    step_ids = np.array([[[1, 2]], [[3, 4]], [[9, 5]], [[4, 6]]], np.int32)
    parent_ids = np.zeros_like(step_ids)
    parent_ids[2, 0, 0] = 5
    got = seq2seq.gather_tree(step_ids, parent_ids, [4], end_token=9)
    with v1.Session() as session:
        np.testing.assert_array_equal(session.run(got)[:, 0], [[-1, -1], [-1, -1], [9, 9], [4, 6]])


def test_tile_batch_repeats_each_entry_in_a_row(graph: tf.Graph) -> None:
    state = rnn_cell.LSTMStateTuple(tf.constant(C0), tf.constant(H0))
    tiled = seq2seq.tile_batch(state, K)
    assert tiled.c.shape.as_list() == [B * K, H]
    with v1.Session() as session:
        got = session.run(tiled)
    np.testing.assert_array_equal(got.c, np.repeat(C0, K, axis=0))
    np.testing.assert_array_equal(got.h, np.repeat(H0, K, axis=0))


@pytest.mark.parametrize("alpha", [0.0, 0.8])
def test_beam_search_decoder_matches_numpy(graph: tf.Graph, alpha: float) -> None:
    embedding = v1.get_variable("embedding", initializer=EMBEDDING)
    initial = seq2seq.tile_batch(rnn_cell.LSTMStateTuple(tf.constant(C0), tf.constant(H0)), K)
    decoder = seq2seq.BeamSearchDecoder(rnn_cell.BasicLSTMCell(H), embedding, tf.fill([B], START), END, initial,
                                        K, output_layer=layers.Dense(V, bias_initializer=tf.constant_initializer(END_BIAS)),
                                        length_penalty_weight=alpha)
    outputs, state, lengths = seq2seq.dynamic_decode(decoder, maximum_iterations=MAX)
    with v1.Session() as session:
        session.run(v1.global_variables_initializer())
        values = {v.name[:-2]: session.run(v) for v in v1.global_variables()}
        out, final, got_lengths = session.run((outputs, state, lengths))
    # TF 1.15 names: the cell and output layer under decoder/ (beam_search_decoder.py step())
    assert sorted(values) == ["decoder/basic_lstm_cell/bias", "decoder/basic_lstm_cell/kernel",
                              "decoder/dense/bias", "decoder/dense/kernel", "embedding"]
    cell = ref.lstm(values, "decoder/basic_lstm_cell")
    w, b = values["decoder/dense/kernel"], values["decoder/dense/bias"]

    def step(ids: np.ndarray, st: list) -> tuple:
        h, (c, h) = cell(EMBEDDING[ids], tuple(st))
        return h @ w + b, [c, h]

    states = [[np.repeat(C0[i:i + 1], K, 0).astype(np.float64), np.repeat(H0[i:i + 1], K, 0).astype(np.float64)]
              for i in range(B)]
    expected = ref.beam_search(step, states, B, K, V, START, END, MAX, alpha)
    steps = out.predicted_ids.shape[1]
    done = [e["done_at"] for e in expected]
    assert steps == (MAX if None in done else max(done))
    raw = out.beam_search_decoder_output
    for i, e in enumerate(expected):
        np.testing.assert_array_equal(raw.predicted_ids[i], e["words"][:steps])
        np.testing.assert_array_equal(raw.parent_ids[i], e["parents"][:steps])
        np.testing.assert_allclose(raw.scores[i], e["scores"][:steps], **TOL)
        np.testing.assert_array_equal(final.lengths[i], e["lengths"])
    # TF 1.15's dynamic_decode counts steps per beam slot (not the decoder's own per-beam lengths)
    np.testing.assert_array_equal(got_lengths, [e["slot_lengths"] for e in expected])
    walked = ref.gather_tree(raw.predicted_ids.transpose(1, 0, 2), raw.parent_ids.transpose(1, 0, 2),
                             final.lengths.max(1), END)
    np.testing.assert_array_equal(out.predicted_ids, walked.transpose(1, 0, 2))
    assert (final.lengths < steps).any() or (out.predicted_ids == END).any()


@pytest.mark.parametrize("static_batch", [True, False])
def test_beam_search_over_attention_with_coverage_penalty_matches_numpy(graph: tf.Graph,
                                                                        static_batch: bool) -> None:
    """With a static batch size the alignment history stays an unsorted TensorArray, as in TF 1.15 (its
    ``_check_static_batch_beam_maybe`` rejects ``[batch * beam, max_time]``); with a dynamic one it is sorted."""
    tm, alpha, coverage = 4, 0.6, 0.4
    memory = RNG.randn(B, tm, H).astype(np.float32)
    memory_lengths = np.array([4, 2], np.int32)
    embedding = v1.get_variable("embedding", initializer=EMBEDDING)
    mechanism = seq2seq.LuongAttention(H, seq2seq.tile_batch(tf.constant(memory), K),
                                       seq2seq.tile_batch(tf.constant(memory_lengths), K))
    cell = seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), mechanism, attention_layer_size=H,
                                    alignment_history=True)
    initial = cell.zero_state(B * K, tf.float32).clone(
        cell_state=seq2seq.tile_batch(rnn_cell.LSTMStateTuple(tf.constant(C0), tf.constant(H0)), K))
    start_tokens = (tf.fill([B], START) if static_batch
                    else v1.placeholder_with_default(np.full(B, START, np.int32), [None]))
    decoder = seq2seq.BeamSearchDecoder(cell, embedding, start_tokens, END, initial, K,
                                        output_layer=layers.Dense(V, bias_initializer=tf.constant_initializer(END_BIAS)),
                                        length_penalty_weight=alpha, coverage_penalty_weight=coverage)
    outputs, state, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=MAX)
    history_array = state.cell_state.alignment_history
    assert isinstance(history_array, tf.TensorArray) == static_batch
    if static_batch:
        state = state._replace(cell_state=state.cell_state._replace(alignment_history=history_array.stack()))
    with v1.Session() as session:
        session.run(v1.global_variables_initializer())
        values = {v.name[:-2]: session.run(v) for v in v1.global_variables()}
        out, final = session.run((outputs, state))
    lstm_step = ref.lstm(values, "decoder/attention_wrapper/basic_lstm_cell")
    w_att, w, b = (values[n] for n in ("decoder/attention_wrapper/attention_layer/kernel", "decoder/dense/kernel",
                                       "decoder/dense/bias"))
    masked = memory * (np.arange(tm)[None, :, None] < memory_lengths[:, None, None])
    keys = masked @ values["memory_layer/kernel"]
    histories: list = [[] for _ in range(B)]

    def entry_step(entry: int) -> object:
        def step(ids: np.ndarray, st: list) -> tuple:
            c, h, attention = st
            h, (c, h) = lstm_step(np.concatenate([EMBEDDING[ids], attention], 1), (c, h))
            alignments = ref.softmax(ref.masked(h @ keys[entry].T, np.full(K, memory_lengths[entry])))
            histories[entry].append(alignments)
            attention = np.concatenate([h, alignments @ masked[entry]], 1) @ w_att
            return attention @ w + b, [c, h, attention], alignments
        return step

    raw = out.beam_search_decoder_output
    steps = raw.predicted_ids.shape[1]
    for i in range(B):
        start = [np.repeat(C0[i:i + 1], K, 0).astype(np.float64), np.repeat(H0[i:i + 1], K, 0).astype(np.float64),
                 np.zeros((K, H))]
        (e,) = ref.beam_search(entry_step(i), [start], 1, K, V, START, END, steps, alpha, coverage)
        np.testing.assert_array_equal(raw.predicted_ids[i], e["words"])
        np.testing.assert_array_equal(raw.parent_ids[i], e["parents"])
        np.testing.assert_allclose(raw.scores[i], e["scores"], rtol=1e-4, atol=1e-5)
        np.testing.assert_array_equal(final.lengths[i], e["lengths"])
        # finalize reorders a dynamic batch's alignment history: step t's rows by gather_tree's beam ids
        beam_ids = np.broadcast_to(np.arange(K), (steps, 1, K))
        order = ref.gather_tree(beam_ids, e["parents"][:, None], [e["lengths"].max()], K + 1)[:, 0]
        order = np.where(np.arange(steps)[:, None] < e["lengths"][None], order, np.arange(K)[None])
        history = np.stack(histories[i])
        expected = history if static_batch else history[np.arange(steps)[:, None], order]
        got = final.cell_state.alignment_history.reshape(steps, B, K, tm)[:, i]
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
    assert (final.lengths < steps).any()
