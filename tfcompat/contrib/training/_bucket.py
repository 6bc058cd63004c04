"""``tf.contrib.training.bucket`` / ``bucket_by_sequence_length``: TF 1.x queue-based bucketing (graph mode).

Each example goes into the queue of its bucket; a queue runner per bucket moves every full batch (``dequeue_many``,
or ``dequeue_up_to`` with ``allow_smaller_final_batch``) into a top queue, from which each step dequeues one batch
of one bucket. ``dynamic_pad`` pads every batch to its longest example. SparseTensors are not supported.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
_CLOSED = (tf.errors.OutOfRangeError, tf.errors.CancelledError)


def _as_list(tensors: Any) -> list[tf.Tensor]:
    values = [tensors[k] for k in sorted(tensors)] if isinstance(tensors, dict) else list(tensors)
    if not values:
        raise ValueError("Expected at least one tensor in bucket().")
    if any(isinstance(t, tf.SparseTensor) for t in values):
        raise NotImplementedError("tfcompat's bucket() takes dense tensors only")
    return [tf.convert_to_tensor(t) for t in values]


def _as_original(tensors: Any, values: list[tf.Tensor]) -> Any:
    return dict(zip(sorted(tensors), values)) if isinstance(tensors, dict) else values


def bucket(tensors: Any, which_bucket: Any, batch_size: Any, num_buckets: int, num_threads: int = 1,
           capacity: int = 32, bucket_capacities: Sequence[int] | None = None, shapes: Any = None,
           dynamic_pad: bool = False, allow_smaller_final_batch: bool = False, keep_input: Any = True,
           shared_name: str | None = None, name: str | None = None) -> tuple[tf.Tensor, Any]:
    """Put ``tensors`` into bucket ``which_bucket``; returns ``(bucket, batch)``: the next full batch of a bucket."""
    per_bucket = isinstance(batch_size, (list, tuple))
    if per_bucket and len(batch_size) != num_buckets:
        raise ValueError("If batch_size is a list it must have num_buckets elements")
    batch_sizes = list(batch_size) if per_bucket else [batch_size] * num_buckets
    bucket_capacities = list(bucket_capacities) if bucket_capacities is not None else [capacity] * num_buckets
    if len(bucket_capacities) != num_buckets:
        raise ValueError(f"The list bucket_capacities ({bucket_capacities}) must have exactly num_buckets "
                         f"({num_buckets}) elements.")
    values = _as_list(tensors)
    with tf.name_scope(name or "bucket"):
        dtypes = [t.dtype for t in values]
        shapes = [tf.TensorShape(s) for s in shapes] if shapes is not None else [t.shape for t in values]
        if not dynamic_pad and not all(s.is_fully_defined() for s in shapes):
            raise ValueError("All shapes must be fully defined without dynamic_pad: pass shapes=")
        which_bucket = tf.convert_to_tensor(which_bucket, tf.int32, name="which_bucket")
        queue_class = v1.PaddingFIFOQueue if dynamic_pad else v1.FIFOQueue
        queues = [queue_class(capacity=bucket_capacities[i], dtypes=dtypes, shapes=shapes,
                              shared_name=None if shared_name is None else f"{shared_name}_{i}",
                              name=f"bucket_queue_{i}") for i in range(num_buckets)]
        static = None if allow_smaller_final_batch or per_bucket else tf.get_static_value(batch_sizes[0])
        top = v1.PaddingFIFOQueue(capacity=capacity, dtypes=[tf.int32, *dtypes],
                                  shapes=[[], *(tf.TensorShape([static]).concatenate(s) for s in shapes)],
                                  shared_name=shared_name, name="top_queue")

        def enqueue_into_its_bucket() -> tf.Operation:
            return tf.group(*(tf.cond(tf.equal(which_bucket, i), lambda q=q: q.enqueue(values), tf.no_op)
                              for i, q in enumerate(queues)), name="group_enqueues")

        enqueue = tf.cond(tf.convert_to_tensor(keep_input, tf.bool), enqueue_into_its_bucket, tf.no_op)
        for i, (queue, size) in enumerate(zip(queues, batch_sizes)):
            read = (queue.dequeue_up_to if allow_smaller_final_batch else queue.dequeue_many)(
                size, name=f"read_bucket_{i}")
            read = read if isinstance(read, (list, tuple)) else [read]
            to_top = top.enqueue([tf.constant(i), *read], name=f"enqueue_from_bucket_{i}")
            v1.train.add_queue_runner(v1.train.QueueRunner(queue, [to_top], queue_closed_exception_types=_CLOSED))
        v1.train.add_queue_runner(v1.train.QueueRunner(top, [enqueue] * num_threads,
                                                       queue_closed_exception_types=_CLOSED))
        v1.summary.scalar(f"bucket/{top.name}/fraction_of_{capacity}_full",
                          tf.cast(top.size(), tf.float32) * (1.0 / capacity))
        dequeued = top.dequeue(name="dequeue_top")
    return dequeued[0], _as_original(tensors, list(dequeued[1:]))


def bucket_by_sequence_length(input_length: Any, tensors: Any, batch_size: Any, bucket_boundaries: Sequence[int],
                              num_threads: int = 1, capacity: int = 32,
                              bucket_capacities: Sequence[int] | None = None, shapes: Any = None,
                              dynamic_pad: bool = False, allow_smaller_final_batch: bool = False,
                              keep_input: Any = True, shared_name: str | None = None,
                              name: str | None = None) -> tuple[tf.Tensor, Any]:
    """``bucket`` with bucket ``i`` holding ``boundaries[i-1] <= input_length < boundaries[i]`` (two open-ended
    buckets at the ends); returns ``(lengths, batch)``."""
    if not isinstance(bucket_boundaries, (list, tuple)):
        raise TypeError(f"bucket_boundaries must be a list or tuple, but received: {bucket_boundaries}")
    if not bucket_boundaries:
        raise ValueError("bucket_boundaries must not be empty")
    for low, high in zip(bucket_boundaries[:-1], bucket_boundaries[1:]):
        if not isinstance(low, int) or not isinstance(high, int):
            raise TypeError(f"bucket boundaries must be integers, but saw: {low} and {high}")
        if low >= high:
            raise ValueError(f"Buckets must contain sequential increasing lengths, but saw: {low} before {high}")
    values = _as_list(tensors)
    with tf.name_scope(name or "bucket_by_sequence_length"):
        input_length = tf.convert_to_tensor(input_length, tf.int32, name="input_length")
        lows = tf.constant([np.iinfo(np.int32).min, *bucket_boundaries], tf.int32)
        highs = tf.constant([*bucket_boundaries, np.iinfo(np.int32).max], tf.int32)
        inside = tf.logical_and(lows <= input_length, input_length < highs)
        which = tf.cast(tf.reduce_min(tf.where(inside)), tf.int32)
        _, dequeued = bucket([input_length, *values], which, batch_size, len(bucket_boundaries) + 1, num_threads,
                             capacity, bucket_capacities, None if shapes is None else [[], *shapes], dynamic_pad,
                             allow_smaller_final_batch, keep_input, shared_name, name)
    return dequeued[0], _as_original(tensors, dequeued[1:])
