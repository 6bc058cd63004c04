"""0.x summary ops, ``train.SummaryWriter`` and ``TensorArray.pack``/``unpack``.

The summary functions build the same ops as 0.x did (``ScalarSummary``,
``HistogramSummary``, ...) with the caller's tags as given, and add them to the
``summaries`` collection like 0.x.
"""
from __future__ import annotations

from typing import Any, Sequence

import tensorflow as tf

from tfcompat._warnings import warn_removed

_v1 = tf.compat.v1


def _collect(summary: Any, collections: Sequence[str] | None) -> Any:
    if not tf.executing_eagerly():
        for key in collections if collections is not None else [_v1.GraphKeys.SUMMARIES]:
            _v1.add_to_collection(key, summary)
    return summary


def scalar_summary(tags: Any, values: Any, collections: Sequence[str] | None = None, name: str | None = None) -> Any:
    """``tf.scalar_summary``: one ``ScalarSummary`` op with the given tag(s)."""
    warn_removed("tf.scalar_summary", "tf.compat.v1.summary.scalar", "TFC101")
    return build_scalar_summary(tags, values, collections, name)


def build_scalar_summary(tags: Any, values: Any, collections: Sequence[str] | None, name: str | None) -> Any:
    """The ``ScalarSummary`` op of ``scalar_summary``, without its warning."""
    with _v1.name_scope(name, "ScalarSummary", [tags, values]) as scope:
        return _collect(tf.raw_ops.ScalarSummary(tags=tags, values=values, name=scope), collections)


def histogram_summary(tag: Any, values: Any, collections: Sequence[str] | None = None, name: str | None = None) -> Any:
    """``tf.histogram_summary``: one ``HistogramSummary`` op."""
    warn_removed("tf.histogram_summary", "tf.compat.v1.summary.histogram", "TFC101")
    return build_histogram_summary(tag, values, collections, name)


def build_histogram_summary(tag: Any, values: Any, collections: Sequence[str] | None, name: str | None) -> Any:
    """The ``HistogramSummary`` op of ``histogram_summary``, without its warning."""
    with _v1.name_scope(name, "HistogramSummary", [tag, values]) as scope:
        return _collect(tf.raw_ops.HistogramSummary(tag=tag, values=values, name=scope), collections)


def image_summary(tag: Any, tensor: Any, max_images: int = 3, collections: Sequence[str] | None = None,
                  name: str | None = None) -> Any:
    """``tf.image_summary``: one ``ImageSummary`` op."""
    warn_removed("tf.image_summary", "tf.compat.v1.summary.image", "TFC101")
    with _v1.name_scope(name, "ImageSummary", [tag, tensor]) as scope:
        op = tf.raw_ops.ImageSummary(tag=tag, tensor=tensor, max_images=max_images, name=scope)
        return _collect(op, collections)


def audio_summary(tag: Any, tensor: Any, sample_rate: Any, max_outputs: int = 3,
                  collections: Sequence[str] | None = None, name: str | None = None) -> Any:
    """``tf.audio_summary``: one ``AudioSummaryV2`` op."""
    warn_removed("tf.audio_summary", "tf.compat.v1.summary.audio", "TFC101")
    with _v1.name_scope(name, "AudioSummary", [tag, tensor]) as scope:
        rate = tf.convert_to_tensor(sample_rate, tf.float32)
        op = tf.raw_ops.AudioSummaryV2(tag=tag, tensor=tensor, sample_rate=rate, max_outputs=max_outputs, name=scope)
        return _collect(op, collections)


def merge_summary(inputs: Sequence[Any], collections: Sequence[str] | None = None, name: str | None = None) -> Any:
    """``tf.merge_summary``: ``tf.compat.v1.summary.merge``."""
    warn_removed("tf.merge_summary", "tf.compat.v1.summary.merge", "TFC101")
    return _v1.summary.merge(inputs, collections, name)


def merge_all_summaries(key: str = _v1.GraphKeys.SUMMARIES) -> Any:
    """``tf.merge_all_summaries``: ``tf.compat.v1.summary.merge_all``."""
    warn_removed("tf.merge_all_summaries", "tf.compat.v1.summary.merge_all", "TFC101")
    return _v1.summary.merge_all(key)


class SummaryWriter(_v1.summary.FileWriter):
    """``tf.train.SummaryWriter``: ``tf.compat.v1.summary.FileWriter`` under its 0.x name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warn_removed("tf.train.SummaryWriter", "tf.compat.v1.summary.FileWriter", "TFC101")
        super().__init__(*args, **kwargs)


def _tensor_array_pack(self: Any, name: str | None = None) -> Any:
    """``TensorArray.pack``: ``TensorArray.stack``."""
    warn_removed("tf.TensorArray.pack", "TensorArray.stack", "TFC401")
    return self.stack(name=name)


def _tensor_array_unpack(self: Any, value: Any, name: str | None = None) -> Any:
    """``TensorArray.unpack``: ``TensorArray.unstack``."""
    warn_removed("tf.TensorArray.unpack", "TensorArray.unstack", "TFC401")
    return self.unstack(value, name=name)


def install_tensor_array_methods() -> None:
    """Give ``tf.TensorArray`` its 0.x ``pack``/``unpack`` methods (``tfcompat.v1`` calls this).

    A subclass cannot do it: every ``write`` returns a plain ``tf.TensorArray``.
    """
    if not hasattr(tf.TensorArray, "pack"):
        tf.TensorArray.pack = _tensor_array_pack
        tf.TensorArray.unpack = _tensor_array_unpack
