"""``tfcompat.contrib.eager`` (TF 2's eager API under ``tfe`` names, gradient helpers against numpy) and ``tfprof``."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import eager as tfe

X = np.array([1.0, -2.0, 3.0], np.float32)


def test_renames_are_the_tf2_functions() -> None:
    assert tfe.defun is tf.function and tfe.py_func is tf.py_function and tfe.Variable is tf.Variable
    assert tfe.Checkpoint is tf.train.Checkpoint and tfe.executing_eagerly() and tfe.in_eager_mode()
    assert tfe.num_gpus() == len(tf.config.list_physical_devices("GPU"))
    it = tfe.Iterator(tf.data.Dataset.range(3))
    assert [int(next(it)), int(it.get_next())] == [0, 1]


def test_implicit_value_and_gradients() -> None:
    w = tf.Variable([0.5, 1.0, -1.0])
    b = tf.Variable(2.0)
    loss = lambda x: tf.reduce_sum(w * x ** 2) + b * b  # noqa: E731
    value, grads = tfe.implicit_value_and_gradients(loss)(X)
    assert float(value) == pytest.approx(float(np.sum(w.numpy() * X ** 2) + 4.0))
    assert [v is w or v is b for _, v in grads] == [True, True] and grads[0][1] is w
    np.testing.assert_allclose(grads[0][0].numpy(), X ** 2)
    assert float(grads[1][0]) == pytest.approx(4.0)
    assert [v for _, v in tfe.implicit_gradients(loss)(X)] == [w, b]
    with pytest.raises(ValueError, match="No trainable variables"):
        tfe.implicit_gradients(lambda x: x * 2.0)(X)


def test_gradients_function_by_index_name_and_dy() -> None:
    def f(x, y):  # noqa: ANN001, ANN202
        return x * y ** 2

    x, y = np.float32(3.0), np.float32(2.0)
    gx, gy = tfe.gradients_function(f)(x, y)
    assert (float(gx), float(gy)) == (y ** 2, 2 * x * y)
    (only_y,) = tfe.gradients_function(f, params=["y"])(x, y)
    assert float(only_y) == 2 * x * y
    value, (gx,) = tfe.value_and_gradients_function(f, params=[0])(x, y, dy=np.float32(0.5))
    assert float(value) == x * y ** 2 and float(gx) == 0.5 * y ** 2


def test_tfprof_counts_trainable_parameters() -> None:
    from tfcompat.contrib.tfprof import model_analyzer, tfprof_logger

    shapes = [(3, 4), (4,), (2, 5, 2)]
    with tf.Graph().as_default() as graph:
        for i, shape in enumerate(shapes):
            tf.compat.v1.get_variable(f"v{i}", shape)
        tf.compat.v1.get_variable("frozen", [7], trainable=False)
        report = model_analyzer.print_model_analysis(
            graph, tfprof_options=model_analyzer.TRAINABLE_VARS_PARAMS_STAT_OPTIONS)
    assert report.total_parameters == sum(int(np.prod(s)) for s in shapes)
    assert tfprof_logger.write_op_log is tf.compat.v1.profiler.write_op_log
