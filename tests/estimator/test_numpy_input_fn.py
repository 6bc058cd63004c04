"""``inputs.numpy_input_fn``: TF 1.15's batching and epochs (rows in order without shuffle) on tf.data."""
from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.estimator.inputs import numpy_input_fn

ROWS = np.arange(5, dtype=np.int64)


def _batches(input_fn: Any, limit: int = 20) -> list[Any]:
    """Everything the input_fn yields (at most ``limit`` batches), as numpy."""
    out = []
    with tf.Graph().as_default():
        batch = input_fn()
        with tf.compat.v1.Session() as session:
            for _ in range(limit):
                try:
                    out.append(session.run(batch))
                except tf.errors.OutOfRangeError:
                    break
    return out


def test_shuffle_must_be_given() -> None:
    with pytest.raises(ValueError, match="shuffle must be provided and explicitly set as boolean"):
        numpy_input_fn({"a": ROWS})


def test_epochs_run_back_to_back_and_the_last_batch_is_short() -> None:
    batches = _batches(numpy_input_fn({"a": ROWS, "b": ROWS * 10}, ROWS + 100, batch_size=3, num_epochs=2,
                                      shuffle=False))
    assert [list(features["a"]) for features, _ in batches] == [[0, 1, 2], [3, 4, 0], [1, 2, 3], [4]]
    assert [list(labels) for _, labels in batches] == [[100, 101, 102], [103, 104, 100], [101, 102, 103], [104]]
    assert list(batches[0][0]["b"]) == [0, 10, 20]


def test_endless_input_gives_full_batches() -> None:
    batches = _batches(numpy_input_fn(ROWS, batch_size=2, num_epochs=None, shuffle=False), limit=4)
    assert [list(b) for b in batches] == [[0, 1], [2, 3], [4, 0], [1, 2]]  # x an array: features a tensor
    with tf.Graph().as_default():
        assert numpy_input_fn(ROWS, batch_size=2, num_epochs=None, shuffle=False)().shape.as_list() == [2]


def test_dict_labels_and_shuffle_keeps_every_row() -> None:
    batches = _batches(numpy_input_fn({"a": ROWS}, {"y": ROWS * 2}, batch_size=4, num_epochs=2, shuffle=True))
    seen = np.concatenate([features["a"] for features, _ in batches])
    assert sorted(seen) == sorted(np.concatenate([ROWS, ROWS]))
    for features, labels in batches:
        np.testing.assert_array_equal(labels["y"], features["a"] * 2)  # rows stay paired


@pytest.mark.parametrize("x, y, error, message", [
    ({}, None, ValueError, "x cannot be an empty dict"),
    (np.zeros(0), None, ValueError, "x cannot be an empty array"),
    ([1, 2], None, TypeError, "x must be a dict or array; got list"),
    ({"a": ROWS}, ROWS[:3], ValueError, "Length of tensors in x and y is mismatched"),
    ({"a": ROWS}, {"a": ROWS}, ValueError, "1 duplicate keys are found in both x and y"),
    ({"a": ROWS}, {}, ValueError, "y cannot be empty dict, use None instead."),
])
def test_errors_come_when_the_input_fn_is_called(x: Any, y: Any, error: type, message: str) -> None:
    input_fn = numpy_input_fn(x, y, shuffle=False)
    with tf.Graph().as_default(), pytest.raises(error, match=message):
        input_fn()
