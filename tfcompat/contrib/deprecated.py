"""``tf.contrib.deprecated`` (0.12): the old summary ops, kept there when ``tf.*_summary`` was deprecated."""
from __future__ import annotations

from typing import Any, Sequence

from tfcompat._warnings import warn_removed
from tfcompat.ops import _graph
from tfcompat._left_out import left_out


def scalar_summary(tags: Any, values: Any, collections: Sequence[str] | None = None, name: str | None = None) -> Any:
    """``tf.contrib.deprecated.scalar_summary``: ``tf.scalar_summary`` under its 0.12 name."""
    warn_removed("tf.contrib.deprecated.scalar_summary", "tf.compat.v1.summary.scalar", "TFC101")
    return _graph.build_scalar_summary(tags, values, collections, name)


def histogram_summary(tag: Any, values: Any, collections: Sequence[str] | None = None, name: str | None = None) -> Any:
    """``tf.contrib.deprecated.histogram_summary``: ``tf.histogram_summary`` under its 0.12 name."""
    warn_removed("tf.contrib.deprecated.histogram_summary", "tf.compat.v1.summary.histogram", "TFC101")
    return _graph.build_histogram_summary(tag, values, collections, name)


__getattr__ = left_out(__name__)
