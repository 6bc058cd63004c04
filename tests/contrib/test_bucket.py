"""``tfcompat.contrib.training.bucket_by_sequence_length``: TF 1.x queue bucketing in a Session, against numpy."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import training

v1 = tf.compat.v1
RNG = np.random.RandomState(5)
LENGTHS = np.array([2, 7, 3, 9, 1, 6, 4, 8, 3, 5, 7, 2, 9, 6, 1, 4], np.int32)
TOKENS = [RNG.randint(1, 100, size=n).astype(np.int32) for n in LENGTHS]
BOUNDARIES = [3, 6]  # buckets: len < 3, 3 <= len < 6, len >= 6
BATCH = 2


def bucket_of(length: int) -> int:
    return int(np.searchsorted(BOUNDARIES, length, side="right"))


def test_batches_hold_one_bucket_each_padded_to_their_longest() -> None:
    per_bucket = np.bincount([bucket_of(n) for n in LENGTHS], minlength=3)
    expected_batches = int(sum(per_bucket // BATCH))
    with tf.Graph().as_default():
        source = v1.PaddingFIFOQueue(len(LENGTHS), [tf.int32, tf.int32], shapes=[[], [None]])
        fill = [source.enqueue([n, t]) for n, t in zip(LENGTHS, TOKENS)]
        length, tokens = source.dequeue()
        lengths, (batch,) = training.bucket_by_sequence_length(length, [tokens], BATCH, BOUNDARIES,
                                                               dynamic_pad=True, capacity=8)
        with v1.Session() as sess:
            for op in fill:  # one at a time: the queue keeps this order
                sess.run(op)
            coord = v1.train.Coordinator()
            threads = v1.train.start_queue_runners(sess, coord)
            got = [sess.run([lengths, batch]) for _ in range(expected_batches)]
            coord.request_stop()
            sess.run(source.close(cancel_pending_enqueues=True))
            coord.join(threads, stop_grace_period_secs=5)
    seen = []
    for batch_lengths, padded in got:
        assert len({bucket_of(n) for n in batch_lengths}) == 1
        assert padded.shape == (BATCH, batch_lengths.max())
        for n, row in zip(batch_lengths, padded):
            assert not row[n:].any()  # right-padded with zeros
            seen.append(tuple(row[:n]))
    # every full batch of each bucket came out, examples in input order within a bucket (one enqueue thread)
    expected = {b: [tuple(t) for t in TOKENS if bucket_of(len(t)) == b][:per_bucket[b] // BATCH * BATCH]
                for b in range(3)}
    assert sorted(seen) == sorted(sum(expected.values(), []))
    for b in range(3):
        assert [s for s in seen if bucket_of(len(s)) == b] == expected[b]


def test_boundaries_are_checked() -> None:
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="increasing"):
            training.bucket_by_sequence_length(3, [tf.zeros([3])], 2, [5, 2])
        with pytest.raises(TypeError, match="list or tuple"):
            training.bucket_by_sequence_length(3, [tf.zeros([3])], 2, 5)
        with pytest.raises(ValueError, match="fully defined"):
            training.bucket_by_sequence_length(3, [v1.placeholder(tf.int32, [None])], 2, [2])
