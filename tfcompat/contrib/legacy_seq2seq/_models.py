"""The whole encoder-decoder models of ``tf.contrib.legacy_seq2seq``.

TF 1.15: tensorflow/contrib/legacy_seq2seq/python/ops/seq2seq.py (basic_rnn_seq2seq, tied_rnn_seq2seq,
embedding_rnn_seq2seq, embedding_tied_rnn_seq2seq, embedding_attention_seq2seq, one2many_rnn_seq2seq).
The encoder runs under ``<model>/rnn`` (a deep copy of ``cell`` unless tied); the decoder under the
decoder's scope. A tensor ``feed_previous`` builds both decoders (variables shared) and picks one with ``cond``.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Sequence

import tensorflow as tf

from ...rnn import static_rnn
from ...rnn_cell import OutputProjectionWrapper, RNNCell
from ._decoders import embedding_attention_decoder, embedding_rnn_decoder, extract_argmax_and_embed, rnn_decoder
from ._embedding_wrapper import EmbeddingWrapper

v1 = tf.compat.v1


def _holds_variables(value: Any) -> bool:
    return any(isinstance(leaf, tf.Variable) for leaf in tf.nest.flatten(value))


def _unbuilt_copy(cell: RNNCell) -> RNNCell:
    """A deep copy of ``cell`` as it was before its first call (TF 1.15's ``copy.deepcopy(cell)``).

    TF 1.x could not deep-copy a cell that had run (the 0.x translate tutorial, which passes one cell to every
    bucket, fails there); TF 0.x cells held no variables. The copy drops the variables and the captured scope,
    so the encoder of a later bucket finds its own variables again by name.
    """
    if not getattr(cell, "built", False) and getattr(cell, "_scope", None) is None \
            and not any(_holds_variables(v) for v in vars(cell).values()):
        return copy.deepcopy(cell)
    fresh = copy.copy(cell)  # settings are shared; cells, variables and the scope are not
    for key, value in vars(cell).items():
        if isinstance(value, RNNCell):
            setattr(fresh, key, _unbuilt_copy(value))
        elif isinstance(value, (list, tuple)) and value and all(isinstance(c, RNNCell) for c in value):
            setattr(fresh, key, type(value)(_unbuilt_copy(c) for c in value))
        elif key in ("_variables", "_trainable_variables"):
            setattr(fresh, key, [])
        elif key == "_scope" or _holds_variables(value):
            setattr(fresh, key, None)  # made again by build() or on first use
    fresh.built = False
    return fresh


def _decode_either_way(feed_previous: Any, decoder: Callable[[bool], tuple], num_outputs: int,
                       state_structure: Any) -> tuple:
    """``decoder(True)`` or ``decoder(False)`` by the boolean tensor ``feed_previous``; outputs and state."""

    def branch(feed: bool) -> list:
        with v1.variable_scope(v1.get_variable_scope(), reuse=None if feed else True):
            outputs, state = decoder(feed)
        return list(outputs) + tf.nest.flatten(state)

    flat = tf.cond(feed_previous, lambda: branch(True), lambda: branch(False))
    state = tf.nest.pack_sequence_as(state_structure, flat[num_outputs:])
    return flat[:num_outputs], state


def basic_rnn_seq2seq(encoder_inputs: Sequence[tf.Tensor], decoder_inputs: Sequence[tf.Tensor], cell: RNNCell,
                      dtype: Any = tf.float32, scope: Any = None) -> tuple:
    """Encode with a copy of ``cell``, decode with ``cell`` from the final encoder state."""
    with v1.variable_scope(scope or "basic_rnn_seq2seq"):
        _, enc_state = static_rnn(_unbuilt_copy(cell), encoder_inputs, dtype=dtype)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def tied_rnn_seq2seq(encoder_inputs: Sequence[tf.Tensor], decoder_inputs: Sequence[tf.Tensor], cell: RNNCell,
                     loop_function: Callable | None = None, dtype: Any = tf.float32, scope: Any = None) -> tuple:
    """Encoder and decoder share ``cell`` and its variables (``combined_tied_rnn_seq2seq/tied_rnn_seq2seq``)."""
    with v1.variable_scope("combined_tied_rnn_seq2seq"):
        scope = scope or "tied_rnn_seq2seq"
        _, enc_state = static_rnn(cell, encoder_inputs, dtype=dtype, scope=scope)
        v1.get_variable_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function, scope=scope)


def embedding_rnn_seq2seq(encoder_inputs: Sequence[tf.Tensor], decoder_inputs: Sequence[tf.Tensor],
                          cell: RNNCell, num_encoder_symbols: int, num_decoder_symbols: int, embedding_size: int,
                          output_projection: tuple | None = None, feed_previous: Any = False, dtype: Any = None,
                          scope: Any = None) -> tuple:
    """Embedded int ids in, ``embedding_rnn_decoder`` out (projected to the symbols unless ``output_projection``)."""
    with v1.variable_scope(scope or "embedding_rnn_seq2seq") as vs:
        if dtype is not None:
            vs.set_dtype(dtype)
        else:
            dtype = vs.dtype
        encoder_cell = EmbeddingWrapper(_unbuilt_copy(cell), embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        _, encoder_state = static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)

        def decoder(feed: bool, update_embedding: bool = False) -> tuple:
            return embedding_rnn_decoder(decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                                         output_projection=output_projection, feed_previous=feed,
                                         update_embedding_for_previous=update_embedding)

        if isinstance(feed_previous, bool):
            return decoder(feed_previous, update_embedding=True)
        return _decode_either_way(feed_previous, decoder, len(decoder_inputs), encoder_state)


def embedding_tied_rnn_seq2seq(encoder_inputs: Sequence[tf.Tensor], decoder_inputs: Sequence[tf.Tensor],
                               cell: RNNCell, num_symbols: int, embedding_size: int,
                               num_decoder_symbols: int | None = None, output_projection: tuple | None = None,
                               feed_previous: Any = False, dtype: Any = None, scope: Any = None) -> tuple:
    """``tied_rnn_seq2seq`` with one ``embedding`` for both sides."""
    with v1.variable_scope(scope or "embedding_tied_rnn_seq2seq", dtype=dtype) as vs:
        dtype = vs.dtype
        if output_projection is not None:
            weights = tf.convert_to_tensor(output_projection[0], dtype=dtype)
            weights.shape.assert_is_compatible_with([None, num_symbols])
            biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
            biases.shape.assert_is_compatible_with([num_symbols])
        embedding = v1.get_variable("embedding", [num_symbols, embedding_size], dtype=dtype)
        emb_encoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in encoder_inputs]
        emb_decoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in decoder_inputs]
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols or num_symbols)

        def decoder(feed: bool, update_embedding: bool = False) -> tuple:
            loop_function = (extract_argmax_and_embed(embedding, output_projection, update_embedding)
                             if feed else None)
            return tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell, loop_function=loop_function,
                                    dtype=dtype)

        if isinstance(feed_previous, bool):
            return decoder(feed_previous, update_embedding=True)
        return _decode_either_way(feed_previous, decoder, len(decoder_inputs), cell.state_size)


def embedding_attention_seq2seq(encoder_inputs: Sequence[tf.Tensor], decoder_inputs: Sequence[tf.Tensor],
                                cell: RNNCell, num_encoder_symbols: int, num_decoder_symbols: int,
                                embedding_size: int, num_heads: int = 1,
                                output_projection: tuple | None = None, feed_previous: Any = False,
                                dtype: Any = None, scope: Any = None, initial_state_attention: bool = False) -> tuple:
    """Embedding encoder whose outputs the ``embedding_attention_decoder`` attends to (the translate model)."""
    with v1.variable_scope(scope or "embedding_attention_seq2seq", dtype=dtype) as vs:
        dtype = vs.dtype
        encoder_cell = EmbeddingWrapper(_unbuilt_copy(cell), embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        encoder_outputs, encoder_state = static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        attention_states = tf.concat([tf.reshape(e, [-1, 1, cell.output_size]) for e in encoder_outputs], 1)
        output_size = None
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)
            output_size = num_decoder_symbols

        def decoder(feed: bool, update_embedding: bool = False) -> tuple:
            return embedding_attention_decoder(
                decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols, embedding_size,
                num_heads=num_heads, output_size=output_size, output_projection=output_projection,
                feed_previous=feed, update_embedding_for_previous=update_embedding,
                initial_state_attention=initial_state_attention)

        if isinstance(feed_previous, bool):
            return decoder(feed_previous, update_embedding=True)
        return _decode_either_way(feed_previous, decoder, len(decoder_inputs), encoder_state)


def one2many_rnn_seq2seq(encoder_inputs: Sequence[tf.Tensor], decoder_inputs_dict: dict, enc_cell: RNNCell,
                         dec_cells_dict: dict, num_encoder_symbols: int, num_decoder_symbols_dict: dict,
                         embedding_size: int, feed_previous: Any = False, dtype: Any = None,
                         scope: Any = None) -> tuple:
    """One embedding encoder, one ``embedding_rnn_decoder`` per name (scope ``one2many_decoder_<name>``)."""
    if not isinstance(enc_cell, RNNCell):
        raise TypeError(f"enc_cell is not an RNNCell: {type(enc_cell)}")
    if set(dec_cells_dict) != set(decoder_inputs_dict):
        raise ValueError("keys of dec_cells_dict != keys of decodre_inputs_dict")
    for dec_cell in dec_cells_dict.values():
        if not isinstance(dec_cell, RNNCell):
            raise TypeError(f"dec_cell is not an RNNCell: {type(dec_cell)}")
    outputs_dict, state_dict = {}, {}
    with v1.variable_scope(scope or "one2many_rnn_seq2seq", dtype=dtype) as vs:
        dtype = vs.dtype
        enc_cell = EmbeddingWrapper(enc_cell, embedding_classes=num_encoder_symbols, embedding_size=embedding_size)
        _, encoder_state = static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        for name, decoder_inputs in decoder_inputs_dict.items():
            num_decoder_symbols = num_decoder_symbols_dict[name]
            with v1.variable_scope(f"one2many_decoder_{name}"):
                dec_cell = OutputProjectionWrapper(dec_cells_dict[name], num_decoder_symbols)

                def decoder(feed: bool, dec_cell: RNNCell = dec_cell, decoder_inputs: list = decoder_inputs,
                            num_decoder_symbols: int = num_decoder_symbols) -> tuple:
                    return embedding_rnn_decoder(decoder_inputs, encoder_state, dec_cell, num_decoder_symbols,
                                                 embedding_size, feed_previous=feed)

                if isinstance(feed_previous, bool):
                    outputs, state = decoder(feed_previous)
                else:
                    outputs, state = _decode_either_way(feed_previous, decoder, len(decoder_inputs), encoder_state)
            outputs_dict[name] = outputs
            state_dict[name] = state
    return outputs_dict, state_dict
