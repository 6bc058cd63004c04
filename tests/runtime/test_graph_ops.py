"""0.x summaries, SummaryWriter and initializer names in graph mode."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.ops as ops
from runtime_helpers import graph_op_types

pytestmark = pytest.mark.filterwarnings("ignore::tfcompat._warnings.TFCompatDeprecationWarning")

v1 = tf.compat.v1
VALUES = np.array([0.5, 1.5, 4.0], np.float32)


def test_summaries_collect_and_merge_with_0x_tags() -> None:
    with tf.Graph().as_default():
        x = tf.constant(VALUES)
        ops.scalar_summary("loss", tf.reduce_mean(x))
        ops.scalar_summary(["a", "b"], x[:2])
        ops.histogram_summary("hist", x)
        ops.image_summary("img", tf.zeros([2, 4, 4, 1]), max_images=1)
        assert len(v1.get_collection(v1.GraphKeys.SUMMARIES)) == 4
        merged = ops.merge_all_summaries()
        with v1.Session() as sess:
            summary = v1.Summary.FromString(sess.run(merged))
    values = {v.tag: v for v in summary.value}
    assert sorted(values) == ["a", "b", "hist", "img/image", "loss"]
    np.testing.assert_allclose(values["loss"].simple_value, VALUES.mean(), rtol=1e-6)
    np.testing.assert_allclose(values["a"].simple_value, VALUES[0])
    np.testing.assert_allclose(values["b"].simple_value, VALUES[1])
    assert values["hist"].histo.num == 3 and np.isclose(values["hist"].histo.sum, VALUES.sum())


def test_merge_summary_and_custom_collections() -> None:
    with tf.Graph().as_default():
        first = ops.scalar_summary("one", tf.constant(1.0), collections=["mine"])
        assert v1.get_collection("mine") == [first]
        assert v1.get_collection(v1.GraphKeys.SUMMARIES) == []
        merged = ops.merge_summary([first, ops.audio_summary("snd", tf.zeros([1, 8]), 8000)])
        with v1.Session() as sess:
            tags = sorted(v.tag for v in v1.Summary.FromString(sess.run(merged)).value)
    assert tags == ["one", "snd/audio/0"]  # the op names outputs tag/audio/i when max_outputs > 1


def test_summary_ops_are_the_native_ops() -> None:
    assert graph_op_types(lambda: ops.scalar_summary("s", tf.constant(1.0))) == graph_op_types(
        lambda: v1.summary.scalar("s", tf.constant(1.0)))
    assert graph_op_types(lambda: ops.histogram_summary("h", tf.constant(VALUES))) == graph_op_types(
        lambda: v1.summary.histogram("h", tf.constant(VALUES)))


def test_summary_writer_writes_events(tmp_path) -> None:
    with tf.Graph().as_default() as graph:
        summary = ops.scalar_summary("loss", tf.constant(2.5))
        with v1.Session() as sess:
            writer = ops.SummaryWriter(str(tmp_path), graph)
            writer.add_summary(sess.run(summary), global_step=3)
            writer.close()
    events = [e for f in tmp_path.iterdir() for e in v1.train.summary_iterator(str(f))]
    scalars = [(e.step, v.tag, v.simple_value) for e in events for v in e.summary.value]
    assert scalars == [(3, "loss", 2.5)]
    assert any(e.graph_def for e in events)


def test_initializer_and_variable_names() -> None:
    with tf.Graph().as_default():
        w = v1.get_variable("w", [2], initializer=v1.constant_initializer(3.0))
        assert ops.all_variables() == [w]
        with v1.Session() as sess:
            sess.run(ops.initialize_all_variables())
            np.testing.assert_array_equal(sess.run(w), [3.0, 3.0])
            sess.run(ops.initialize_variables([w]))
        with ops.op_scope([w], "outer", "default") as scope:
            assert scope == "outer/"
