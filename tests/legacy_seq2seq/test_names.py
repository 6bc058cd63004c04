"""Variable names are the ones TF 1.x wrote (read off tensorflow/contrib/legacy_seq2seq/python/ops/seq2seq.py
and core_rnn_cell.py of TF 1.15: cells nest under the wrappers that call them), so 1.x checkpoints load.

Source compared: uve/tensorflow@e08079463bf43e5963acc41da1f57e95603f8080 (TF master of 2019-08-06, the tree
r1.15 was cut from), tensorflow/contrib/legacy_seq2seq/python/ops/seq2seq.py: ``AttnW_%d``, ``AttnV_%d``
(attention_decoder's scope), ``Attention_%d`` and ``AttnOutputProjection`` (``_Linear``'s kernel/bias).
"""
from __future__ import annotations

import pytest
import tensorflow as tf

from tfcompat.contrib import legacy_seq2seq as seq2seq
from tfcompat.rnn_cell import GRUCell, _Linear, _linear

v1 = tf.compat.v1
GRU = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")


def _gru(prefix: str) -> list:
    return [f"{prefix}/{leaf}" for leaf in GRU]


def _names() -> set:
    return {v.op.name for v in v1.global_variables()}


def _ids(count: int) -> list:
    return [v1.placeholder(tf.int32, [None]) for _ in range(count)]


def _floats(count: int) -> list:
    return [v1.placeholder(tf.float32, [None, 3]) for _ in range(count)]


def test_basic_and_tied_seq2seq(graph) -> None:
    seq2seq.basic_rnn_seq2seq(_floats(2), _floats(2), GRUCell(4))
    seq2seq.tied_rnn_seq2seq(_floats(2), _floats(2), GRUCell(4))
    assert _names() == set(_gru("basic_rnn_seq2seq/rnn/gru_cell") + _gru("basic_rnn_seq2seq/rnn_decoder/gru_cell")
                           + _gru("combined_tied_rnn_seq2seq/tied_rnn_seq2seq/gru_cell"))


def test_embedding_rnn_seq2seq(graph) -> None:
    seq2seq.embedding_rnn_seq2seq(_ids(2), _ids(2), GRUCell(4), 5, 6, 3)
    decoder = "embedding_rnn_seq2seq/embedding_rnn_decoder"
    assert _names() == {"embedding_rnn_seq2seq/rnn/embedding_wrapper/embedding", f"{decoder}/embedding",
                        f"{decoder}/rnn_decoder/output_projection_wrapper/kernel",
                        f"{decoder}/rnn_decoder/output_projection_wrapper/bias",
                        *_gru("embedding_rnn_seq2seq/rnn/embedding_wrapper/gru_cell"),
                        *_gru(f"{decoder}/rnn_decoder/output_projection_wrapper/gru_cell")}


def test_embedding_tied_rnn_seq2seq(graph) -> None:
    seq2seq.embedding_tied_rnn_seq2seq(_ids(2), _ids(2), GRUCell(4), 5, 3)
    tied = "embedding_tied_rnn_seq2seq/combined_tied_rnn_seq2seq/tied_rnn_seq2seq/output_projection_wrapper"
    assert _names() == {"embedding_tied_rnn_seq2seq/embedding", f"{tied}/kernel", f"{tied}/bias",
                        *_gru(f"{tied}/gru_cell")}


@pytest.mark.parametrize("feed_previous", [False, "tensor"])
def test_embedding_attention_seq2seq(graph, feed_previous) -> None:
    feed = v1.placeholder(tf.bool, []) if feed_previous == "tensor" else feed_previous
    seq2seq.embedding_attention_seq2seq(_ids(2), _ids(2), GRUCell(4), 5, 6, 3, feed_previous=feed)
    decoder = "embedding_attention_seq2seq/embedding_attention_decoder/attention_decoder"
    assert _names() == {
        "embedding_attention_seq2seq/rnn/embedding_wrapper/embedding",
        *_gru("embedding_attention_seq2seq/rnn/embedding_wrapper/gru_cell"),
        "embedding_attention_seq2seq/embedding_attention_decoder/embedding",
        f"{decoder}/AttnW_0", f"{decoder}/AttnV_0", f"{decoder}/kernel", f"{decoder}/bias",
        f"{decoder}/Attention_0/kernel", f"{decoder}/Attention_0/bias",
        f"{decoder}/AttnOutputProjection/kernel", f"{decoder}/AttnOutputProjection/bias",
        f"{decoder}/output_projection_wrapper/kernel", f"{decoder}/output_projection_wrapper/bias",
        *_gru(f"{decoder}/output_projection_wrapper/gru_cell")}


def test_embedding_attention_seq2seq_with_output_projection_keeps_the_bare_cell(graph) -> None:
    projection = (v1.get_variable("proj_w", [4, 6]), v1.get_variable("proj_b", [6]))
    seq2seq.embedding_attention_seq2seq(_ids(2), _ids(2), GRUCell(4), 5, 6, 3, num_heads=2,
                                        output_projection=projection, feed_previous=True)
    decoder = "embedding_attention_seq2seq/embedding_attention_decoder/attention_decoder"
    assert set(_gru(f"{decoder}/gru_cell")) | {f"{decoder}/AttnW_1", f"{decoder}/Attention_1/kernel"} <= _names()
    assert not any("output_projection_wrapper" in name for name in _names())


def test_one2many_rnn_seq2seq(graph) -> None:
    seq2seq.one2many_rnn_seq2seq(_ids(2), {"a": _ids(2), "b": _ids(3)}, GRUCell(4), {"a": GRUCell(4), "b": GRUCell(4)},
                                 5, {"a": 6, "b": 7}, 3)
    expected = {"one2many_rnn_seq2seq/rnn/embedding_wrapper/embedding",
                *_gru("one2many_rnn_seq2seq/rnn/embedding_wrapper/gru_cell")}
    for name in "ab":
        decoder = f"one2many_rnn_seq2seq/one2many_decoder_{name}/embedding_rnn_decoder"
        wrapper = f"{decoder}/rnn_decoder/output_projection_wrapper"
        expected |= {f"{decoder}/embedding", f"{wrapper}/kernel", f"{wrapper}/bias", *_gru(f"{wrapper}/gru_cell")}
    assert _names() == expected


def test_model_with_buckets_makes_the_variables_once(graph) -> None:
    n = 3
    seq2seq.model_with_buckets(_ids(n), _ids(n), _ids(n), [v1.placeholder(tf.float32, [None])] * n, [(2, 2), (3, 3)],
                               lambda x, y: seq2seq.embedding_attention_seq2seq(x, y, GRUCell(4), 5, 6, 3))
    assert len(_names()) == 20  # the second bucket reuses all of them (as in test_embedding_attention_seq2seq)


def test_the_private_linear_helpers_make_kernel_and_bias_in_the_current_scope(graph) -> None:
    x = v1.placeholder(tf.float32, [None, 3])
    with v1.variable_scope("function"):
        _linear([x, x], 2, True)
    with v1.variable_scope("object"):
        linear = _Linear(x, 2, False)
        linear(x)
    assert _names() == {"function/kernel", "function/bias", "object/kernel"}
    assert v1.global_variables()[0].shape.as_list() == [6, 2]


def test_one_cell_serves_every_bucket_as_in_the_translate_tutorial(graph) -> None:
    cell, n = GRUCell(4), 3
    seq2seq.model_with_buckets(_ids(n), _ids(n), _ids(n), [v1.placeholder(tf.float32, [None])] * n, [(2, 2), (3, 3)],
                               lambda x, y: seq2seq.embedding_attention_seq2seq(x, y, cell, 5, 6, 3))
    encoder = "embedding_attention_seq2seq/rnn/embedding_wrapper/gru_cell"
    assert len(_names()) == 20 and set(_gru(encoder)) <= _names()


def test_embedding_attention_seq2seq_takes_num_heads_seventh(graph) -> None:
    # TF 1.15's signature: (encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
    # embedding_size, num_heads=1, output_projection=None, feed_previous=False, dtype=None, scope=None,
    # initial_state_attention=False)
    seq2seq.embedding_attention_seq2seq(_ids(2), _ids(2), GRUCell(4), 5, 6, 3, 2)
    decoder = "embedding_attention_seq2seq/embedding_attention_decoder/attention_decoder"
    assert {f"{decoder}/AttnW_1", f"{decoder}/AttnV_1", f"{decoder}/Attention_1/kernel"} <= _names()


def test_attention_decoder_takes_the_softmax_in_float32(graph) -> None:
    states = v1.placeholder(tf.float16, [None, 3, 4])
    inputs = [v1.placeholder(tf.float16, [None, 3]) for _ in range(2)]
    outputs, _ = seq2seq.attention_decoder(inputs, GRUCell(4, dtype=tf.float16).zero_state(2, tf.float16), states,
                                           GRUCell(4, dtype=tf.float16), dtype=tf.float16)
    softmaxes = [op for op in graph.get_operations() if op.type == "Softmax"]
    assert softmaxes and all(op.inputs[0].dtype == tf.float32 for op in softmaxes)
    assert all(o.dtype == tf.float16 for o in outputs)
