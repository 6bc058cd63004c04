"""Attention mechanisms and ``AttentionWrapper`` against numpy.

TF 1.15 semantics checked (attention_wrapper.py): memory past ``memory_sequence_length`` is zeroed and its scores
are -inf before the softmax; Bahdanau ``v . tanh(W_m m + W_q q)`` (normalized: ``g v/|v| . tanh(... + b)``);
Luong ``q . W_m m`` (scaled by ``g``); monotonic mechanisms add ``attention_score_bias`` and run
``monotonic_attention(sigmoid(score), previous)``; the wrapper feeds ``[inputs, previous attention]`` to the cell,
attends with the cell output and emits ``attention_layer([output, context])``. Variable names are TF 1.15's.
"""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import layers, rnn_cell
from tfcompat.contrib import seq2seq

from . import _numpy_seq2seq as ref

v1 = tf.compat.v1
B, TM, D, U, E, H, V, T = 2, 5, 4, 4, 3, 4, 6, 3
RNG = np.random.RandomState(3)
MEMORY = RNG.randn(B, TM, D).astype(np.float32)
LENGTHS = np.array([5, 3], np.int32)
QUERY = RNG.randn(B, U).astype(np.float32)
TOL = {"rtol": 1e-5, "atol": 1e-5}


def _session_values(fetches: object, randomize: tuple = ()) -> tuple:
    """Run ``fetches`` after giving the variables whose names end with ``randomize`` random values."""
    with v1.Session() as session:
        session.run(v1.global_variables_initializer())
        for variable in v1.global_variables():
            if variable.name[:-2].endswith(randomize):
                variable.load(RNG.uniform(0.5, 1.5, variable.shape.as_list()).astype(np.float32), session)
        values = {v.name[:-2]: session.run(v) for v in v1.global_variables()}
        return session.run(fetches), values


def _masked_memory() -> np.ndarray:
    return MEMORY * (np.arange(TM)[None, :, None] < LENGTHS[:, None, None])


MECHANISMS = {
    # name: (constructor, keyword arguments, TF 1.15 variable names)
    "bahdanau": (seq2seq.BahdanauAttention, {}, [
        "memory_layer/kernel", "bahdanau_attention/query_layer/kernel", "bahdanau_attention/attention_v"]),
    "bahdanau_normalized": (seq2seq.BahdanauAttention, {"normalize": True}, [
        "memory_layer/kernel", "bahdanau_attention/query_layer/kernel", "bahdanau_attention/attention_v",
        "bahdanau_attention/attention_g", "bahdanau_attention/attention_b"]),
    "luong": (seq2seq.LuongAttention, {}, ["memory_layer/kernel"]),
    "luong_scaled": (seq2seq.LuongAttention, {"scale": True}, ["memory_layer/kernel", "luong_attention/attention_g"]),
}


def _np_score(name: str, values: dict, query: np.ndarray, keys: np.ndarray, prefix: str) -> np.ndarray:
    if name.startswith("bahdanau"):
        q = query @ values[f"{prefix}/query_layer/kernel"]
        return ref.bahdanau_score(q, keys, values[f"{prefix}/attention_v"], values.get(f"{prefix}/attention_g"),
                                  values.get(f"{prefix}/attention_b"))
    return ref.luong_score(query, keys, values.get(f"{prefix}/attention_g"))


@pytest.mark.parametrize("name", sorted(MECHANISMS))
def test_mechanism_alignments_match_numpy(graph: tf.Graph, name: str) -> None:
    make, kwargs, names = MECHANISMS[name]
    mechanism = make(U, tf.constant(MEMORY), memory_sequence_length=tf.constant(LENGTHS), **kwargs)
    alignments, next_state = mechanism(tf.constant(QUERY), mechanism.initial_state(B, tf.float32))
    assert next_state is alignments
    assert [v.name[:-2] for v in v1.global_variables()] == names
    got, values = _session_values(alignments, randomize=("attention_g", "attention_b"))
    keys = _masked_memory() @ values["memory_layer/kernel"]
    prefix = "bahdanau_attention" if name.startswith("bahdanau") else "luong_attention"
    expected = ref.softmax(ref.masked(_np_score(name, values, QUERY, keys, prefix), LENGTHS))
    np.testing.assert_allclose(got, expected, **TOL)
    assert (got[1, 3:] == 0).all()


@pytest.mark.parametrize("mode", ["recursive", "parallel", "hard"])
def test_monotonic_attention_matches_numpy(graph: tf.Graph, mode: str) -> None:
    p = RNG.uniform(0.05, 0.95, (B, TM)).astype(np.float32)
    if mode == "hard":
        p = (p > 0.5).astype(np.float32)
        previous = np.eye(TM, dtype=np.float32)[[1, 0]]
    else:
        previous = ref.softmax(RNG.randn(B, TM)).astype(np.float32)
    got = seq2seq.monotonic_attention(p, previous, mode)
    with v1.Session() as session:
        got = session.run(got)
    expected = ref.monotonic_hard(p, previous) if mode == "hard" else ref.monotonic_recursive(p, previous)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6)


def test_safe_cumprod_and_hardmax(graph: tf.Graph) -> None:
    x = RNG.uniform(0.1, 1.0, (B, TM)).astype(np.float32)
    logits = RNG.randn(B, TM).astype(np.float32)
    with v1.Session() as session:
        cumprod, exclusive, hard = session.run((seq2seq.safe_cumprod(x, axis=1),
                                                seq2seq.safe_cumprod(x, axis=1, exclusive=True),
                                                seq2seq.hardmax(logits)))
    np.testing.assert_allclose(cumprod, np.cumprod(x, 1), rtol=1e-5)
    np.testing.assert_allclose(exclusive, ref.cumprod_exclusive(x), rtol=1e-5)
    np.testing.assert_array_equal(hard, np.eye(TM)[logits.argmax(1)])


@pytest.mark.parametrize("kind", ["bahdanau", "luong"])
def test_monotonic_mechanisms_match_numpy(graph: tf.Graph, kind: str) -> None:
    make = seq2seq.BahdanauMonotonicAttention if kind == "bahdanau" else seq2seq.LuongMonotonicAttention
    mechanism = make(U, tf.constant(MEMORY), memory_sequence_length=tf.constant(LENGTHS), score_bias_init=-0.5,
                     mode="recursive")
    initial = mechanism.initial_alignments(B, tf.float32)
    alignments, _ = mechanism(tf.constant(QUERY), initial)
    prefix = f"{kind}_monotonic_attention"
    assert f"{prefix}/attention_score_bias" in [v.name[:-2] for v in v1.global_variables()]
    (got, got_initial), values = _session_values((alignments, initial))
    np.testing.assert_array_equal(got_initial, np.eye(TM)[[0, 0]])
    keys = _masked_memory() @ values["memory_layer/kernel"]
    score = _np_score(kind, values, QUERY, keys, prefix) + values[f"{prefix}/attention_score_bias"]
    # masked positions score -inf, so sigmoid gives p = 0 there
    expected = ref.monotonic_recursive(ref.sigmoid(ref.masked(score, LENGTHS)), np.eye(TM)[[0, 0]])
    np.testing.assert_allclose(got, expected, **TOL)


def _np_wrapper_decode(values: dict, inputs: np.ndarray, kinds: tuple, layer_sizes: tuple | None,
                       output_attention: bool) -> tuple:
    """Teacher-forced AttentionWrapper decoder; returns outputs and per-mechanism alignment histories."""
    cell = ref.lstm(values, "decoder/attention_wrapper/basic_lstm_cell")
    memory = _masked_memory()
    keys = [memory @ values[f"{'memory_layer' if i == 0 else f'memory_layer_{i}'}/kernel"] for i in range(len(kinds))]
    width = sum(layer_sizes) if layer_sizes else D * len(kinds)
    state, attention = (np.zeros((B, H)), np.zeros((B, H))), np.zeros((B, width))
    outputs, histories = [], [[] for _ in kinds]
    for t in range(T):
        h, state = cell(np.concatenate([inputs[:, t], attention], 1), state)
        parts = []
        for i, kind in enumerate(kinds):
            scope = f"decoder/attention_wrapper/{kind}_attention"
            alignments = ref.softmax(ref.masked(_np_score(kind, values, h, keys[i], scope), LENGTHS))
            histories[i].append(alignments)
            context = np.einsum("bt,btd->bd", alignments, memory)
            if layer_sizes:
                suffix = "" if i == 0 else f"_{i}"
                context = np.concatenate([h, context], 1) @ values[f"decoder/attention_wrapper/attention_layer"
                                                                   f"{suffix}/kernel"]
            parts.append(context)
        attention = np.concatenate(parts, 1)
        out = attention if output_attention else h
        outputs.append(out @ values["decoder/dense/kernel"] + values["decoder/dense/bias"])
    return np.stack(outputs, 1), [np.stack(hist) for hist in histories]


@pytest.mark.parametrize("kinds, layer_sizes, output_attention", [
    (("luong",), (H,), True), (("bahdanau",), None, False), (("bahdanau", "luong"), (3, 2), True)])
def test_attention_wrapper_decoder_matches_numpy(graph: tf.Graph, kinds: tuple, layer_sizes: tuple | None,
                                                 output_attention: bool) -> None:
    inputs = RNG.randn(B, T, E).astype(np.float32)
    memory, lengths = tf.constant(MEMORY), tf.constant(LENGTHS)
    mechanisms = [seq2seq.BahdanauAttention(U, memory, lengths, normalize=True) if kind == "bahdanau"
                  else seq2seq.LuongAttention(H, memory, lengths, scale=True) for kind in kinds]
    multi = len(kinds) > 1
    sizes = (list(layer_sizes) if multi else layer_sizes[0]) if layer_sizes else None
    cell = seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), mechanisms if multi else mechanisms[0],
                                    attention_layer_size=sizes, alignment_history=True,
                                    output_attention=output_attention)
    helper = seq2seq.TrainingHelper(tf.constant(inputs), tf.fill([B], T))
    decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=layers.Dense(V))
    outputs, state, _ = seq2seq.dynamic_decode(decoder)
    histories = [h.stack() for h in (state.alignment_history if multi else (state.alignment_history,))]
    (out, got_histories), values = _session_values((outputs, histories), randomize=("attention_g", "attention_b"))
    expected, expected_histories = _np_wrapper_decode(values, inputs, kinds, layer_sizes, output_attention)
    np.testing.assert_allclose(out.rnn_output, expected, **TOL)
    for got, want in zip(got_histories, expected_histories):
        np.testing.assert_allclose(got, want, **TOL)


def test_attention_wrapper_variable_names_are_tf_1_15s(graph: tf.Graph) -> None:
    # attention_wrapper.py: memory_layer at construction, the rest under the cell's scope when it runs.
    # Source compared: uve/tensorflow@e08079463bf43e5963acc41da1f57e95603f8080 (TF master of 2019-08-06, the
    # tree r1.15 was cut from), tensorflow/contrib/seq2seq/python/ops/attention_wrapper.py
    memory, lengths = tf.constant(MEMORY), tf.constant(LENGTHS)
    with v1.variable_scope("decoder") as scope:
        mechanisms = [seq2seq.BahdanauAttention(U, memory, lengths, normalize=True),
                      seq2seq.LuongAttention(H, memory, lengths, scale=True)]
        cell = seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), mechanisms, attention_layer_size=[3, 2])
        helper = seq2seq.TrainingHelper(tf.zeros([B, T, E]), tf.fill([B], T))
        decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=layers.Dense(V))
        seq2seq.dynamic_decode(decoder, scope=scope)
    assert [v.name[:-2] for v in v1.global_variables()] == [
        "decoder/memory_layer/kernel", "decoder/memory_layer_1/kernel",
        "decoder/attention_wrapper/basic_lstm_cell/kernel", "decoder/attention_wrapper/basic_lstm_cell/bias",
        "decoder/attention_wrapper/bahdanau_attention/query_layer/kernel",
        "decoder/attention_wrapper/bahdanau_attention/attention_v",
        "decoder/attention_wrapper/bahdanau_attention/attention_g",
        "decoder/attention_wrapper/bahdanau_attention/attention_b",
        "decoder/attention_wrapper/attention_layer/kernel",
        "decoder/attention_wrapper/luong_attention/attention_g",
        "decoder/attention_wrapper/attention_layer_1/kernel",
        "decoder/dense/kernel", "decoder/dense/bias"]


def test_attention_wrapper_state_clone_keeps_static_shapes(graph: tf.Graph) -> None:
    mechanism = seq2seq.LuongAttention(H, tf.constant(MEMORY))
    cell = seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), mechanism)
    state = cell.zero_state(B, tf.float32)
    dynamic = v1.placeholder(tf.float32, [None, None])
    cloned = state.clone(cell_state=rnn_cell.LSTMStateTuple(dynamic, dynamic))
    assert cloned.cell_state.c.shape.as_list() == [B, H]
    assert cloned.attention is state.attention


class _ConcatHalf:
    """A layer-like callable that only says its depth through ``compute_output_shape`` (no ``units``)."""

    def compute_output_shape(self, shape: list) -> tf.TensorShape:
        return tf.TensorShape([shape[0], shape[1] // 2])

    def __call__(self, inputs: tf.Tensor) -> tf.Tensor:
        return inputs[:, : inputs.shape[1] // 2]


def test_attention_layer_depth_comes_from_compute_output_shape(graph: tf.Graph) -> None:
    # TF 1.15 sizes an attention_layer by compute_output_shape([None, cell output + memory depth]); dtype is taken
    mechanism = seq2seq.LuongAttention(H, tf.constant(MEMORY))
    cell = seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), mechanism, attention_layer=_ConcatHalf(),
                                    dtype=tf.float32)
    depth = (H + MEMORY.shape[-1]) // 2
    assert cell.output_size == depth
    output, state = cell(tf.zeros([B, E]), cell.zero_state(B, tf.float32))
    assert output.shape.as_list() == [B, depth] and state.attention.shape.as_list() == [B, depth]


def test_attention_wrapper_errors_are_tf_1_15s(graph: tf.Graph) -> None:
    mechanism = seq2seq.LuongAttention(H, tf.constant(MEMORY))
    with pytest.raises(TypeError, match="must contain only instances of AttentionMechanism, saw type: int"):
        seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), [mechanism, 3])
    with pytest.raises(TypeError, match="must be an AttentionMechanism or list of multiple"):
        seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), 3)
    with pytest.raises(ValueError, match="attention_layer must contain exactly one layer per"):
        seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), mechanism, attention_layer=[_ConcatHalf()] * 2)
    with pytest.raises(ValueError, match="attention_layer_size must contain exactly one integer per"):
        seq2seq.AttentionWrapper(rnn_cell.BasicLSTMCell(H), mechanism, attention_layer_size=[2, 2])
