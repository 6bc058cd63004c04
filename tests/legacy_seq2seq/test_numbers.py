"""legacy_seq2seq's numbers against numpy forms of the same equations, with random values in every variable."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import legacy_seq2seq as seq2seq
from tfcompat.rnn_cell import BasicLSTMCell, BasicRNNCell, GRUCell, LSTMStateTuple

from . import _numpy_seq2seq as ref

v1 = tf.compat.v1
BATCH, DEPTH, UNITS, VOCAB, EMB = 3, 4, 5, 7, 3


def _run_feeds(fetches, feeds: list, seed: int = 0) -> tuple:
    """Run ``fetches`` once per feed after loading N(0, 0.5^2) into every variable; also the values by name."""
    rng = np.random.default_rng(seed)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        values = {}
        for var in v1.global_variables():
            value = (0.5 * rng.standard_normal(var.shape.as_list())).astype(np.float32)
            var.load(value, sess)
            values[var.op.name] = value.astype(np.float64)
        return [sess.run(fetches, feed) for feed in feeds], values


def _run(fetches, feed: dict) -> tuple:
    (result,), values = _run_feeds(fetches, [feed])
    return result, values


def _float_inputs(count: int, seed: int) -> tuple:
    rng = np.random.default_rng(seed)
    data = [rng.standard_normal((BATCH, DEPTH)).astype(np.float32) for _ in range(count)]
    holders = [v1.placeholder(tf.float32, [None, DEPTH]) for _ in range(count)]
    return holders, data


def _id_inputs(count: int, vocab: int, seed: int) -> tuple:
    rng = np.random.default_rng(seed)
    data = [rng.integers(0, vocab, BATCH).astype(np.int32) for _ in range(count)]
    holders = [v1.placeholder(tf.int32, [None]) for _ in range(count)]
    return holders, data


@pytest.mark.parametrize("cell_class, numpy_cell, cell_scope", [
    (GRUCell, ref.gru, "gru_cell"), (BasicRNNCell, ref.basic_rnn, "basic_rnn_cell")])
def test_basic_rnn_seq2seq_is_an_encoder_then_a_decoder_with_its_own_weights(graph, cell_class, numpy_cell,
                                                                               cell_scope) -> None:
    enc, enc_np = _float_inputs(3, 1)
    dec, dec_np = _float_inputs(2, 2)
    outputs, state = seq2seq.basic_rnn_seq2seq(enc, dec, cell_class(UNITS))
    (got, got_state), values = _run((outputs, state), dict(zip(enc + dec, enc_np + dec_np)))
    _, h = ref.unroll(numpy_cell(values, f"basic_rnn_seq2seq/rnn/{cell_scope}"), enc_np, np.zeros((BATCH, UNITS)))
    want, want_state = ref.unroll(numpy_cell(values, f"basic_rnn_seq2seq/rnn_decoder/{cell_scope}"), dec_np, h)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-5, atol=1e-6)


def test_tied_rnn_seq2seq_runs_one_cell_over_both_sequences(graph) -> None:
    enc, enc_np = _float_inputs(2, 3)
    dec, dec_np = _float_inputs(3, 4)
    outputs, _ = seq2seq.tied_rnn_seq2seq(enc, dec, GRUCell(UNITS))
    got, values = _run(outputs, dict(zip(enc + dec, enc_np + dec_np)))
    cell = ref.gru(values, "combined_tied_rnn_seq2seq/tied_rnn_seq2seq/gru_cell")
    want, _ = ref.unroll(cell, enc_np + dec_np, np.zeros((BATCH, UNITS)))
    np.testing.assert_allclose(got, want[2:], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("num_heads, initial_state_attention", [(1, False), (2, False), (2, True)])
def test_attention_decoder_reads_the_states_with_each_head(graph, num_heads, initial_state_attention) -> None:
    rng = np.random.default_rng(5)
    states_np = rng.standard_normal((BATCH, 4, 6)).astype(np.float32)
    h0_np = rng.standard_normal((BATCH, UNITS)).astype(np.float32)
    states = v1.placeholder(tf.float32, [None, 4, 6])
    h0 = v1.placeholder(tf.float32, [None, UNITS])
    dec, dec_np = _float_inputs(3, 6)
    outputs, state = seq2seq.attention_decoder(dec, h0, states, GRUCell(UNITS), output_size=2, num_heads=num_heads,
                                               initial_state_attention=initial_state_attention)
    (got, got_state), values = _run((outputs, state), {states: states_np, h0: h0_np, **dict(zip(dec, dec_np))})
    prefix = "attention_decoder"
    want, want_state = ref.attention_decode(values, prefix, ref.gru(values, f"{prefix}/gru_cell"), dec_np, h0_np,
                                            states_np.astype(np.float64), num_heads, initial_state_attention)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-5, atol=1e-5)


def _greedy_embedding_decoder(values: dict, scope: str, h: np.ndarray, go: np.ndarray, steps: int) -> list:
    embedding = values[f"{scope}/embedding_rnn_decoder/embedding"]
    cell = ref.projected(values, f"{scope}/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper",
                         ref.basic_rnn(values, f"{scope}/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/"
                                               "basic_rnn_cell"))
    outputs, x = [], embedding[go]
    for _ in range(steps):
        out, h = cell(x, h)
        outputs.append(out)
        x = embedding[out.argmax(1)]
    return outputs


def _encode(values: dict, scope: str, ids: list) -> np.ndarray:
    embedding = values[f"{scope}/rnn/embedding_wrapper/embedding"]
    cell = ref.basic_rnn(values, f"{scope}/rnn/embedding_wrapper/basic_rnn_cell")
    return ref.unroll(cell, [embedding[i] for i in ids], np.zeros((BATCH, UNITS)))[1]


def test_feed_previous_feeds_back_the_argmax_symbol(graph) -> None:
    enc, enc_np = _id_inputs(3, VOCAB, 7)
    dec, dec_np = _id_inputs(4, VOCAB + 1, 8)
    outputs, _ = seq2seq.embedding_rnn_seq2seq(enc, dec, BasicRNNCell(UNITS), VOCAB, VOCAB + 1, EMB,
                                               feed_previous=True)
    got, values = _run(outputs, dict(zip(enc + dec, enc_np + dec_np)))
    scope = "embedding_rnn_seq2seq"
    want = _greedy_embedding_decoder(values, scope, _encode(values, scope, enc_np), dec_np[0], 4)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_a_feed_previous_tensor_picks_greedy_or_given_inputs(graph) -> None:
    enc, enc_np = _id_inputs(3, VOCAB, 9)
    dec, dec_np = _id_inputs(4, VOCAB + 1, 10)
    feed_previous = v1.placeholder(tf.bool, [])
    outputs, _ = seq2seq.embedding_rnn_seq2seq(enc, dec, BasicRNNCell(UNITS), VOCAB, VOCAB + 1, EMB,
                                               feed_previous=feed_previous)
    feed = dict(zip(enc + dec, enc_np + dec_np))
    (greedy, given), values = _run_feeds(outputs, [{**feed, feed_previous: True}, {**feed, feed_previous: False}])
    scope = "embedding_rnn_seq2seq"
    h = _encode(values, scope, enc_np)
    np.testing.assert_allclose(greedy, _greedy_embedding_decoder(values, scope, h, dec_np[0], 4),
                               rtol=1e-5, atol=1e-5)
    decoder = ref.projected(values, f"{scope}/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper",
                            ref.basic_rnn(values, f"{scope}/embedding_rnn_decoder/rnn_decoder/"
                                                  "output_projection_wrapper/basic_rnn_cell"))
    embedding = values[f"{scope}/embedding_rnn_decoder/embedding"]
    np.testing.assert_allclose(given, ref.unroll(decoder, [embedding[i] for i in dec_np], h)[0], rtol=1e-5,
                               atol=1e-5)


def test_embedding_attention_seq2seq_attends_to_the_encoder_outputs(graph) -> None:
    enc, enc_np = _id_inputs(3, VOCAB, 11)
    dec, dec_np = _id_inputs(2, VOCAB + 1, 12)
    outputs, _ = seq2seq.embedding_attention_seq2seq(enc, dec, GRUCell(UNITS), VOCAB, VOCAB + 1, EMB, num_heads=2)
    got, values = _run(outputs, dict(zip(enc + dec, enc_np + dec_np)))
    scope = "embedding_attention_seq2seq"
    embedding = values[f"{scope}/rnn/embedding_wrapper/embedding"]
    encoder = ref.gru(values, f"{scope}/rnn/embedding_wrapper/gru_cell")
    enc_out, h = ref.unroll(encoder, [embedding[i] for i in enc_np], np.zeros((BATCH, UNITS)))
    prefix = f"{scope}/embedding_attention_decoder/attention_decoder"
    cell = ref.projected(values, f"{prefix}/output_projection_wrapper",
                         ref.gru(values, f"{prefix}/output_projection_wrapper/gru_cell"))
    dec_embedding = values[f"{scope}/embedding_attention_decoder/embedding"]
    want, _ = ref.attention_decode(values, prefix, cell, [dec_embedding[i] for i in dec_np], h,
                                   np.stack(enc_out, 1), 2)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def _sequence_loss(logits: list, targets: list, weights: list) -> np.ndarray:
    """Per example: the weighted cross-entropies summed over steps, divided by the summed weights."""
    total = sum(w * ref.xent(lg, t) for lg, t, w in zip(logits, targets, weights))
    return total / (sum(weights) + 1e-12)


@pytest.mark.parametrize("per_example_loss", [False, True])
def test_model_with_buckets_builds_each_bucket_on_shared_variables(graph, per_example_loss) -> None:
    buckets = [(2, 2), (3, 4)]
    enc, enc_np = _float_inputs(3, 13)
    dec, dec_np = _float_inputs(4, 14)
    rng = np.random.default_rng(15)
    targets_np = [rng.integers(0, UNITS, BATCH).astype(np.int32) for _ in range(4)]
    weights_np = [rng.uniform(0, 1, BATCH).astype(np.float32) for _ in range(4)]
    targets = [v1.placeholder(tf.int32, [None]) for _ in range(4)]
    weights = [v1.placeholder(tf.float32, [None]) for _ in range(4)]
    outputs, losses = seq2seq.model_with_buckets(
        enc, dec, targets, weights, buckets, lambda x, y: seq2seq.basic_rnn_seq2seq(x, y, GRUCell(UNITS)),
        per_example_loss=per_example_loss)
    assert len(v1.trainable_variables()) == 8  # one encoder and one decoder GRU, shared by the buckets
    feed = dict(zip(enc + dec + targets + weights, enc_np + dec_np + targets_np + weights_np))
    got, values = _run(losses, feed)
    for (enc_len, dec_len), loss in zip(buckets, got):
        _, h = ref.unroll(ref.gru(values, "basic_rnn_seq2seq/rnn/gru_cell"), enc_np[:enc_len],
                          np.zeros((BATCH, UNITS)))
        logits, _ = ref.unroll(ref.gru(values, "basic_rnn_seq2seq/rnn_decoder/gru_cell"), dec_np[:dec_len], h)
        per_example = _sequence_loss(logits, targets_np[:dec_len], weights_np[:dec_len])
        want = per_example if per_example_loss else per_example.sum() / BATCH
        np.testing.assert_allclose(loss, want, rtol=1e-5, atol=1e-6)


def test_embedding_tied_rnn_seq2seq_shares_the_embedding_and_the_cell(graph) -> None:
    enc, enc_np = _id_inputs(2, VOCAB, 16)
    dec, dec_np = _id_inputs(3, VOCAB, 17)
    outputs, _ = seq2seq.embedding_tied_rnn_seq2seq(enc, dec, BasicRNNCell(UNITS), VOCAB, EMB, num_decoder_symbols=4)
    got, values = _run(outputs, dict(zip(enc + dec, enc_np + dec_np)))
    scope = "embedding_tied_rnn_seq2seq"
    wrapper = f"{scope}/combined_tied_rnn_seq2seq/tied_rnn_seq2seq/output_projection_wrapper"
    cell = ref.projected(values, wrapper, ref.basic_rnn(values, f"{wrapper}/basic_rnn_cell"))
    embedding = values[f"{scope}/embedding"]
    want, _ = ref.unroll(cell, [embedding[i] for i in enc_np + dec_np], np.zeros((BATCH, UNITS)))
    assert got[0].shape == (BATCH, 4)
    np.testing.assert_allclose(got, want[2:], rtol=1e-5, atol=1e-5)


def test_one2many_rnn_seq2seq_decodes_each_task_from_one_encoder_state(graph) -> None:
    enc, enc_np = _id_inputs(3, VOCAB, 18)
    decs = {"a": _id_inputs(2, 4, 19), "b": _id_inputs(3, 5, 20)}
    outputs, _ = seq2seq.one2many_rnn_seq2seq(
        enc, {k: v[0] for k, v in decs.items()}, BasicRNNCell(UNITS),
        {"a": BasicRNNCell(UNITS), "b": BasicRNNCell(UNITS)}, VOCAB, {"a": 4, "b": 5}, EMB)
    feed = dict(zip(enc, enc_np))
    for holders, data in decs.values():
        feed.update(zip(holders, data))
    got, values = _run(outputs, feed)
    scope = "one2many_rnn_seq2seq"
    h = _encode(values, scope, enc_np)
    for name, (_, data) in decs.items():
        decoder = f"{scope}/one2many_decoder_{name}/embedding_rnn_decoder"
        wrapper = f"{decoder}/rnn_decoder/output_projection_wrapper"
        cell = ref.projected(values, wrapper, ref.basic_rnn(values, f"{wrapper}/basic_rnn_cell"))
        want, _ = ref.unroll(cell, [values[f"{decoder}/embedding"][i] for i in data], h)
        np.testing.assert_allclose(got[name], want, rtol=1e-5, atol=1e-5)


def test_a_feed_previous_tensor_keeps_an_lstm_state_tuple(graph) -> None:
    enc, enc_np = _id_inputs(2, VOCAB, 21)
    dec, dec_np = _id_inputs(2, VOCAB + 1, 22)
    feed_previous = v1.placeholder(tf.bool, [])
    with v1.variable_scope("by_tensor"):
        _, state = seq2seq.embedding_attention_seq2seq(enc, dec, BasicLSTMCell(UNITS), VOCAB, VOCAB + 1, EMB,
                                                       feed_previous=feed_previous)
    with v1.variable_scope("by_tensor", reuse=True):
        _, greedy_state = seq2seq.embedding_attention_seq2seq(enc, dec, BasicLSTMCell(UNITS), VOCAB, VOCAB + 1, EMB,
                                                              feed_previous=True)
    assert isinstance(state, LSTMStateTuple)
    feed = {**dict(zip(enc + dec, enc_np + dec_np)), feed_previous: True}
    (got, want), _ = _run((state, greedy_state), feed)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
