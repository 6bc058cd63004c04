"""``sequence_loss`` against numpy for every reduction TF 1.15 offers (average_* divide by the summed weights,
sum_* by the count of non-zero weights) and with a custom ``softmax_loss_function``."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib.seq2seq import sequence_loss

from ._numpy_seq2seq import log_softmax

RNG = np.random.RandomState(0)
LOGITS = RNG.randn(3, 4, 5).astype(np.float32)
TARGETS = RNG.randint(0, 5, (3, 4)).astype(np.int32)
WEIGHTS = np.array([[1, 1, 1, 1], [1, 0.5, 0, 0], [0, 0, 0, 0]], np.float32)


def np_crossent() -> np.ndarray:
    lp = log_softmax(LOGITS.astype(np.float64))
    return -np.take_along_axis(lp, TARGETS[..., None], -1)[..., 0] * WEIGHTS


def div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where(b == 0, 0.0, a / np.where(b == 0, 1, b))


CASES = {
    # (average_across_timesteps, average_across_batch, sum_over_timesteps, sum_over_batch): numpy
    "average_both": ((True, True, False, False), lambda c: c.sum() / WEIGHTS.sum()),
    "sum_both": ((False, False, True, True), lambda c: c.sum() / np.count_nonzero(WEIGHTS)),
    "average_time": ((True, False, False, False), lambda c: div(c.sum(1), WEIGHTS.sum(1))),
    "average_batch": ((False, True, False, False), lambda c: div(c.sum(0), WEIGHTS.sum(0))),
    "sum_time": ((False, False, True, False), lambda c: div(c.sum(1), np.count_nonzero(WEIGHTS, 1))),
    "sum_batch": ((False, False, False, True), lambda c: div(c.sum(0), np.count_nonzero(WEIGHTS, 0))),
    "none": ((False, False, False, False), lambda c: c),
    "average_time_sum_batch": ((True, False, False, True), lambda c: div(c.sum(1), WEIGHTS.sum(1))),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_reductions(graph: tf.Graph, case: str) -> None:
    (avg_t, avg_b, sum_t, sum_b), expected = CASES[case]
    loss = sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS),
                         average_across_timesteps=avg_t, average_across_batch=avg_b,
                         sum_over_timesteps=sum_t, sum_over_batch=sum_b)
    with tf.compat.v1.Session() as session:
        np.testing.assert_allclose(session.run(loss), expected(np_crossent()), rtol=1e-5, atol=1e-6)


def test_custom_softmax_loss_function_gets_flat_labels_and_logits(graph: tf.Graph) -> None:
    seen = {}

    def squared(labels: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
        seen["ranks"] = (labels.shape.rank, logits.shape.rank)
        return tf.reduce_sum(tf.square(logits - tf.one_hot(labels, 5)), 1)

    loss = sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS),
                         average_across_timesteps=False, average_across_batch=False, softmax_loss_function=squared)
    with tf.compat.v1.Session() as session:
        got = session.run(loss)
    expected = ((LOGITS - np.eye(5)[TARGETS]) ** 2).sum(-1) * WEIGHTS
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    assert seen["ranks"] == (1, 2)


@pytest.mark.parametrize("flags", [dict(average_across_timesteps=True, sum_over_timesteps=True),
                                   dict(average_across_batch=True, sum_over_batch=True)])
def test_average_and_sum_of_one_axis_conflict(graph: tf.Graph, flags: dict) -> None:
    with pytest.raises(ValueError, match="cannot be set to True at same time"):
        sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS), **flags)


def test_ranks_are_checked(graph: tf.Graph) -> None:
    with pytest.raises(ValueError, match="Logits must be"):
        sequence_loss(tf.constant(LOGITS[0]), tf.constant(TARGETS), tf.constant(WEIGHTS))
