"""The parts of ``tf.contrib`` served by tfcompat's extras: tf-slim, TensorFlow Probability, tf-keras.

Each test skips when its library is not installed; without it, the error names the extra to install.
"""
from __future__ import annotations

import sys

import numpy as np
import pytest
import tensorflow as tf

v1 = tf.compat.v1


@pytest.mark.parametrize(("module", "name", "blocked", "extra"), [
    ("tfcompat.contrib.slim", "conv3d", "tf_slim", "slim"),
    ("tfcompat.contrib.slim.nets", "vgg", "tf_slim", "slim"),
    ("tfcompat.contrib.distributions", "Normal", "tensorflow_probability", "probability"),
    ("tfcompat.contrib.distributions", "Normal", "tf_keras", "probability"),  # TFP is there, tf-keras is not
    ("tfcompat.contrib.keras", "layers", "tf_keras", "keras2"),
])
def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch, module: str, name: str, blocked: str,
                                  extra: str) -> None:
    import importlib

    for loaded in [m for m in sys.modules if m == blocked or m.startswith(blocked + ".")]:
        monkeypatch.delitem(sys.modules, loaded)
    if blocked == "tf_keras":
        for loaded in [m for m in sys.modules if m.startswith("tensorflow_probability")]:
            monkeypatch.delitem(sys.modules, loaded)
    monkeypatch.setitem(sys.modules, blocked, None)
    with pytest.raises(ImportError, match=rf"pip install 'tfcompat\[{extra}\]'"):
        getattr(importlib.import_module(module), name)


def test_unknown_names_are_attribute_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from tfcompat.contrib import distributions, metrics

    with pytest.raises(AttributeError, match="UNSUPPORTED"):
        distributions.NoSuchDistribution  # noqa: B018
    for loaded in [m for m in sys.modules if m == "tf_slim" or m.startswith("tf_slim.")]:
        monkeypatch.delitem(sys.modules, loaded)
    monkeypatch.setitem(sys.modules, "tf_slim", None)
    assert not hasattr(metrics, "no_such_metric")  # not a name tf-slim serves: no ImportError
    assert not hasattr(metrics, "_private")
    from tfcompat.contrib import slim

    assert slim.metrics is metrics  # the same module, importable without tf-slim


def test_slim_nets_build_with_the_published_checkpoint_names() -> None:
    pytest.importorskip("tf_slim")
    from tfcompat.contrib import slim
    from tfcompat.contrib.slim.nets import resnet_v1, vgg

    with tf.Graph().as_default():
        vgg.vgg_16(v1.placeholder(tf.float32, [1, 224, 224, 3]))
        names = [v.op.name for v in v1.global_variables()]
    # The layers of vgg_16_2016_08_28.tar.gz (TF-Slim's published checkpoint): 5 blocks of 2, 2, 3, 3, 3 convs,
    # then fc6..fc8, each with weights and biases.
    blocks = [(1, 2), (2, 2), (3, 3), (4, 3), (5, 3)]
    layers = [f"conv{b}/conv{b}_{i}" for b, n in blocks for i in range(1, n + 1)] + ["fc6", "fc7", "fc8"]
    assert names == [f"vgg_16/{layer}/{kind}" for layer in layers for kind in ("weights", "biases")]

    images = np.random.RandomState(0).rand(2, 64, 64, 3).astype(np.float32)
    with tf.Graph().as_default():
        with slim.arg_scope(resnet_v1.resnet_arg_scope()):
            logits, _ = resnet_v1.resnet_v1_50(tf.constant(images), num_classes=7, is_training=False)
        names = {v.op.name for v in v1.global_variables()}
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            out = sess.run(logits)
    # resnet_v1_50_2016_08_28.tar.gz names: root conv, bottleneck units, batch-norm statistics, logits.
    assert {"resnet_v1_50/conv1/weights", "resnet_v1_50/conv1/BatchNorm/moving_mean",
            "resnet_v1_50/block1/unit_1/bottleneck_v1/shortcut/weights",
            "resnet_v1_50/block4/unit_3/bottleneck_v1/conv3/BatchNorm/gamma", "resnet_v1_50/logits/biases"} <= names
    assert out.shape == (2, 1, 1, 7) and np.isfinite(out).all()


def test_slim_tfexample_decoder_and_learning_train(tmp_path) -> None:  # noqa: ANN001
    tf_slim = pytest.importorskip("tf_slim")
    from tfcompat.contrib import slim

    assert slim.learning.train is tf_slim.learning.train
    assert slim.learning.create_train_op.__module__ == "tfcompat.contrib.slim.learning"  # tfcompat's own
    values = np.array([1.5, -2.0, 3.25], np.float32)
    example = tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=values)),
        "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[4]))}))
    with tf.Graph().as_default():
        decoder = slim.tfexample_decoder.TFExampleDecoder(
            {"x": v1.FixedLenFeature([3], tf.float32), "label": v1.FixedLenFeature([], tf.int64)},
            {"x": slim.tfexample_decoder.Tensor("x"), "label": slim.tfexample_decoder.Tensor("label")})
        x, label = decoder.decode(tf.constant(example.SerializeToString()), ["x", "label"])
        with v1.Session() as sess:
            got_x, got_label = sess.run([x, label])
    np.testing.assert_array_equal(got_x, values)
    assert got_label == 4


def test_distributions_are_tfp_with_tf1_names() -> None:
    pytest.importorskip("tensorflow_probability")
    from tfcompat.contrib import distributions as ds

    x = np.array([-1.0, 0.5, 2.0], np.float32)
    with tf.Graph().as_default(), v1.Session() as sess:
        normal = ds.Normal(loc=1.0, scale=2.0)
        soft = ds.NormalWithSoftplusScale(loc=0.0, scale=-1.0)
        kl = ds.kl_divergence(ds.Normal(0.0, 1.0), ds.Normal(1.0, 2.0))
        chi2 = ds.Chi2WithAbsDf(df=-3.7)
        exp_y = ds.bijectors.Exp().forward(x)
        inv = ds.softplus_inverse(np.float32(2.0))
        got = sess.run([normal.log_prob(x), soft.scale, kl, chi2.df, exp_y, inv])
    np.testing.assert_allclose(got[0], -0.5 * ((x - 1) / 2) ** 2 - np.log(2 * np.sqrt(2 * np.pi)), rtol=1e-6)
    assert got[1] == pytest.approx(np.log1p(np.exp(-1.0)), rel=1e-6)
    assert got[2] == pytest.approx(np.log(2.0) + (1 + 1) / (2 * 4) - 0.5, rel=1e-6)  # log(s2/s1)+(s1²+Δ²)/2s2²-½
    assert got[3] == 3.0
    np.testing.assert_allclose(got[4], np.exp(x), rtol=1e-6)
    assert got[5] == pytest.approx(np.log(np.expm1(2.0)), rel=1e-6)


def test_matrix_diag_transform_needs_no_extra() -> None:
    from tfcompat.contrib.distributions import matrix_diag_transform

    m = np.arange(8, dtype=np.float32).reshape(2, 2, 2)
    expected = m.copy()
    expected[:, [0, 1], [0, 1]] = np.exp(m[:, [0, 1], [0, 1]])
    np.testing.assert_allclose(matrix_diag_transform(m, tf.exp).numpy(), expected, rtol=1e-6)
    np.testing.assert_array_equal(matrix_diag_transform(m).numpy(), m)


def test_contrib_keras_is_keras2_in_a_session() -> None:
    pytest.importorskip("tf_keras")
    from tfcompat.contrib import keras

    xs = np.random.RandomState(1).rand(2, 4).astype(np.float32)
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, 4])
        layer = keras.layers.Dense(3, activation="relu")
        y = layer(x)
        sess = keras.backend.get_session()  # TF 1.x's Keras session, in this graph
        sess.run(v1.global_variables_initializer())
        kernel, bias = sess.run(layer.weights)
        out = sess.run(y, {x: xs})
    np.testing.assert_allclose(out, np.maximum(xs @ kernel + bias, 0), rtol=1e-6)


@pytest.mark.parametrize(("module", "net", "arg_scope", "size", "published"), [
    # tf-slim's own batch_norm needs Keras 2 (it fails on TF 2.21 even with tf-keras): these nets run on tfcompat's.
    ("inception", "inception_v2", "inception_v2_arg_scope", 224, [
        "InceptionV2/Conv2d_1a_7x7/depthwise_weights", "InceptionV2/Conv2d_1a_7x7/pointwise_weights",
        "InceptionV2/Mixed_3b/Branch_1/Conv2d_0a_1x1/BatchNorm/moving_mean",
        "InceptionV2/Logits/Conv2d_1c_1x1/biases"]),
    ("resnet_v2", "resnet_v2_50", "resnet_arg_scope", 64, [
        "resnet_v2_50/postnorm/gamma", "resnet_v2_50/block1/unit_1/bottleneck_v2/preact/beta",
        "resnet_v2_50/block4/unit_3/bottleneck_v2/conv3/biases", "resnet_v2_50/logits/weights"]),
])
def test_slim_nets_with_batch_norm_build(module: str, net: str, arg_scope: str, size: int,
                                         published: list[str]) -> None:
    pytest.importorskip("tf_slim")
    from tfcompat.contrib import slim

    family = getattr(slim.nets, module)
    with tf.Graph().as_default():
        with slim.arg_scope(getattr(family, arg_scope)()):
            logits, _ = getattr(family, net)(v1.placeholder(tf.float32, [2, size, size, 3]), num_classes=10)
        names = {v.op.name for v in v1.global_variables()}
    assert [n for n in published if n not in names] == []
    assert logits.shape[0] == 2 and logits.shape[-1] == 10
