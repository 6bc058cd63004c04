"""``gather_tree`` (TF 1.15's GatherTree kernel) and ``tile_batch``, in TF ops."""
from __future__ import annotations

from typing import Any

import tensorflow as tf

__all__ = ["gather_tree", "tile_batch"]


def gather_tree(step_ids: Any, parent_ids: Any, max_sequence_lengths: Any, end_token: Any,
                name: str | None = None) -> tf.Tensor:
    """Follow ``parent_ids`` back from the last step to give each beam's full ``[time, batch, beam]`` ids.

    Steps at or past ``max_sequence_lengths[b]`` are ``end_token``; after the first ``end_token`` everything is
    ``end_token``. A parent outside ``[0, beam_width]`` gives -1 at that step and every earlier one, and that beam
    keeps what follows its first ``end_token``: TF 1.15's GPU kernel (uve/tensorflow@e08079463bf4,
    tensorflow/contrib/seq2seq/kernels/beam_search_ops_gpu.cu.cc; its CPU kernel raises InvalidArgument there).
    """
    with tf.name_scope(name or "GatherTree"):
        step_ids = tf.convert_to_tensor(step_ids, tf.int32, name="step_ids")
        parent_ids = tf.convert_to_tensor(parent_ids, tf.int32, name="parent_ids")
        lengths = tf.convert_to_tensor(max_sequence_lengths, tf.int32, name="max_sequence_lengths")
        end_token = tf.convert_to_tensor(end_token, tf.int32, name="end_token")
        shape = tf.shape(step_ids)
        max_time, beam_width = shape[0], shape[2]
        beams = tf.broadcast_to(tf.range(beam_width)[tf.newaxis, :], shape[1:])
        lengths = tf.broadcast_to(tf.minimum(lengths, max_time)[:, tf.newaxis], shape[1:])

        def back(carry: tuple, step: tuple) -> tuple:
            pointer, broken, _ = carry
            time, ids, parents = step
            in_range = time < lengths
            valid = tf.logical_and(tf.logical_not(broken), tf.logical_and(pointer >= 0, pointer <= beam_width))
            safe = tf.clip_by_value(pointer, 0, beam_width - 1)
            out = tf.where(in_range, tf.where(valid, tf.gather(ids, safe, batch_dims=1), -1), end_token)
            breaks = tf.logical_and(in_range, tf.logical_not(valid))
            moved = tf.where(tf.logical_and(in_range, valid), tf.gather(parents, safe, batch_dims=1), pointer)
            return moved, tf.logical_or(broken, breaks), out

        times = tf.range(max_time)
        _, broken, gathered = tf.scan(back, (times, step_ids, parent_ids),
                                      initializer=(beams, tf.zeros_like(beams, tf.bool), tf.zeros_like(beams)),
                                      reverse=True)
        # after the first end_token (within the length) everything is end_token, for beams without a bad parent
        is_end = tf.cast(tf.logical_and(tf.equal(gathered, end_token),
                                        times[:, tf.newaxis, tf.newaxis] < lengths[tf.newaxis]), tf.int32)
        after_end = tf.logical_and(tf.math.cumsum(is_end, axis=0, exclusive=True) > 0,
                                   tf.logical_not(broken[0])[tf.newaxis])
        result = tf.where(after_end, end_token, gathered)
        result.set_shape(step_ids.shape)
        return result


def _tile_one(t: Any, multiplier: int) -> tf.Tensor:
    t = tf.convert_to_tensor(t, name="t")
    if t.shape.rank is None or t.shape.rank < 1:
        raise ValueError("t must have statically known rank")
    tiling = [1] * (t.shape.rank + 1)
    tiling[1] = multiplier
    shape = tf.shape(t)
    tiled = tf.reshape(tf.tile(tf.expand_dims(t, 1), tiling), tf.concat(([shape[0] * multiplier], shape[1:]), 0))
    static_batch = tf.compat.dimension_value(t.shape[0])
    tiled.set_shape(tf.TensorShape([None if static_batch is None else static_batch * multiplier])
                    .concatenate(t.shape[1:]))
    return tiled


def tile_batch(t: Any, multiplier: int, name: str | None = None) -> Any:
    """Repeat each batch entry ``multiplier`` times in a row: ``[b0, b0, b1, b1, ...]`` (every tensor of ``t``)."""
    with tf.name_scope(name or "tile_batch"):
        return tf.nest.map_structure(lambda t_: _tile_one(t_, multiplier), t)
