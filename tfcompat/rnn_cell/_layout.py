"""Sequence layouts: batch-major ``[B, T, ...]`` or time-major ``[T, B, ...]``, read forwards or reversed.

The recurrent loops take time-major, forward sequences; ``run_time_major`` converts on the way in and out
for the ones that do not read the caller's layout themselves (the fused LSTM does).
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf


def transpose_batch_time(x: tf.Tensor) -> tf.Tensor:
    """``[B, T, ...]`` <-> ``[T, B, ...]``."""
    rank = x.shape.rank
    if rank is not None and rank < 2:
        raise ValueError(f"Expected input tensor {x} to have rank at least 2")
    return tf.transpose(x, [1, 0] + list(range(2, rank)))


def reverse_steps(x: tf.Tensor, lengths: Any, seq_axis: int, batch_axis: int) -> tf.Tensor:
    """``x`` with each sequence's first ``lengths[b]`` steps reversed (all steps without ``lengths``)."""
    if lengths is None:
        return tf.reverse(x, axis=[seq_axis])
    return tf.reverse_sequence(x, tf.cast(lengths, tf.int64), seq_axis=seq_axis, batch_axis=batch_axis)


def run_time_major(run: Callable[[Any], tuple], inputs: Any, sequence_length: Any, time_major: bool,
                   reverse: bool) -> tuple:
    """``run(inputs as time-major forward sequences) -> (outputs, state)``, its outputs returned in the layout
    and order of ``inputs`` (``reverse``: each sequence is read from its last valid step to its first, as the
    backward half of a bidirectional RNN reads it)."""

    def arrive(x: Any) -> tf.Tensor:
        x = tf.convert_to_tensor(x) if time_major else transpose_batch_time(tf.convert_to_tensor(x))
        return reverse_steps(x, sequence_length, 0, 1) if reverse else x

    def leave(x: tf.Tensor) -> tf.Tensor:
        x = reverse_steps(x, sequence_length, 0, 1) if reverse else x
        return x if time_major else transpose_batch_time(x)

    outputs, state = run(tf.nest.map_structure(arrive, inputs))
    return tf.nest.map_structure(leave, outputs), state
