"""``BasicDecoder`` + ``dynamic_decode`` with each helper against a numpy BasicLSTMCell decoder.

TF 1.15 semantics checked: the loop runs until every example is finished (or ``maximum_iterations``); lengths
count the steps up to and including the finishing one; ``impute_finished`` zeroes outputs and freezes the state
past an example's end; the cell and ``output_layer`` live under ``decoder/`` (decoder.py's
``variable_scope(scope, "decoder")``, basic_decoder.py calls the cell then the layer).
"""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import layers, rnn_cell
from tfcompat.contrib import seq2seq

from ._numpy_seq2seq import lstm, sigmoid

v1 = tf.compat.v1
B, T, E, H, V = 3, 4, 3, 4, 6
RNG = np.random.RandomState(7)
INPUTS = RNG.randn(B, T, E).astype(np.float32)
C0, H0 = (RNG.randn(B, H).astype(np.float32) * 0.5 for _ in range(2))
EMBEDDING = RNG.randn(V, E).astype(np.float32)
END = 2  # ends some examples early, not all, with the seeded weights
TOL = {"rtol": 1e-5, "atol": 1e-5}


def _init_state() -> rnn_cell.LSTMStateTuple:
    return rnn_cell.LSTMStateTuple(tf.constant(C0), tf.constant(H0))


def _output_layer() -> layers.Dense:
    return layers.Dense(V)


def _run(fetches: object) -> tuple:
    with v1.Session() as session:
        session.run(v1.global_variables_initializer())
        values = {v.name[:-2]: session.run(v) for v in v1.global_variables()}
        return session.run(fetches), values


def _np_decoder(values: dict) -> tuple:
    cell = lstm(values, "decoder/basic_lstm_cell")
    w, b = values["decoder/dense/kernel"], values["decoder/dense/bias"]
    return cell, lambda h: h @ w + b


@pytest.mark.parametrize("impute_finished", [False, True])
def test_training_helper_matches_numpy(graph: tf.Graph, impute_finished: bool) -> None:
    lengths = np.array([4, 2, 3], np.int32)
    helper = seq2seq.TrainingHelper(tf.constant(INPUTS), tf.constant(lengths))
    decoder = seq2seq.BasicDecoder(rnn_cell.BasicLSTMCell(H), helper, _init_state(), output_layer=_output_layer())
    outputs, state, out_lengths = seq2seq.dynamic_decode(decoder, impute_finished=impute_finished)
    (out, final, got_lengths), values = _run((outputs, state, out_lengths))
    # variable names of TF 1.15 (contrib/seq2seq/python/ops/decoder.py + basic_decoder.py)
    assert [v.name for v in v1.global_variables()] == [
        "decoder/basic_lstm_cell/kernel:0", "decoder/basic_lstm_cell/bias:0", "decoder/dense/kernel:0",
        "decoder/dense/bias:0"]
    cell, project = _np_decoder(values)
    state_np = (C0.astype(np.float64), H0.astype(np.float64))
    expected = np.zeros((B, T, V))
    for t in range(T):
        h, new_state = cell(INPUTS[:, t], state_np)
        expected[:, t] = project(h)
        done = (t >= lengths)[:, None]
        if impute_finished:
            expected[:, t] = np.where(done, 0.0, expected[:, t])
            new_state = tuple(np.where(done, old, new) for old, new in zip(state_np, new_state))
        state_np = new_state
    np.testing.assert_allclose(out.rnn_output, expected, **TOL)
    np.testing.assert_array_equal(out.sample_id, expected.argmax(-1))
    np.testing.assert_allclose(final.c, state_np[0], **TOL)
    np.testing.assert_allclose(final.h, state_np[1], **TOL)
    np.testing.assert_array_equal(got_lengths, lengths)


def _np_greedy(values: dict, max_steps: int, pick: object = None) -> tuple:
    """Greedy decoding from token 0: ids, logits and lengths for ``max_steps`` or until all ended."""
    cell, project = _np_decoder(values)
    state = (C0.astype(np.float64), H0.astype(np.float64))
    ids = np.zeros(B, np.int64)
    finished = np.zeros(B, bool)
    lengths = np.zeros(B, np.int64)
    all_ids, all_logits = [], []
    for t in range(max_steps):
        h, state = cell(values["embedding"][ids], state)
        logits = project(h)
        ids = logits.argmax(-1)
        lengths = np.where(finished, lengths, t + 1)
        finished |= ids == END
        all_ids.append(ids)
        all_logits.append(logits)
        if finished.all():
            break
    return np.stack(all_ids, 1), np.stack(all_logits, 1), lengths


@pytest.mark.parametrize("time_major", [False, True])
def test_greedy_embedding_helper_matches_numpy(graph: tf.Graph, time_major: bool) -> None:
    embedding = v1.get_variable("embedding", initializer=EMBEDDING)
    helper = seq2seq.GreedyEmbeddingHelper(embedding, tf.zeros([B], tf.int32), END)
    decoder = seq2seq.BasicDecoder(rnn_cell.BasicLSTMCell(H), helper, _init_state(), output_layer=_output_layer())
    outputs, _, lengths = seq2seq.dynamic_decode(decoder, output_time_major=time_major, maximum_iterations=6)
    (out, got_lengths), values = _run((outputs, lengths))
    ids, logits, expected_lengths = _np_greedy(values, 6)
    if time_major:
        out = seq2seq.BasicDecoderOutput(out.rnn_output.transpose(1, 0, 2), out.sample_id.T)
    np.testing.assert_array_equal(out.sample_id, ids)
    np.testing.assert_allclose(out.rnn_output, logits, **TOL)
    np.testing.assert_array_equal(got_lengths, expected_lengths)
    assert 0 < (expected_lengths < 6).sum() < B  # some examples ended early, some ran to the limit


def test_sample_embedding_helper_at_low_temperature_is_greedy(graph: tf.Graph) -> None:
    embedding = v1.get_variable("embedding", initializer=EMBEDDING)
    helper = seq2seq.SampleEmbeddingHelper(embedding, tf.zeros([B], tf.int32), END, softmax_temperature=1e-3,
                                           seed=3)
    decoder = seq2seq.BasicDecoder(rnn_cell.BasicLSTMCell(H), helper, _init_state(), output_layer=_output_layer())
    outputs, _, lengths = seq2seq.dynamic_decode(decoder, maximum_iterations=6)
    (out, got_lengths), values = _run((outputs, lengths))
    ids, _, expected_lengths = _np_greedy(values, 6)
    np.testing.assert_array_equal(out.sample_id, ids)
    np.testing.assert_array_equal(got_lengths, expected_lengths)


@pytest.mark.parametrize("probability", [0.0, 0.5, 1.0])
def test_scheduled_embedding_helper_feeds_back_embedded_samples(graph: tf.Graph, probability: float) -> None:
    embedding = v1.get_variable("embedding", initializer=EMBEDDING)
    helper = seq2seq.ScheduledEmbeddingTrainingHelper(tf.constant(INPUTS), tf.fill([B], T), embedding,
                                                      probability, seed=1, scheduling_seed=2)
    decoder = seq2seq.BasicDecoder(rnn_cell.BasicLSTMCell(H), helper, _init_state(), output_layer=_output_layer())
    outputs, _, _ = seq2seq.dynamic_decode(decoder)
    (out,), values = _run((outputs,))
    samples = out.sample_id
    if probability == 0.0:
        assert (samples == -1).all()
    if probability == 1.0:
        assert ((samples >= 0) & (samples < V)).all()
    cell, project = _np_decoder(values)
    state = (C0.astype(np.float64), H0.astype(np.float64))
    for t in range(T):
        x = INPUTS[:, t] if t == 0 else np.where(samples[:, t - 1:t] > -1, EMBEDDING[samples[:, t - 1]],
                                                 INPUTS[:, t])
        h, state = cell(x, state)
        np.testing.assert_allclose(out.rnn_output[:, t], project(h), **TOL)


def test_scheduled_output_helper_with_auxiliary_inputs_and_next_inputs_fn(graph: tf.Graph) -> None:
    aux = RNG.randn(B, T, 2).astype(np.float32)
    inputs = RNG.randn(B, T, H).astype(np.float32)
    helper = seq2seq.ScheduledOutputTrainingHelper(tf.constant(inputs), tf.fill([B], T), 0.5, seed=5,
                                                   next_inputs_fn=tf.sigmoid, auxiliary_inputs=tf.constant(aux))
    decoder = seq2seq.BasicDecoder(rnn_cell.BasicLSTMCell(H), helper, _init_state())
    outputs, _, _ = seq2seq.dynamic_decode(decoder)
    (out,), values = _run((outputs,))
    assert out.sample_id.dtype == bool
    cell = lstm(values, "decoder/basic_lstm_cell")
    state = (C0.astype(np.float64), H0.astype(np.float64))
    x = np.concatenate([inputs[:, 0], aux[:, 0]], 1)
    for t in range(T):
        h, state = cell(x, state)
        np.testing.assert_allclose(out.rnn_output[:, t], h, **TOL)
        if t + 1 < T:
            fed = np.where(out.sample_id[:, t:t + 1], sigmoid(h), inputs[:, t + 1])
            x = np.concatenate([fed, aux[:, t + 1]], 1)


def test_inference_helper_feeds_back_samples_until_end_fn(graph: tf.Graph) -> None:
    start = RNG.randn(B, H).astype(np.float32)
    helper = seq2seq.InferenceHelper(sample_fn=tf.tanh, sample_shape=[H], sample_dtype=tf.float32,
                                     start_inputs=start, end_fn=lambda s: s[:, 0] > 0.3)
    decoder = seq2seq.BasicDecoder(rnn_cell.BasicLSTMCell(H), helper, _init_state())
    outputs, _, lengths = seq2seq.dynamic_decode(decoder, maximum_iterations=5)
    (out, got_lengths), values = _run((outputs, lengths))
    cell = lstm(values, "decoder/basic_lstm_cell")
    state, x = (C0.astype(np.float64), H0.astype(np.float64)), start.astype(np.float64)
    finished, expected_lengths = np.zeros(B, bool), np.zeros(B, np.int64)
    for t in range(out.sample_id.shape[1]):
        h, state = cell(x, state)
        x = np.tanh(h)
        np.testing.assert_allclose(out.sample_id[:, t], x, **TOL)
        expected_lengths = np.where(finished, expected_lengths, t + 1)
        finished |= x[:, 0] > 0.3
    assert finished.all() or out.sample_id.shape[1] == 5
    np.testing.assert_array_equal(got_lengths, expected_lengths)


def test_custom_helper_needs_initialize_before_batch_size(graph: tf.Graph) -> None:
    helper = seq2seq.CustomHelper(lambda: (tf.zeros([B], tf.bool), tf.zeros([B, E])), lambda **kw: None,
                                  lambda **kw: None)
    with pytest.raises(ValueError, match="before initialize"):
        helper.batch_size
    helper.initialize()
    with v1.Session() as session:
        assert session.run(helper.batch_size) == B


def test_training_helper_inputs_are_the_tensor_given(graph: tf.Graph) -> None:
    # TF 1.15 helper.py: ``inputs`` is the converted input tensor as given (batch-major here), not its TensorArray
    helper = seq2seq.TrainingHelper(INPUTS, [T] * B)
    assert isinstance(helper.inputs, tf.Tensor)
    with v1.Session() as session:
        np.testing.assert_array_equal(session.run(helper.inputs), INPUTS)


def test_decoders_check_the_cell_as_tf_1_15(graph: tf.Graph) -> None:
    # rnn_cell_impl.assert_like_rnncell("cell", cell) in basic_decoder.py, beam_search_decoder.py and
    # attention_wrapper.py: a TypeError naming every missing piece
    helper = seq2seq.TrainingHelper(tf.constant(INPUTS), [T] * B)
    with pytest.raises(TypeError, match="'output_size' property is missing, 'state_size' property is missing"):
        seq2seq.BasicDecoder(lambda x, s: (x, s), helper, _init_state())
    with pytest.raises(TypeError, match="is not callable"):
        seq2seq.BeamSearchDecoder(object(), EMBEDDING, [0] * B, END, _init_state(), 2)
    mechanism = seq2seq.LuongAttention(H, tf.zeros([B, T, H]))
    with pytest.raises(TypeError, match="not an RNNCell"):
        seq2seq.AttentionWrapper(object(), mechanism)


def test_no_caching_device_inside_a_v1_while_loop(graph: tf.Graph) -> None:
    # decoder.py (TF 1.15): dynamic_decode sets the caching device only outside a while loop's context
    from tensorflow.python.ops import control_flow_v2_toggles as toggles

    from tfcompat.contrib.seq2seq._decoder import _in_while_loop

    was_v2 = toggles.control_flow_v2_enabled()
    toggles.disable_control_flow_v2()
    try:
        seen = []
        tf.while_loop(lambda i: i < 1, lambda i: (seen.append(_in_while_loop()), i + 1)[1], [0])
    finally:
        if was_v2:
            toggles.enable_control_flow_v2()
    assert seen == [True] and not _in_while_loop()
