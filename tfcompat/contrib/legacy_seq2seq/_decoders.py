"""The decoders of ``tf.contrib.legacy_seq2seq``: plain, with embedding, with attention.

TF 1.15: tensorflow/contrib/legacy_seq2seq/python/ops/seq2seq.py (rnn_decoder, embedding_rnn_decoder,
attention_decoder, embedding_attention_decoder, _extract_argmax_and_embed). Variable names as TF 1.x wrote
them: ``attention_decoder/AttnW_0``, ``AttnV_0``, ``kernel``/``bias`` of the input merge, ``Attention_0/kernel``,
``AttnOutputProjection/kernel``; the cell under the decoder's scope.
Source compared: uve/tensorflow@e08079463bf43e5963acc41da1f57e95603f8080 (TF master of 2019-08-06, the tree
r1.15 was cut from), tensorflow/contrib/legacy_seq2seq/python/ops/seq2seq.py.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import tensorflow as tf

from ...rnn_cell import RNNCell, linear

v1 = tf.compat.v1


def extract_argmax_and_embed(embedding: Any, output_projection: tuple | None = None,
                             update_embedding: bool = True) -> Callable:
    """A ``loop_function`` feeding back the embedding of the previous step's argmax symbol."""

    def loop_function(prev: tf.Tensor, _: int) -> tf.Tensor:
        if output_projection is not None:
            prev = tf.compat.v1.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
        emb_prev = tf.nn.embedding_lookup(embedding, tf.argmax(prev, 1))
        return emb_prev if update_embedding else tf.stop_gradient(emb_prev)

    return loop_function


def rnn_decoder(decoder_inputs: Sequence[tf.Tensor], initial_state: Any, cell: RNNCell,
                loop_function: Callable | None = None, scope: Any = None) -> tuple:
    """Run ``cell`` from ``initial_state`` over the inputs (or over ``loop_function`` of its last output)."""
    with v1.variable_scope(scope or "rnn_decoder"):
        state, outputs, prev = initial_state, [], None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with v1.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                v1.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def _check_projection(output_projection: tuple, num_symbols: int, dtype: Any) -> None:
    weights = tf.convert_to_tensor(output_projection[0], dtype=dtype)
    weights.shape.assert_is_compatible_with([None, num_symbols])
    biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
    biases.shape.assert_is_compatible_with([num_symbols])


def embedding_rnn_decoder(decoder_inputs: Sequence[tf.Tensor], initial_state: Any, cell: RNNCell,
                          num_symbols: int, embedding_size: int, output_projection: tuple | None = None,
                          feed_previous: bool = False, update_embedding_for_previous: bool = True,
                          scope: Any = None) -> tuple:
    """``rnn_decoder`` on embedded int ids; ``feed_previous`` makes it greedy (argmax fed back)."""
    with v1.variable_scope(scope or "embedding_rnn_decoder") as vs:
        if output_projection is not None:
            _check_projection(output_projection, num_symbols, vs.dtype)
        embedding = v1.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = (extract_argmax_and_embed(embedding, output_projection, update_embedding_for_previous)
                         if feed_previous else None)
        emb_inp = [tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs]
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


class _Attention:
    """The heads' ``v^T tanh(W h_j + U q)`` softmax reads of ``attention_states`` (W as 1x1 convolutions)."""

    def __init__(self, attention_states: tf.Tensor, num_heads: int, dtype: Any) -> None:
        self.length = tf.compat.dimension_value(attention_states.shape[1])
        if self.length is None:
            self.length = tf.shape(attention_states)[1]
        self.size = int(attention_states.shape[2])
        self.num_heads, self.dtype = num_heads, dtype
        self.hidden = tf.reshape(attention_states, [-1, self.length, 1, self.size])
        self.features, self.v = [], []
        for a in range(num_heads):
            k = v1.get_variable(f"AttnW_{a}", [1, 1, self.size, self.size], dtype=dtype)
            self.features.append(tf.nn.conv2d(self.hidden, k, [1, 1, 1, 1], "SAME"))
            self.v.append(v1.get_variable(f"AttnV_{a}", [self.size], dtype=dtype))

    def __call__(self, query: Any) -> list:
        if tf.nest.is_nested(query):
            parts = tf.nest.flatten(query)
            if any(q.shape.rank not in (None, 2) for q in parts):
                raise ValueError(f"Attention queries must be 2D: {[q.shape for q in parts]}")
            query = tf.concat(parts, 1)
        reads = []
        for a in range(self.num_heads):
            with v1.variable_scope(f"Attention_{a}"):
                y = tf.cast(tf.reshape(linear(query, self.size, True), [-1, 1, 1, self.size]), self.dtype)
                scores = tf.reduce_sum(self.v[a] * tf.tanh(self.features[a] + y), [2, 3])
                # the softmax in float32 whatever the dtype, as TF 1.15
                weights = tf.cast(tf.nn.softmax(tf.cast(scores, tf.float32)), self.dtype)
                read = tf.reduce_sum(tf.reshape(weights, [-1, self.length, 1, 1]) * self.hidden, [1, 2])
                reads.append(tf.reshape(read, [-1, self.size]))
        return reads


def attention_decoder(decoder_inputs: Sequence[tf.Tensor], initial_state: Any, attention_states: tf.Tensor,
                      cell: RNNCell, output_size: int | None = None, num_heads: int = 1,
                      loop_function: Callable | None = None, dtype: Any = None, scope: Any = None,
                      initial_state_attention: bool = False) -> tuple:
    """Decoder reading ``attention_states`` [batch, length, size] with ``num_heads`` heads each step.

    Step i: ``x = linear([input, attns])``; ``out, state = cell(x, state)``; ``attns = attention(state)``;
    ``output = linear([out, attns])`` in scope ``AttnOutputProjection``.
    """
    if not decoder_inputs:
        raise ValueError("Must provide at least 1 input to attention decoder.")
    if num_heads < 1:
        raise ValueError("With less than 1 heads, use a non-attention decoder.")
    if tf.compat.dimension_value(attention_states.shape[2]) is None:
        raise ValueError(f"Shape[2] of attention_states must be known: {attention_states.shape}")
    if output_size is None:
        output_size = cell.output_size
    with v1.variable_scope(scope or "attention_decoder", dtype=dtype) as vs:
        dtype = vs.dtype
        batch_size = tf.shape(decoder_inputs[0])[0]
        attention = _Attention(attention_states, num_heads, dtype)
        state = initial_state
        attns = [tf.zeros(tf.stack([batch_size, attention.size]), dtype=dtype) for _ in range(num_heads)]
        for a in attns:
            a.set_shape([None, attention.size])
        if initial_state_attention:
            attns = attention(initial_state)
        outputs, prev = [], None
        for i, inp in enumerate(decoder_inputs):
            if i > 0:
                v1.get_variable_scope().reuse_variables()
            if loop_function is not None and prev is not None:
                with v1.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            input_size = tf.compat.dimension_value(inp.shape.with_rank(2)[1])
            if input_size is None:
                raise ValueError(f"Could not infer input size from input: {inp.name}")
            cell_output, state = cell(linear([tf.cast(e, dtype) for e in [inp] + attns], input_size, True), state)
            if i == 0 and initial_state_attention:
                with v1.variable_scope(v1.get_variable_scope(), reuse=True):
                    attns = attention(state)
            else:
                attns = attention(state)
            with v1.variable_scope("AttnOutputProjection"):
                output = linear([tf.cast(cell_output, dtype)] + attns, output_size, True)
            if loop_function is not None:
                prev = output
            outputs.append(output)
    return outputs, state


def embedding_attention_decoder(decoder_inputs: Sequence[tf.Tensor], initial_state: Any,
                                attention_states: tf.Tensor, cell: RNNCell, num_symbols: int,
                                embedding_size: int, num_heads: int = 1, output_size: int | None = None,
                                output_projection: tuple | None = None, feed_previous: bool = False,
                                update_embedding_for_previous: bool = True, dtype: Any = None,
                                scope: Any = None, initial_state_attention: bool = False) -> tuple:
    """``attention_decoder`` on embedded int ids; ``feed_previous`` makes it greedy."""
    if output_size is None:
        output_size = cell.output_size
    if output_projection is not None:
        biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
        biases.shape.assert_is_compatible_with([num_symbols])
    with v1.variable_scope(scope or "embedding_attention_decoder", dtype=dtype):
        embedding = v1.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = (extract_argmax_and_embed(embedding, output_projection, update_embedding_for_previous)
                         if feed_previous else None)
        emb_inp = [tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs]
        return attention_decoder(emb_inp, initial_state, attention_states, cell, output_size=output_size,
                                 num_heads=num_heads, loop_function=loop_function,
                                 initial_state_attention=initial_state_attention)
