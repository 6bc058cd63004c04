"""``tf.estimator.inputs.numpy_input_fn`` and ``pandas_input_fn`` on ``tf.data``.

TF 1.15 fed the arrays through queues and queue runners; here a ``tf.data.Dataset`` does the same job.
Order without shuffling is the same (rows in order, epochs back to back, the last batch smaller when
``num_epochs`` is set, only full batches when it is None).  With ``shuffle=True`` rows are mixed
through a buffer of ``queue_capacity`` elements, so the order differs from TF 1.15's shuffle queue;
``num_threads`` is accepted and unused (tf.data reads in order).  ``pandas_input_fn`` feeds a DataFrame's
columns the same way (pandas is optional: ``pip install pandas``).
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import tensorflow as tf

_DIRECT_KEY = "__direct_np_input__"


def _features(x: Any) -> dict[str, np.ndarray]:
    if isinstance(x, dict):
        if not x:
            raise ValueError("x cannot be an empty dict")
        return dict(sorted(x.items()))
    if isinstance(x, np.ndarray):
        if x.size == 0:
            raise ValueError("x cannot be an empty array")
        return {_DIRECT_KEY: x}
    raise TypeError(f"x must be a dict or array; got {type(x).__name__}")


def _check_lengths(features: dict, y: Any) -> None:
    arrays = list(features.values()) + (list(y.values()) if isinstance(y, dict) else [] if y is None else [y])
    if len({np.shape(a)[0] for a in arrays}) != 1:
        shapes_x = {k: np.shape(v) for k, v in features.items()}
        shapes_y = None if y is None else ({k: np.shape(v) for k, v in y.items()} if isinstance(y, dict)
                                           else np.shape(y))
        raise ValueError("Length of tensors in x and y is mismatched. All elements in x and y must have the "
                         f"same length. Shapes in x: {shapes_x} Shapes in y: {shapes_y}")


def numpy_input_fn(x: Any, y: Any = None, batch_size: int = 128, num_epochs: int | None = 1,
                   shuffle: bool | None = None, queue_capacity: int = 1000,
                   num_threads: int = 1) -> Callable[[], Any]:
    """An input_fn returning ``(features, targets)`` batches (``features`` only when ``y`` is None).

    ``features`` is a dict with ``x``'s keys, or a tensor when ``x`` is an array; ``targets`` likewise for ``y``.
    """
    if not isinstance(shuffle, bool):
        raise ValueError("shuffle must be provided and explicitly set as boolean (it is recommended to set "
                         f"it as True for training); got {shuffle}")

    def input_fn() -> Any:
        features = _features(x)
        if isinstance(y, dict):
            if not y:
                raise ValueError("y cannot be empty dict, use None instead.")
            duplicates = set(features) & set(y)
            if duplicates:
                raise ValueError(f"{len(duplicates)} duplicate keys are found in both x and y: {duplicates}")
        _check_lengths(features, y)
        elements: Any = features if y is None else (features, dict(sorted(y.items())) if isinstance(y, dict) else y)
        dataset = tf.data.Dataset.from_tensor_slices(elements).repeat(num_epochs)
        if shuffle:
            dataset = dataset.shuffle(queue_capacity)
        dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)
        batch = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()
        unpacked = batch if y is None else batch[0]
        if isinstance(x, np.ndarray):
            unpacked = unpacked[_DIRECT_KEY]
        return unpacked if y is None else (unpacked, batch[1])

    return input_fn


def _unique_target_key(columns: Any, name: str) -> str:
    """``name``, with ``_n`` appended until no column of the DataFrame has it (TF 1.15's rule)."""
    while name in columns:
        name += "_n"
    return name


def pandas_input_fn(x: Any, y: Any = None, batch_size: int = 128, num_epochs: int | None = 1,
                    shuffle: bool | None = None, queue_capacity: int = 1000, num_threads: int = 1,
                    target_column: str = "target") -> Callable[[], Any]:
    """An input_fn over DataFrame ``x``'s columns (a dict keyed by column name) and ``y``, as ``numpy_input_fn``.

    ``y`` is a Series (the labels tensor) or a DataFrame (a dict of label tensors); its index must equal ``x``'s.
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("pandas_input_fn needs pandas: pip install pandas") from None
    if not isinstance(shuffle, bool):
        raise ValueError("shuffle must be provided and explicitly set as boolean (it is recommended to set "
                         f"it as True for training); got {shuffle}")
    if not isinstance(target_column, str):
        raise TypeError("target_column must be a string type")
    columns = {column: x[column].to_numpy() for column in x.columns}
    targets: dict[str, Any] = {}
    if y is not None:
        if target_column in x:
            raise ValueError(f"Cannot use name {target_column} for target column: DataFrame already has a column "
                             f"with that name: {x.columns}")
        if not np.array_equal(x.index, y.index):
            raise ValueError(f"Index for x and y are mismatched.\nIndex for x: {x.index}\nIndex for y: {y.index}\n")
        if isinstance(y, pd.DataFrame):
            targets = {column: _unique_target_key(x.columns, column) for column in y.columns}
            columns.update({key: y[column].to_numpy() for column, key in targets.items()})
        else:
            columns[target_column] = y.to_numpy()
    batches = numpy_input_fn(columns, batch_size=batch_size, num_epochs=num_epochs, shuffle=shuffle,
                             queue_capacity=queue_capacity, num_threads=num_threads)

    def input_fn() -> Any:
        features = dict(batches())
        if y is None:
            return features
        if targets:
            return features, {column: features.pop(key) for column, key in targets.items()}
        return features, features.pop(target_column)

    return input_fn
