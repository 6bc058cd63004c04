"""Keras-free tf.layers: TF 1.x names, reuse, regularizers, numerics against numpy."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import layers

from .helpers import names, run, run_randomized
from .numpy_layers import conv, conv_transpose2d, pool

v1 = tf.compat.v1
RNG = np.random.default_rng(3)


def images(*shape) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


def test_dense_names_uniquified_and_numbers(graph):
    x = images(4, 3)
    y1 = layers.dense(x, 5, activation=tf.nn.relu)
    y2 = layers.dense(y1, 2)
    assert names() == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    (a, b), (k1, b1, k2, b2) = run_randomized(y1, y2)
    h = np.maximum(x @ k1 + b1, 0)
    np.testing.assert_allclose(a, h, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(b, h @ k2 + b2, rtol=1e-5, atol=1e-5)


def test_dense_named_reuse_and_already_exists(graph):
    x = tf.constant(images(2, 3))
    layers.dense(x, 4, name="fc")
    with pytest.raises(ValueError, match="already exists"):
        with v1.variable_scope("model"):
            layers.dense(x, 4, name="fc")
        with v1.variable_scope("model"):
            layers.dense(x, 4, name="fc")
    layers.dense(x, 4, name="fc", reuse=True)
    with v1.variable_scope("", reuse=True):
        layers.dense(x, 4, name="fc")
    assert [n for n in names() if n.startswith("fc")] == ["fc/kernel:0", "fc/bias:0"]


def test_dense_rank3_and_regularizer_collection(graph):
    x = images(2, 3, 4)
    layer = layers.Dense(2, kernel_regularizer=lambda w: 0.5 * tf.reduce_sum(tf.square(w)))
    y = layer(x)
    assert y.shape.as_list() == [2, 3, 2] and layer.name == "dense"
    losses = v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
    assert len(losses) == 1
    (out, loss), (k, b) = run_randomized(y, losses[0])
    np.testing.assert_allclose(out, x @ k + b, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(loss, 0.5 * np.sum(k ** 2), rtol=1e-5)


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv1d_2d_3d_against_numpy(graph, padding):
    x1, x2, x3 = images(2, 7, 3), images(2, 6, 5, 3), images(1, 4, 5, 4, 2)
    y1 = layers.conv1d(x1, 4, 3, strides=2, padding=padding)
    y2 = layers.conv2d(x2, 4, (3, 2), strides=(2, 1), padding=padding)
    y3 = layers.conv3d(x3, 2, 2, padding=padding)
    assert names() == ["conv1d/kernel:0", "conv1d/bias:0", "conv2d/kernel:0", "conv2d/bias:0",
                       "conv3d/kernel:0", "conv3d/bias:0"]
    (a, b, c), (k1, b1, k2, b2, k3, b3) = run_randomized(y1, y2, y3)
    np.testing.assert_allclose(a, conv(x1, k1, (2,), padding) + b1, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(b, conv(x2, k2, (2, 1), padding) + b2, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(c, conv(x3, k3, (1, 1, 1), padding) + b3, rtol=1e-4, atol=1e-4)


def test_conv2d_channels_first_matches_channels_last(graph):
    x = images(2, 5, 5, 3)
    last = layers.conv2d(x, 4, 3, name="c")
    first = layers.conv2d(np.transpose(x, (0, 3, 1, 2)), 4, 3, data_format="channels_first", name="c",
                          reuse=True)
    a, b = run(last, first)
    np.testing.assert_allclose(np.transpose(b, (0, 2, 3, 1)), a, rtol=1e-4, atol=1e-4)


def test_conv2d_transpose_and_separable(graph):
    x = images(2, 3, 4, 3)
    t = layers.conv2d_transpose(x, 2, 3, strides=2)
    s = layers.separable_conv2d(x, 5, 2, depth_multiplier=2)
    assert names() == ["conv2d_transpose/kernel:0", "conv2d_transpose/bias:0",
                       "separable_conv2d/depthwise_kernel:0", "separable_conv2d/pointwise_kernel:0",
                       "separable_conv2d/bias:0"]
    assert t.shape.as_list() == [2, 7, 9, 2]
    (tt, ss), (tk, tb, dk, pk, sb) = run_randomized(t, s)
    np.testing.assert_allclose(tt, conv_transpose2d(x, tk, 2) + tb, rtol=1e-4, atol=1e-4)
    depthwise = np.concatenate([conv(x[..., c:c + 1], dk[:, :, c:c + 1, :], (1, 1), "valid")
                                for c in range(3)], axis=-1)
    np.testing.assert_allclose(ss, depthwise @ pk[0, 0] + sb, rtol=1e-4, atol=1e-4)


def test_pooling_1d_2d_3d(graph):
    x1, x2, x3 = images(2, 6, 3), images(2, 5, 6, 3), images(1, 4, 4, 4, 2)
    outs = run(layers.max_pooling1d(x1, 2, 2), layers.average_pooling1d(x1, 3, 1),
               layers.max_pooling2d(x2, 2, 2), layers.average_pooling2d(x2, (2, 3), (1, 2)),
               layers.MaxPooling3D(2, 2)(x3), layers.average_pooling3d(x3, 2, 2))
    refs = [pool(x1, (2,), (2,), np.max), pool(x1, (3,), (1,), np.mean), pool(x2, (2, 2), (2, 2), np.max),
            pool(x2, (2, 3), (1, 2), np.mean), pool(x3, (2,) * 3, (2,) * 3, np.max),
            pool(x3, (2,) * 3, (2,) * 3, np.mean)]
    for out, ref in zip(outs, refs):
        np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)
    assert layers.max_pooling2d(x2, 2, 2, padding="same").shape.as_list() == [2, 3, 3, 3]


def test_batch_normalization_training_updates_through_update_ops(graph):
    x = images(8, 3, 2) * 3 + 1
    training = v1.placeholder(tf.bool, [])
    y = layers.batch_normalization(x, training=training, momentum=0.9)
    assert names() == ["batch_normalization/gamma:0", "batch_normalization/beta:0",
                       "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0"]
    assert [v.name for v in v1.trainable_variables()] == names()[:2]
    updates = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
    assert len(updates) == 2
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out_train, *_ = sess.run([y] + updates, {training: True})
        mean, var = sess.run(v1.global_variables()[2:])
        out_infer = sess.run(y, {training: False})
    batch_mean, batch_var = x.mean((0, 1)), x.var((0, 1))
    np.testing.assert_allclose(out_train, (x - batch_mean) / np.sqrt(batch_var + 1e-3), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(mean, 0.1 * batch_mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(var, 0.9 + 0.1 * batch_var, rtol=1e-5)
    np.testing.assert_allclose(out_infer, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-4)


def test_batch_normalization_inference_has_no_updates_and_channels_first(graph):
    x = images(4, 3, 2, 2)
    y = layers.batch_normalization(x, axis=1, training=False)
    assert v1.get_collection(v1.GraphKeys.UPDATE_OPS) == []
    gamma, beta, mean, var = (images(3) for _ in range(4))
    var = np.abs(var)
    with v1.Session() as sess:
        for variable, value in zip(v1.global_variables(), (gamma, beta, mean, var)):
            variable.load(value, sess)
        out = sess.run(y)
    shape = (1, 3, 1, 1)
    ref = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + 1e-3) * gamma.reshape(shape) + beta.reshape(shape)
    np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-4)


def test_dropout_flag_and_flatten(graph):
    x = np.ones((50, 4, 5), np.float32)
    training = v1.placeholder_with_default(False, [])
    y = layers.dropout(x, rate=0.5, training=training)
    flat = layers.flatten(x)
    assert flat.shape.as_list() == [50, 20]
    with v1.Session() as sess:
        off = sess.run(y)
        on = sess.run(y, {training: True})
        flat_value = sess.run(flat)
    np.testing.assert_array_equal(off, x)
    assert set(np.unique(on)) <= {0.0, 2.0} and 0.3 < np.mean(on == 0) < 0.7
    np.testing.assert_array_equal(flat_value, x.reshape(50, 20))
    assert layers.dropout(x, training=False) is not None and not v1.global_variables()
