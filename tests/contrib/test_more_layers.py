"""The rest of ``tfcompat.contrib.layers`` against numpy, with TF 1.15's scopes and variable names."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import layers, slim

v1 = tf.compat.v1
RNG = np.random.RandomState(7)
X = RNG.randn(2, 5, 6, 4).astype(np.float32)


def run(build):  # noqa: ANN001, ANN201
    """Build in a fresh graph, initialize, return (outputs, {variable name: value})."""
    with tf.Graph().as_default():
        outputs = build()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            out, values = sess.run([outputs, {v.op.name: v for v in v1.global_variables()}])
    return out, values


def np_conv_transpose(x: np.ndarray, w: np.ndarray, stride: int, padding: str) -> np.ndarray:
    """Scatter each input pixel times the kernel (w: [kh, kw, out, in]); SAME crops TF's way."""
    n, h, wd, _ = x.shape
    kh, kw, out, _ = w.shape
    full = np.zeros((n, (h - 1) * stride + kh, (wd - 1) * stride + kw, out), np.float64)
    for i in range(h):
        for j in range(wd):
            full[:, i * stride:i * stride + kh, j * stride:j * stride + kw] += np.einsum("nc,abkc->nabk", x[:, i, j], w)
    if padding == "VALID":
        return full
    oh, ow = h * stride, wd * stride
    top, left = max(kh - stride, 0) // 2, max(kw - stride, 0) // 2
    return full[:, top:top + oh, left:left + ow]


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_conv2d_transpose(padding: str) -> None:
    out, values = run(lambda: layers.conv2d_transpose(X, 3, [3, 3], stride=2, padding=padding, activation_fn=None,
                                                      biases_initializer=tf.constant_initializer(0.5)))
    assert sorted(values) == ["Conv2d_transpose/biases", "Conv2d_transpose/weights"]
    w = values["Conv2d_transpose/weights"]
    assert w.shape == (3, 3, 3, 4)
    np.testing.assert_allclose(out, np_conv_transpose(X, w, 2, padding) + 0.5, rtol=1e-4, atol=1e-5)


def np_conv_same(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Stride-1 SAME correlation, w: [kh, kw, in, out]."""
    kh, kw = w.shape[:2]
    pad = np.pad(x, ((0, 0), ((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2), (0, 0)))
    out = np.zeros(x.shape[:3] + (w.shape[3],))
    for i in range(x.shape[1]):
        for j in range(x.shape[2]):
            out[:, i, j] = np.einsum("nabc,abck->nk", pad[:, i:i + kh, j:j + kw], w)
    return out


def test_separable_conv2d() -> None:
    out, values = run(lambda: slim.separable_conv2d(X, 5, [3, 3], depth_multiplier=2, activation_fn=None))
    assert sorted(values) == ["SeparableConv2d/biases", "SeparableConv2d/depthwise_weights",
                              "SeparableConv2d/pointwise_weights"]
    dw, pw = values["SeparableConv2d/depthwise_weights"], values["SeparableConv2d/pointwise_weights"]
    assert dw.shape == (3, 3, 4, 2) and pw.shape == (1, 1, 8, 5)
    # depthwise: channel c, multiplier m -> output channel c * 2 + m
    depthwise = np.concatenate([np_conv_same(X[..., c:c + 1], dw[:, :, c:c + 1, :]) for c in range(4)], axis=-1)
    np.testing.assert_allclose(out, depthwise @ pw[0, 0], rtol=1e-4, atol=1e-5)
    only_depthwise, values = run(lambda: layers.separable_conv2d(X, None, 3, 1, activation_fn=None, scope="dw"))
    assert sorted(values) == ["dw/biases", "dw/depthwise_weights"]
    expected = np.concatenate([np_conv_same(X[..., c:c + 1], values["dw/depthwise_weights"][:, :, c:c + 1, :])
                               for c in range(4)], axis=-1)
    np.testing.assert_allclose(only_depthwise, expected, rtol=1e-4, atol=1e-5)


def test_instance_and_group_norm() -> None:
    out, values = run(lambda: layers.instance_norm(X))
    assert sorted(values) == ["InstanceNorm/beta", "InstanceNorm/gamma"]
    mean, var = X.mean(axis=(1, 2), keepdims=True), X.var(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(out, (X - mean) / np.sqrt(var + 1e-6), rtol=1e-4, atol=1e-4)

    for close in (False, True):
        out, values = run(lambda: layers.group_norm(X, groups=2, mean_close_to_zero=close,  # noqa: B023
                                                    param_initializers={"gamma": tf.constant_initializer(2.0)}))
        assert sorted(values) == ["GroupNorm/beta", "GroupNorm/gamma"]
        grouped = X.reshape(2, 5, 6, 2, 2)
        mean, var = grouped.mean(axis=(1, 2, 4), keepdims=True), grouped.var(axis=(1, 2, 4), keepdims=True)
        expected = (2.0 * (grouped - mean) / np.sqrt(var + 1e-6)).reshape(X.shape)
        np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="factor"):
        run(lambda: layers.group_norm(X, groups=3))


def test_bias_add_one_hot_softmax_unit_norm() -> None:
    out, values = run(lambda: layers.bias_add(X, activation_fn=tf.nn.relu, initializer=tf.constant_initializer(0.3)))
    assert sorted(values) == ["BiasAdd/biases"]
    np.testing.assert_allclose(out, np.maximum(X + 0.3, 0), rtol=1e-6)
    nchw = np.transpose(X, (0, 3, 1, 2))
    out, _ = run(lambda: layers.bias_add(nchw, initializer=tf.constant_initializer(1.0), data_format="NCHW"))
    np.testing.assert_allclose(out, nchw + 1.0, rtol=1e-6)

    labels = np.array([0, 2, 1], np.int32)
    out, _ = run(lambda: layers.one_hot_encoding(labels, 3, on_value=5.0, off_value=-1.0))
    np.testing.assert_array_equal(out, np.where(np.eye(3)[labels] == 1, 5.0, -1.0))

    out, _ = run(lambda: layers.softmax(X))
    e = np.exp(X - X.max(-1, keepdims=True))
    np.testing.assert_allclose(out, e / e.sum(-1, keepdims=True), rtol=1e-5)

    out, _ = run(lambda: layers.unit_norm(X, dim=2))
    np.testing.assert_allclose(out, X / np.sqrt(1e-7 + (X ** 2).sum(2, keepdims=True)), rtol=1e-5)


def test_arg_scope_reaches_the_new_layers() -> None:
    def build():  # noqa: ANN202
        with slim.arg_scope([slim.conv2d_transpose, slim.bias_add], trainable=False):
            slim.conv2d_transpose(X, 2, 3)
            return slim.bias_add(X)

    with tf.Graph().as_default():
        build()
        assert v1.trainable_variables() == []
        assert len(v1.get_collection(v1.GraphKeys.MODEL_VARIABLES)) == 3


def test_tf_slim_serves_the_other_layers() -> None:
    pytest.importorskip("tf_slim")
    x = RNG.randn(2, 3, 4, 5, 3).astype(np.float32)
    out, values = run(lambda: layers.conv3d(x, 2, 1, scope="c3", biases_initializer=tf.constant_initializer(0.2)))
    assert sorted(values) == ["c3/biases", "c3/weights"]
    np.testing.assert_allclose(out, np.maximum(x @ values["c3/weights"][0, 0, 0] + 0.2, 0), rtol=1e-5, atol=1e-6)
    out, _ = run(lambda: layers.maxout(X, 2))
    np.testing.assert_allclose(out, X.reshape(2, 5, 6, 2, 2).max(-1), rtol=1e-6)


def test_variable_calls_a_custom_getter_as_tf1_slim_did() -> None:
    calls = []

    def getter(name, reuse=None, **kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append((name, reuse, kwargs["shape"]))
        return v1.get_variable(name, **kwargs)

    with tf.Graph().as_default():
        with v1.variable_scope("s", reuse=v1.AUTO_REUSE):
            var = slim.model_variable("v", shape=[2], custom_getter=getter)
        assert var.op.name == "s/v" and var in v1.get_collection(v1.GraphKeys.MODEL_VARIABLES)
    assert calls == [("v", v1.AUTO_REUSE, [2])]
