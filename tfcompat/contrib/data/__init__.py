"""``tf.contrib.data``: ``tf.data`` transformations under their contrib names.

Every name ``tf.data.experimental`` still has (``map_and_batch``, ``shuffle_and_repeat``, ``parallel_interleave``,
``group_by_window``, ``bucket_by_sequence_length``, ``unbatch``, ``ignore_errors``, ...) is that function; the
transformations TF folded into ``Dataset`` methods are written here on them, and ``Dataset``, ``Iterator`` and
the file datasets are ``tf.compat.v1.data``'s.
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf
from tfcompat.spec.served import exported

Dataset = tf.compat.v1.data.Dataset
FixedLengthRecordDataset = tf.compat.v1.data.FixedLengthRecordDataset
Iterator = tf.compat.v1.data.Iterator
TextLineDataset = tf.compat.v1.data.TextLineDataset
TFRecordDataset = tf.compat.v1.data.TFRecordDataset
_Transformation = Callable[[tf.data.Dataset], tf.data.Dataset]


def __getattr__(name: str) -> Any:
    try:
        return getattr(tf.data.experimental, name)
    except AttributeError:
        raise AttributeError(f"tfcompat.contrib.data has no attribute {name!r}; "
                             "see tfcompat/contrib/UNSUPPORTED.md") from None


def batch_and_drop_remainder(batch_size: Any) -> _Transformation:
    """Batches of exactly ``batch_size``; a last partial batch is dropped."""
    return lambda dataset: dataset.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size: Any, padded_shapes: Any, padding_values: Any = None) -> _Transformation:
    """``padded_batch`` of exactly ``batch_size``; a last partial batch is dropped."""
    return lambda dataset: dataset.padded_batch(batch_size, padded_shapes, padding_values, drop_remainder=True)


def sliding_window_batch(window_size: int, stride: int | None = None, window_shift: int | None = None,
                         window_stride: int = 1) -> _Transformation:
    """Batches of ``window_size`` consecutive elements (``window_stride`` apart), each window ``window_shift`` (or
    the deprecated ``stride``, default 1) after the previous one; windows that would run past the end are dropped."""
    if stride is not None and window_shift is not None:
        raise ValueError("Cannot specify both `stride` and `window_shift`")
    shift = window_shift if window_shift is not None else (stride if stride is not None else 1)

    def batch_window(*windows: Any) -> tf.data.Dataset:
        nested = windows[0] if len(windows) == 1 else windows
        zipped = nested if isinstance(nested, tf.data.Dataset) else tf.data.Dataset.zip(nested)
        return zipped.batch(window_size, drop_remainder=True)

    return lambda dataset: dataset.window(window_size, shift, window_stride, drop_remainder=True).flat_map(batch_window)


def sloppy_interleave(map_func: Callable, cycle_length: int, block_length: int = 1) -> _Transformation:
    """``parallel_interleave`` with ``sloppy=True``: elements in whatever order they are ready."""
    return tf.data.experimental.parallel_interleave(map_func, cycle_length, block_length, sloppy=True)


__all__ = exported(__name__)
