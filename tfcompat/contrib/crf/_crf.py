"""Linear-chain CRF with TF 1.15 ``tf.contrib.crf`` semantics, from TF ops and ``tfcompat.rnn.dynamic_rnn``.

Shapes: ``B`` batch, ``T`` max sequence length, ``O`` number of tags.  As in TF 1.15, a sequence of length 0
scores 0 and has log-norm 0; ``T == 1`` takes a short path chosen statically when the shape is known and by
``tf.cond`` otherwise.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import tensorflow as tf

from tfcompat.rnn import dynamic_rnn
from tfcompat.rnn_cell._base import RNNCell, v1

__all__ = ["CrfDecodeBackwardRnnCell", "CrfDecodeForwardRnnCell", "CrfForwardRnnCell", "crf_binary_score",
           "crf_decode", "crf_log_likelihood", "crf_log_norm", "crf_multitag_sequence_score",
           "crf_sequence_score", "crf_unary_score", "viterbi_decode"]


def _single_step_cond(inputs: tf.Tensor, single_fn: Callable[[], Any], multi_fn: Callable[[], Any]) -> Any:
    """``single_fn()`` when ``T == 1``, else ``multi_fn()`` (TF 1.15's ``smart_cond`` on the time dimension)."""
    static = tf.compat.dimension_value(inputs.shape[1])
    if static:
        return single_fn() if static == 1 else multi_fn()
    return tf.cond(tf.equal(tf.shape(inputs)[1], 1), single_fn, multi_fn)


def _zero_where_empty(sequence_lengths: tf.Tensor, values: tf.Tensor) -> tf.Tensor:
    return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(values), values)


def _lengths_less_one(sequence_lengths: tf.Tensor) -> tf.Tensor:
    # dynamic_rnn rejects negative lengths; 1.15 clamped ``length - 1`` at zero.
    return tf.maximum(tf.constant(0, dtype=sequence_lengths.dtype), sequence_lengths - 1)


def _mask(sequence_lengths: tf.Tensor, like: tf.Tensor, dtype: tf.DType) -> tf.Tensor:
    return tf.sequence_mask(sequence_lengths, maxlen=tf.shape(like, out_type=sequence_lengths.dtype)[1],
                            dtype=dtype)


def crf_unary_score(tag_indices: Any, sequence_lengths: Any, inputs: Any) -> tf.Tensor:
    """``[B]`` sum over the first ``sequence_lengths[b]`` steps of ``inputs[b, t, tag_indices[b, t]]``."""
    inputs, tag_indices = tf.convert_to_tensor(inputs), tf.convert_to_tensor(tag_indices)
    sequence_lengths = tf.convert_to_tensor(sequence_lengths)
    unary = tf.gather(inputs, tag_indices, batch_dims=2)  # [B, T]
    return tf.reduce_sum(unary * _mask(sequence_lengths, tag_indices, unary.dtype), 1)


def crf_binary_score(tag_indices: Any, sequence_lengths: Any, transition_params: Any) -> tf.Tensor:
    """``[B]`` sum of ``transition_params[tag[t-1], tag[t]]`` for ``0 < t < sequence_lengths[b]``."""
    tag_indices, transition_params = tf.convert_to_tensor(tag_indices), tf.convert_to_tensor(transition_params)
    sequence_lengths = tf.convert_to_tensor(sequence_lengths)
    pairs = tf.stack([tag_indices[:, :-1], tag_indices[:, 1:]], axis=-1)  # [B, T-1, 2]
    binary = tf.gather_nd(transition_params, pairs)  # [B, T-1]
    return tf.reduce_sum(binary * _mask(sequence_lengths, tag_indices, binary.dtype)[:, 1:], 1)


def crf_sequence_score(inputs: Any, tag_indices: Any, sequence_lengths: Any, transition_params: Any) -> tf.Tensor:
    """``[B]`` unnormalized score (unary + binary) of the tag sequences ``tag_indices``."""
    inputs, tag_indices = tf.convert_to_tensor(inputs), tf.convert_to_tensor(tag_indices)
    sequence_lengths = tf.convert_to_tensor(sequence_lengths)

    def single() -> tf.Tensor:
        scores = tf.gather(inputs[:, 0], tag_indices[:, :1], batch_dims=1)[:, 0]
        return _zero_where_empty(sequence_lengths, scores)

    def multi() -> tf.Tensor:
        return (crf_unary_score(tag_indices, sequence_lengths, inputs)
                + crf_binary_score(tag_indices, sequence_lengths, transition_params))

    return _single_step_cond(inputs, single, multi)


def crf_multitag_sequence_score(inputs: Any, tag_bitmap: Any, sequence_lengths: Any,
                                transition_params: Any) -> tf.Tensor:
    """``[B]`` log-sum-exp of the scores of every tag sequence allowed by the boolean ``[B, T, O]`` ``tag_bitmap``."""
    inputs = tf.convert_to_tensor(inputs)
    filtered = tf.where(tf.convert_to_tensor(tag_bitmap, dtype=tf.bool), inputs,
                        tf.fill(tf.shape(inputs), tf.constant(-np.inf, dtype=inputs.dtype)))
    return _single_step_cond(inputs, lambda: tf.reduce_logsumexp(filtered, axis=[1, 2]),
                             lambda: crf_log_norm(filtered, sequence_lengths, transition_params))


def crf_log_norm(inputs: Any, sequence_lengths: Any, transition_params: Any) -> tf.Tensor:
    """``[B]`` log partition function: log-sum-exp of the scores of all tag sequences (forward algorithm)."""
    inputs, sequence_lengths = tf.convert_to_tensor(inputs), tf.convert_to_tensor(sequence_lengths)
    first_input = inputs[:, 0]

    def single() -> tf.Tensor:
        return _zero_where_empty(sequence_lengths, tf.reduce_logsumexp(first_input, [1]))

    def multi() -> tf.Tensor:
        _, alphas = dynamic_rnn(CrfForwardRnnCell(transition_params), inputs[:, 1:],
                                sequence_length=_lengths_less_one(sequence_lengths),
                                initial_state=first_input, dtype=inputs.dtype)
        return _zero_where_empty(sequence_lengths, tf.reduce_logsumexp(alphas, [1]))

    return _single_step_cond(inputs, single, multi)


def crf_log_likelihood(inputs: Any, tag_indices: Any, sequence_lengths: Any,
                       transition_params: Any = None) -> tuple[tf.Tensor, Any]:
    """``([B] log-likelihood of tag_indices, transition_params)``.

    Without ``transition_params`` a ``[O, O]`` variable named ``transitions`` is made with
    ``tf.compat.v1.get_variable`` in the current variable scope.
    """
    inputs = tf.convert_to_tensor(inputs)
    if transition_params is None:
        num_tags = tf.compat.dimension_value(inputs.shape[2])
        transition_params = v1.get_variable("transitions", [num_tags, num_tags])
    sequence_scores = crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params)
    log_norm = crf_log_norm(inputs, sequence_lengths, transition_params)
    return sequence_scores - log_norm, transition_params


class _TransitionCell(RNNCell):
    """A cell over ``O`` tags carrying the ``[1, O, O]`` transition matrix; it makes no variables."""

    def __init__(self, transition_params: Any) -> None:
        super().__init__()
        transition_params = tf.convert_to_tensor(transition_params)
        self._transition_params = tf.expand_dims(transition_params, 0)
        self._num_tags = tf.compat.dimension_value(transition_params.shape[0])

    @property
    def state_size(self) -> int:
        return self._num_tags

    @property
    def output_size(self) -> int:
        return self._num_tags

    def _transition_scores(self, state: tf.Tensor) -> tf.Tensor:
        """``[B, O_prev, O_next]``: previous score plus the transition into each next tag."""
        return tf.expand_dims(state, 2) + self._transition_params


class CrfForwardRnnCell(_TransitionCell):
    """Forward-algorithm step: state and output are the new alphas ``[B, O]``."""

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[tf.Tensor, tf.Tensor]:
        new_alphas = inputs + tf.reduce_logsumexp(self._transition_scores(state), [1])
        return new_alphas, new_alphas


class CrfDecodeForwardRnnCell(_TransitionCell):
    """Viterbi forward step: output the int32 backpointers ``[B, O]``, state the best scores ``[B, O]``."""

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[tf.Tensor, tf.Tensor]:
        scores = self._transition_scores(state)
        backpointers = tf.cast(tf.argmax(scores, 1), tf.int32)
        return backpointers, inputs + tf.reduce_max(scores, [1])


class CrfDecodeBackwardRnnCell(RNNCell):
    """Viterbi backtrace step: input the backpointers ``[B, O]``, state and output the previous tag ``[B, 1]``."""

    def __init__(self, num_tags: int) -> None:
        super().__init__()
        self._num_tags = num_tags

    @property
    def state_size(self) -> int:
        return 1

    @property
    def output_size(self) -> int:
        return 1

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[tf.Tensor, tf.Tensor]:
        new_tags = tf.gather(inputs, state, batch_dims=1)  # [B, 1]
        return new_tags, new_tags


def viterbi_decode(score: Any, transition_params: Any) -> tuple[list[int], float]:
    """Best tag sequence of a ``[T, O]`` score matrix, in numpy: ``(list of T tags, its score)``."""
    score, transition_params = np.asarray(score), np.asarray(transition_params)
    trellis = np.zeros_like(score)
    backpointers = np.zeros(score.shape, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, score.shape[0]):
        candidates = trellis[t - 1][:, None] + transition_params  # [O_prev, O_next]
        trellis[t] = score[t] + candidates.max(0)
        backpointers[t] = candidates.argmax(0)
    tags = [int(trellis[-1].argmax())]
    for pointers in backpointers[:0:-1]:
        tags.append(int(pointers[tags[-1]]))
    tags.reverse()
    return tags, float(trellis[-1].max())


def crf_decode(potentials: Any, transition_params: Any, sequence_length: Any) -> tuple[tf.Tensor, tf.Tensor]:
    """Viterbi in TF: ``([B, T] int32 best tags, [B] best score)``; tags past a sequence's length are 0."""
    potentials, sequence_length = tf.convert_to_tensor(potentials), tf.convert_to_tensor(sequence_length)

    def single() -> tuple[tf.Tensor, tf.Tensor]:
        first = potentials[:, 0]
        return tf.cast(tf.argmax(first, axis=1), tf.int32)[:, None], tf.reduce_max(first, axis=1)

    def multi() -> tuple[tf.Tensor, tf.Tensor]:
        steps = _lengths_less_one(sequence_length)
        backpointers, last_score = dynamic_rnn(CrfDecodeForwardRnnCell(transition_params), potentials[:, 1:],
                                               sequence_length=steps, initial_state=potentials[:, 0],
                                               dtype=tf.int32)  # int32 backpointers, float scores as state
        backpointers = tf.reverse_sequence(backpointers, steps, seq_axis=1)  # [B, T-1, O], last step first
        last_tag = tf.cast(tf.argmax(last_score, axis=1), tf.int32)[:, None]  # [B, 1]
        num_tags = tf.compat.dimension_value(potentials.shape[2])
        earlier_tags, _ = dynamic_rnn(CrfDecodeBackwardRnnCell(num_tags), backpointers,
                                      sequence_length=steps, initial_state=last_tag, dtype=tf.int32)
        reversed_tags = tf.concat([last_tag, earlier_tags[:, :, 0]], axis=1)  # [B, T]
        return tf.reverse_sequence(reversed_tags, sequence_length, seq_axis=1), tf.reduce_max(last_score, axis=1)

    return _single_step_cond(potentials, single, multi)
