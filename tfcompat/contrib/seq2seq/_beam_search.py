"""``BeamSearchDecoder`` (TF 1.15 ``tf.contrib.seq2seq``): length and coverage penalties, TensorArray reordering.

Source compared: uve/tensorflow@e08079463bf43e5963acc41da1f57e95603f8080 (TF master of 2019-08-06, the tree
r1.15 was cut from), tensorflow/contrib/seq2seq/python/ops/beam_search_decoder.py.
"""
from __future__ import annotations

import collections
import logging
from typing import Any

import numpy as np
import tensorflow as tf

from ._attention_wrapper import AttentionWrapperState
from ._decoder import Decoder, check_cell, check_output_layer, output_size_after_layer
from ._gather_tree import gather_tree

v1 = tf.compat.v1

__all__ = ["BeamSearchDecoder", "BeamSearchDecoderOutput", "BeamSearchDecoderState",
           "FinalBeamSearchDecoderOutput", "gather_tree_from_array"]


class BeamSearchDecoderState(collections.namedtuple(
        "BeamSearchDecoderState", ("cell_state", "log_probs", "finished", "lengths", "accumulated_attention_probs"))):
    pass


class BeamSearchDecoderOutput(collections.namedtuple("BeamSearchDecoderOutput",
                                                     ("scores", "predicted_ids", "parent_ids"))):
    pass


class FinalBeamSearchDecoderOutput(collections.namedtuple("FinalBeamDecoderOutput",
                                                          ["predicted_ids", "beam_search_decoder_output"])):
    """``predicted_ids`` ``[batch, time, beam]`` (``[time, batch, beam]`` time-major) and the raw step outputs."""


def _static(t: Any) -> Any:
    return tf.get_static_value(t)


def gather_tree_from_array(t: tf.Tensor, parent_ids: tf.Tensor, sequence_length: tf.Tensor) -> tf.Tensor:
    """Reorder a stacked ``[time, batch * beam, ...]`` tensor along the beams' back-pointers."""
    max_time = tf.compat.dimension_value(parent_ids.shape[0]) or tf.shape(parent_ids)[0]
    batch_size = tf.compat.dimension_value(parent_ids.shape[1]) or tf.shape(parent_ids)[1]
    beam_width = tf.compat.dimension_value(parent_ids.shape[2]) or tf.shape(parent_ids)[2]
    beam_ids = tf.tile(tf.range(beam_width)[tf.newaxis, tf.newaxis], [max_time, batch_size, 1])
    max_lengths = tf.cast(tf.reduce_max(sequence_length, axis=1), tf.int32)
    sorted_beam_ids = gather_tree(beam_ids, parent_ids, max_lengths, beam_width + 1)
    in_bound = tf.transpose(tf.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
    sorted_beam_ids = tf.where(in_bound, sorted_beam_ids, beam_ids)
    time_ind = tf.tile(tf.reshape(tf.range(max_time), [-1, 1, 1]), [1, batch_size, beam_width])
    batch_ind = tf.tile(tf.reshape(tf.range(batch_size), [1, -1, 1]), [max_time, 1, beam_width])
    indices = tf.stack([time_ind, batch_ind, sorted_beam_ids], -1)
    gathered = tf.gather_nd(tf.reshape(t, [max_time, batch_size, beam_width, -1]), indices)
    return tf.reshape(gathered, tf.shape(t))


def _gather_beams(indices: tf.Tensor, gather_from: tf.Tensor, batch_size: Any, range_size: Any,
                  gather_shape: list, name: str | None = None) -> tf.Tensor:
    """``gather_from[b, indices[b, k]]`` with ``gather_from`` viewed as ``gather_shape``."""
    with tf.name_scope(name or "tensor_gather_helper"):
        offsets = tf.expand_dims(tf.range(batch_size) * range_size, 1)
        flat_indices = tf.reshape(indices + offsets, [-1])
        output = tf.gather(tf.reshape(gather_from, gather_shape), flat_indices)
        kept = 1 + len(gather_shape)
        output = tf.reshape(output, tf.shape(gather_from)[:kept], name="output")
        output.set_shape(tf.TensorShape([_static(batch_size)]).concatenate(gather_from.shape[1:kept]))
        return output


def _maybe_gather_beams(indices: tf.Tensor, gather_from: Any, batch_size: Any, range_size: Any,
                        gather_shape: list) -> Any:
    if isinstance(gather_from, tf.TensorArray):
        return gather_from
    _check_rank_known(gather_from)
    if gather_from.shape.rank >= len(gather_shape):
        return _gather_beams(indices, gather_from, batch_size, range_size, gather_shape)
    return gather_from


def _check_rank_known(t: tf.Tensor) -> None:
    if t.shape.rank is None:
        raise ValueError(f"Expected tensor ({t}) to have known rank, but ndims == None.")


def _length_penalty(sequence_lengths: tf.Tensor, penalty_factor: Any) -> Any:
    """``((5 + length) / 6) ** penalty_factor`` (Wu et al. 2016); 1 when the factor is statically 0."""
    penalty_factor = tf.convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.set_shape(())
    static = _static(penalty_factor)
    if static is not None and static == 0:
        return 1.0
    return (5. + tf.cast(sequence_lengths, tf.float32)) ** penalty_factor / (5. + 1.) ** penalty_factor


def _mask_probs(probs: tf.Tensor, eos_token: tf.Tensor, finished: tf.Tensor) -> tf.Tensor:
    """Finished beams put all their probability on ``eos_token`` (log prob 0, the rest dtype.min)."""
    vocab_size = tf.shape(probs)[2]
    finished_row = tf.one_hot(eos_token, vocab_size, dtype=probs.dtype, on_value=tf.constant(0., probs.dtype),
                              off_value=probs.dtype.min)
    finished_probs = tf.tile(tf.reshape(finished_row, [1, 1, -1]), tf.concat([tf.shape(finished), [1]], 0))
    finished_mask = tf.tile(tf.expand_dims(finished, 2), [1, 1, vocab_size])
    return tf.where(finished_mask, finished_probs, probs)


def _attention_probs(state: AttentionWrapperState) -> tf.Tensor:
    alignments = state.alignments
    if isinstance(alignments, tuple):
        return tf.reduce_mean(tf.stack(alignments, -1), -1)
    return alignments


def get_attention_probs(cell_state: Any, coverage_penalty_weight: float) -> tf.Tensor | None:
    """Mean alignments of the attention states in ``cell_state``; None without a coverage penalty."""
    if coverage_penalty_weight == 0.0:
        return None
    if isinstance(cell_state, AttentionWrapperState):
        probs = [_attention_probs(cell_state)]
    elif isinstance(cell_state, tuple):
        probs = [_attention_probs(s) for s in cell_state if isinstance(s, AttentionWrapperState)]
    else:
        probs = []
    if not probs:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.")
    return probs[0] if len(probs) == 1 else tf.reduce_mean(tf.stack(probs, -1), -1)


def _get_scores(log_probs: tf.Tensor, sequence_lengths: tf.Tensor, length_penalty_weight: Any,
                coverage_penalty_weight: Any, finished: tf.Tensor, accumulated_attention_probs: Any) -> tf.Tensor:
    scores = log_probs / tf.cast(_length_penalty(sequence_lengths, length_penalty_weight), log_probs.dtype)
    weight = tf.convert_to_tensor(coverage_penalty_weight, name="coverage_penalty_weight")
    if weight.shape.rank != 0:
        raise ValueError(f"coverage_penalty_weight should be a scalar, but saw shape: {weight.shape}")
    if _static(weight) == 0.0:
        return scores
    if accumulated_attention_probs is None:
        raise ValueError("accumulated_attention_probs can be None only if coverage penalty is disabled.")
    # sum over source positions of log(min(attention mass, 1)), for finished beams only; positions that never
    # got attention (masked memory) count as covered
    covered = tf.where(tf.equal(accumulated_attention_probs, 0.0), tf.ones_like(accumulated_attention_probs),
                       accumulated_attention_probs)
    coverage = tf.reduce_sum(tf.math.log(tf.minimum(covered, 1.0)), 2)
    coverage *= tf.cast(finished, tf.float32)
    return scores + tf.expand_dims(coverage * weight, 2)


def _check_static_batch_beam(shape: tf.TensorShape, batch_size: Any, beam_width: int) -> bool:
    """TF 1.15's ``_check_static_batch_beam_maybe``: False (with a warning) when static dims rule out reordering.

    As in TF 1.15 (uve/tensorflow@e08079463bf4, tensorflow/contrib/seq2seq/python/ops/beam_search_decoder.py),
    an element shape with a known second dimension passes only if it is ``[batch_size, beam_width, ...]`` and
    ``batch_size * beam_width`` at once, so with a static batch size an alignment history ``[batch * beam,
    max_time]`` stays an unsorted TensorArray (TF 1.15 programs ``stack()`` it themselves).
    """
    first = tf.compat.dimension_value(shape[0])
    second = tf.compat.dimension_value(shape[1]) if shape.rank >= 2 else None
    if batch_size is not None and first is not None and (
            first != batch_size * beam_width
            or (second is not None and (first != batch_size or second != beam_width))):
        logging.getLogger("tfcompat").warning(
            "TensorArray reordering expects elements to be reshapable to %s which is incompatible with the "
            "current shape %s. Consider setting reorder_tensor_arrays to False to disable TensorArray reordering "
            "during the beam search.", tf.TensorShape([batch_size, beam_width, None]), shape)
        return False
    return True


def _check_batch_beam(t: tf.Tensor, batch_size: Any, beam_width: int) -> tf.Operation:
    """Run-time check that a stacked TensorArray's elements reshape to ``[batch_size, beam_width, -1]``."""
    shape = tf.shape(t)
    condition = tf.equal(shape[1], batch_size * beam_width)
    if t.shape.rank != 2:
        condition = tf.logical_or(condition, tf.logical_and(tf.equal(shape[1], batch_size),
                                                            tf.equal(shape[2], beam_width)))
    return tf.debugging.Assert(condition, [
        "TensorArray reordering expects elements to be reshapable to [batch_size, beam_size, -1] which is "
        f"incompatible with the dynamic shape of {t.name} elements. Consider setting reorder_tensor_arrays to "
        "False to disable TensorArray reordering during the beam search."])


class BeamSearchDecoder(Decoder):
    """Beam search over ``cell``: keeps ``beam_width`` hypotheses per example, scored by log-probability
    divided by the length penalty, plus the coverage penalty for finished beams."""

    def __init__(self, cell: Any, embedding: Any, start_tokens: Any, end_token: Any, initial_state: Any,
                 beam_width: int, output_layer: Any = None, length_penalty_weight: float = 0.0,
                 coverage_penalty_weight: float = 0.0, reorder_tensor_arrays: bool = True) -> None:
        check_cell(cell)
        check_output_layer(output_layer)
        self._cell, self._output_layer = cell, output_layer
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._embedding_fn = (embedding if callable(embedding)
                              else lambda ids: tf.nn.embedding_lookup(embedding, ids))
        start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        if start_tokens.shape.rank != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._end_token.shape.rank != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = tf.size(start_tokens)
        self._initial_cell_state = tf.nest.map_structure(self._maybe_split_batch_beams, initial_state,
                                                         self._cell.state_size)
        self._start_tokens = tf.tile(tf.expand_dims(start_tokens, 1), [1, beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        first_beam = tf.zeros([self._batch_size], dtype=tf.int32)
        self._finished = tf.one_hot(first_beam, depth=beam_width, on_value=False, off_value=True, dtype=tf.bool)

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def tracks_own_finished(self) -> bool:
        return True

    @property
    def output_size(self) -> BeamSearchDecoderOutput:
        beams = tf.TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=beams, predicted_ids=beams, parent_ids=beams)

    @property
    def output_dtype(self) -> BeamSearchDecoderOutput:
        dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
        size = output_size_after_layer(self._cell.output_size, self._output_layer)
        return BeamSearchDecoderOutput(scores=tf.nest.map_structure(lambda _: dtype, size),
                                       predicted_ids=tf.int32, parent_ids=tf.int32)

    # -- reshaping between [batch, beam, ...] and [batch * beam, ...] --------------------------------------
    def _merge_batch_beams(self, t: tf.Tensor, s: Any = None) -> tf.Tensor:
        s = tf.TensorShape(s)
        static_batch = _static(self._batch_size)
        merged = tf.reshape(t, tf.concat(([self._batch_size * self._beam_width], tf.shape(t)[2:]), 0))
        merged.set_shape(tf.TensorShape([None if static_batch is None else static_batch * self._beam_width])
                         .concatenate(s))
        return merged

    def _split_batch_beams(self, t: tf.Tensor, s: Any = None) -> tf.Tensor:
        s = tf.TensorShape(s)
        split = tf.reshape(t, tf.concat(([self._batch_size, self._beam_width], tf.shape(t)[1:]), 0))
        expected = tf.TensorShape([_static(self._batch_size), self._beam_width]).concatenate(s)
        if not split.shape.is_compatible_with(expected):
            raise ValueError(f"Unexpected behavior when reshaping between beam width and batch size.  The reshaped "
                             f"tensor has shape: {split.shape}.  We expected it to have shape (batch_size, "
                             f"beam_width, depth) == {expected}.  Perhaps you forgot to create a zero_state with "
                             f"batch_size=encoder_batch_size * beam_width?")
        split.set_shape(expected)
        return split

    def _maybe_split_batch_beams(self, t: Any, s: Any) -> Any:
        if isinstance(t, tf.TensorArray):
            return t
        _check_rank_known(t)
        return self._split_batch_beams(t, _as_shape(s)) if t.shape.rank >= 1 else t

    def _maybe_merge_batch_beams(self, t: Any, s: Any) -> Any:
        if isinstance(t, tf.TensorArray):
            return t
        _check_rank_known(t)
        return self._merge_batch_beams(t, _as_shape(s)) if t.shape.rank >= 2 else t

    def _maybe_sort_array_beams(self, t: Any, parent_ids: tf.Tensor, sequence_length: tf.Tensor) -> Any:
        if not isinstance(t, tf.TensorArray):
            return t
        shape = t.element_shape
        if shape.rank is None or shape.rank < 1:
            logging.getLogger("tfcompat").warning(
                "The TensorArray %s in the cell state is not amenable to sorting based on the beam search result. "
                "For a TensorArray to be sorted, its elements shape must be defined and have at least a rank of 1, "
                "but saw shape: %s", getattr(t.handle, "name", t), shape)
            return t
        if not _check_static_batch_beam(shape, _static(self._batch_size), self._beam_width):
            return t
        stacked = t.stack()
        with tf.control_dependencies([_check_batch_beam(stacked, self._batch_size, self._beam_width)]):
            return gather_tree_from_array(stacked, parent_ids, sequence_length)

    # -- decoding ------------------------------------------------------------------------------------------
    def initialize(self, name: str | None = None) -> tuple:
        dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
        log_probs = tf.one_hot(tf.zeros([self._batch_size], dtype=tf.int32), depth=self._beam_width,
                               on_value=tf.constant(0.0, dtype), off_value=tf.constant(-np.inf, dtype), dtype=dtype)
        attention_probs = get_attention_probs(self._initial_cell_state, self._coverage_penalty_weight)
        initial_state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=self._finished,
            lengths=tf.zeros([self._batch_size, self._beam_width], dtype=tf.int64),
            accumulated_attention_probs=() if attention_probs is None else attention_probs)
        return self._finished, self._start_inputs, initial_state

    def finalize(self, outputs: BeamSearchDecoderOutput, final_state: BeamSearchDecoderState,
                 sequence_lengths: Any) -> tuple:
        max_lengths = tf.cast(tf.reduce_max(final_state.lengths, axis=1), tf.int32)
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids, max_lengths, self._end_token)
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(cell_state=tf.nest.map_structure(
                lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids, final_state.lengths),
                final_state.cell_state))
        return FinalBeamSearchDecoderOutput(predicted_ids=predicted_ids, beam_search_decoder_output=outputs), \
            final_state

    def step(self, time: Any, inputs: Any, state: BeamSearchDecoderState, name: str | None = None) -> tuple:
        with tf.name_scope(name or "BeamSearchDecoderStep"):
            inputs = tf.nest.map_structure(lambda inp: self._merge_batch_beams(inp, s=inp.shape[2:]), inputs)
            cell_state = tf.nest.map_structure(self._maybe_merge_batch_beams, state.cell_state,
                                               self._cell.state_size)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = tf.nest.map_structure(lambda out: self._split_batch_beams(out, out.shape[1:]),
                                                 cell_outputs)
            next_cell_state = tf.nest.map_structure(self._maybe_split_batch_beams, next_cell_state,
                                                    self._cell.state_size)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            output, next_state = self._beam_search_step(time, cell_outputs, next_cell_state, state)
            next_inputs = tf.cond(tf.reduce_all(next_state.finished), lambda: self._start_inputs,
                                  lambda: self._embedding_fn(output.predicted_ids))
        return output, next_state, next_inputs, next_state.finished

    def _beam_search_step(self, time: Any, logits: tf.Tensor, next_cell_state: Any,
                          beam_state: BeamSearchDecoderState) -> tuple:
        batch_size, beam_width, end_token = self._batch_size, self._beam_width, self._end_token
        static_batch = _static(batch_size)
        previously_finished = beam_state.finished
        not_finished = tf.logical_not(previously_finished)
        step_log_probs = _mask_probs(tf.nn.log_softmax(logits), end_token, previously_finished)
        total_probs = tf.expand_dims(beam_state.log_probs, 2) + step_log_probs
        vocab_size = tf.compat.dimension_value(logits.shape[-1]) or tf.shape(logits)[-1]
        lengths_to_add = tf.one_hot(tf.fill([batch_size, beam_width], end_token), depth=vocab_size,
                                    on_value=np.int64(0), off_value=np.int64(1), dtype=tf.int64)
        lengths_to_add *= tf.expand_dims(tf.cast(not_finished, tf.int64), 2)
        new_lengths = lengths_to_add + tf.expand_dims(beam_state.lengths, 2)
        accumulated = None
        attention_probs = get_attention_probs(next_cell_state, self._coverage_penalty_weight)
        if attention_probs is not None:
            attention_probs *= tf.expand_dims(tf.cast(not_finished, tf.float32), 2)
            accumulated = beam_state.accumulated_attention_probs + attention_probs
        scores = _get_scores(total_probs, new_lengths, self._length_penalty_weight, self._coverage_penalty_weight,
                             previously_finished, accumulated)
        scores_flat = tf.reshape(scores, [batch_size, -1])
        next_beam_scores, word_indices = tf.nn.top_k(scores_flat, k=beam_width)
        next_beam_scores.set_shape([static_batch, beam_width])
        word_indices.set_shape([static_batch, beam_width])
        next_beam_probs = _gather_beams(word_indices, total_probs, batch_size, beam_width * vocab_size, [-1],
                                        name="next_beam_probs")
        next_word_ids = tf.cast(tf.math.floormod(word_indices, vocab_size, name="next_beam_word_ids"), tf.int32)
        next_beam_ids = tf.cast(word_indices // vocab_size, tf.int32, name="next_beam_parent_ids")
        previously_finished = _gather_beams(next_beam_ids, previously_finished, batch_size, beam_width, [-1])
        next_finished = tf.logical_or(previously_finished, tf.equal(next_word_ids, end_token),
                                      name="next_beam_finished")
        next_lengths = _gather_beams(next_beam_ids, beam_state.lengths, batch_size, beam_width, [-1])
        next_lengths += tf.cast(tf.logical_not(previously_finished), tf.int64)
        next_accumulated = ()
        if accumulated is not None:
            next_accumulated = _gather_beams(next_beam_ids, accumulated, batch_size, beam_width,
                                             [batch_size * beam_width, -1], name="next_accumulated_attention_probs")
        next_cell_state = tf.nest.map_structure(
            lambda t: _maybe_gather_beams(next_beam_ids, t, batch_size, beam_width, [batch_size * beam_width, -1]),
            next_cell_state)
        next_state = BeamSearchDecoderState(cell_state=next_cell_state, log_probs=next_beam_probs,
                                            finished=next_finished, lengths=next_lengths,
                                            accumulated_attention_probs=next_accumulated)
        return BeamSearchDecoderOutput(next_beam_scores, next_word_ids, next_beam_ids), next_state


def _as_shape(s: Any) -> tf.TensorShape:
    if isinstance(s, tf.Tensor):
        return tf.TensorShape(tf.get_static_value(s))
    return tf.TensorShape(s)
