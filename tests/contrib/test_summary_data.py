"""``tfcompat.contrib.summary`` (TF 1.15's writer API in a graph) and ``tfcompat.contrib.data`` against numpy."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import data, summary

v1 = tf.compat.v1


def read_events(logdir: Path) -> tuple[list[tuple[int, str, object]], bool]:
    """(step, tag, value) of every summary value written under ``logdir``, and whether a graph was written."""
    values, has_graph = [], False
    for path in logdir.iterdir():
        for event in v1.train.summary_iterator(str(path)):
            has_graph |= event.HasField("graph_def")
            for value in event.summary.value:
                histo = value.histo
                kind = (histo.num, histo.sum, histo.min, histo.max) if value.HasField("histo") else value.simple_value
                values.append((event.step, value.tag, kind))
    return sorted(values), has_graph


def test_summaries_every_n_global_steps_in_a_session(tmp_path: Path) -> None:
    batches = np.random.RandomState(0).rand(5, 4).astype(np.float32)
    with tf.Graph().as_default():
        step = v1.train.get_or_create_global_step()
        x = v1.placeholder(tf.float32, [4])
        writer = summary.create_file_writer(str(tmp_path))
        with writer.as_default(), summary.record_summaries_every_n_global_steps(2):
            summary.scalar("loss", tf.reduce_mean(x))
            summary.histogram("acts", x, family="layer1")
        with writer.as_default(), summary.never_record_summaries():
            summary.scalar("muted", tf.reduce_sum(x))
        increment = v1.assign_add(step, 1)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            with writer.as_default():
                summary.initialize(graph=v1.get_default_graph(), session=sess)
            for batch in batches:
                sess.run(summary.all_summary_ops(), {x: batch})
                sess.run(increment)
            with writer.as_default():
                sess.run(summary.flush())
    values, has_graph = read_events(tmp_path)
    assert has_graph
    expected = []
    for i in (0, 2, 4):  # global steps where step % 2 == 0; "muted" never
        b = batches[i]
        expected.append((i, "layer1/layer1/acts", (4.0, pytest.approx(b.sum()), b.min(), b.max())))
        expected.append((i, "loss", pytest.approx(b.mean())))
    assert values == expected


def test_nothing_is_recorded_without_a_condition(tmp_path: Path) -> None:
    with tf.Graph().as_default():
        writer = summary.create_file_writer(str(tmp_path))
        with writer.as_default():
            assert summary.scalar("loss", 1.0, step=0) is not None
            should = summary.should_record_summaries()
        with v1.Session() as sess:
            assert not sess.run(should)  # TF 1.x contrib default: off until always_record_summaries()


def test_contrib_data_transformations() -> None:
    windows = list(tf.data.Dataset.range(10).apply(data.sliding_window_batch(4, window_shift=3)).as_numpy_iterator())
    np.testing.assert_array_equal(windows, [np.arange(s, s + 4) for s in range(0, 7, 3)])
    strided = tf.data.Dataset.range(8).apply(data.sliding_window_batch(3, stride=2, window_stride=2))
    np.testing.assert_array_equal(list(strided.as_numpy_iterator()), [[0, 2, 4], [2, 4, 6]])
    pairs = tf.data.Dataset.zip((tf.data.Dataset.range(5), tf.data.Dataset.range(0, 50, 10)))
    got = [(a.tolist(), b.tolist()) for a, b in pairs.apply(data.sliding_window_batch(2)).as_numpy_iterator()]
    assert got == [([i, i + 1], [10 * i, 10 * i + 10]) for i in range(4)]

    batches = list(tf.data.Dataset.range(7).apply(data.batch_and_drop_remainder(3)).as_numpy_iterator())
    np.testing.assert_array_equal(batches, [[0, 1, 2], [3, 4, 5]])
    ragged = tf.data.Dataset.range(1, 6).map(lambda n: tf.fill([n], n))
    padded = list(ragged.apply(data.padded_batch_and_drop_remainder(2, [None])).as_numpy_iterator())
    assert [b.tolist() for b in padded] == [[[1, 0], [2, 2]], [[3, 3, 3, 0], [4, 4, 4, 4]]]


def test_contrib_data_forwards_to_tf_data_experimental() -> None:
    assert data.map_and_batch is tf.data.experimental.map_and_batch
    assert data.shuffle_and_repeat is tf.data.experimental.shuffle_and_repeat
    assert data.Dataset is v1.data.Dataset and data.TFRecordDataset is v1.data.TFRecordDataset
    with pytest.raises(AttributeError, match="UNSUPPORTED"):
        data.LMDBDataset  # noqa: B018
    interleaved = tf.data.Dataset.range(3).apply(
        data.sloppy_interleave(lambda i: tf.data.Dataset.from_tensors(i).repeat(2), cycle_length=2))
    assert sorted(interleaved.as_numpy_iterator()) == [0, 0, 1, 1, 2, 2]
