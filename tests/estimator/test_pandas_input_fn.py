"""``inputs.pandas_input_fn``: a DataFrame's columns batched as ``numpy_input_fn`` batches arrays (TF 1.15 rules)."""
from __future__ import annotations

import sys
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.estimator.inputs import pandas_input_fn


def _batches(input_fn: Any, limit: int = 10) -> list[Any]:
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


def test_missing_pandas_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        pandas_input_fn(object(), shuffle=False)


try:
    import pandas as pd
except ImportError:
    pd = None
pytestmark_pandas = pytest.mark.skipif(pd is None, reason="pandas is not installed (pip install pandas)")
FRAME = None if pd is None else pd.DataFrame(
    {"a": np.arange(5, dtype=np.int64), "b": np.arange(5, dtype=np.float32) / 2}, index=np.arange(10, 15))


@pytestmark_pandas
def test_columns_become_features_and_series_the_labels() -> None:
    labels = pd.Series(np.arange(5, dtype=np.int64) * 10, index=FRAME.index)
    batches = _batches(pandas_input_fn(FRAME, labels, batch_size=2, num_epochs=1, shuffle=False))
    assert [list(features["a"]) for features, _ in batches] == [[0, 1], [2, 3], [4]]
    assert [list(target) for _, target in batches] == [[0, 10], [20, 30], [40]]
    np.testing.assert_allclose(batches[0][0]["b"], [0.0, 0.5])
    assert set(batches[0][0]) == {"a", "b"}  # the target column is not a feature


@pytestmark_pandas
def test_dataframe_labels_keep_their_names_even_when_a_feature_has_one() -> None:
    labels = pd.DataFrame({"a": np.arange(5) + 100, "z": np.arange(5) - 1}, index=FRAME.index)
    (features, targets), = _batches(pandas_input_fn(FRAME, labels, batch_size=5, shuffle=False))
    assert list(features["a"]) == [0, 1, 2, 3, 4] and set(features) == {"a", "b"}
    assert list(targets["a"]) == [100, 101, 102, 103, 104] and list(targets["z"]) == [-1, 0, 1, 2, 3]


@pytestmark_pandas
def test_endless_input_without_labels_gives_full_batches() -> None:
    batches = _batches(pandas_input_fn(FRAME, batch_size=3, num_epochs=None, shuffle=False), limit=3)
    assert [list(b["a"]) for b in batches] == [[0, 1, 2], [3, 4, 0], [1, 2, 3]]


@pytestmark_pandas
@pytest.mark.parametrize("kwargs, labels_index, error, message", [
    ({"shuffle": None}, None, ValueError, "shuffle must be provided and explicitly set as boolean"),
    ({"shuffle": False, "target_column": 3}, None, TypeError, "target_column must be a string type"),
    ({"shuffle": False}, np.arange(5), ValueError, "Index for x and y are mismatched"),
    ({"shuffle": False, "target_column": "a"}, np.arange(10, 15), ValueError, "Cannot use name a for target column"),
])
def test_argument_checks(kwargs: dict, labels_index: Any, error: type, message: str) -> None:
    labels = None if labels_index is None else pd.Series(np.arange(5), index=labels_index)
    with pytest.raises(error, match=message):
        pandas_input_fn(FRAME, labels, **kwargs)
