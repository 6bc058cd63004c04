"""contrib.layers, contrib.framework and slim: names, arg_scope, numerics against numpy."""
from __future__ import annotations

import math

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import framework, layers, slim

from .helpers import names, run, run_randomized
from .numpy_layers import conv, pool

v1 = tf.compat.v1
RNG = np.random.default_rng(5)


def data(*shape) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


def test_initializer_formulas(graph):
    shape = [3, 3, 16, 32]
    xavier = layers.xavier_initializer(seed=1)(shape)
    conv_init = layers.xavier_initializer_conv2d(uniform=False, seed=2)(shape)
    he = layers.variance_scaling_initializer(seed=3)([200, 100])
    x, c, h = run(xavier, conv_init, he)
    limit = math.sqrt(3.0 / ((16 * 9 + 32 * 9) / 2))
    assert np.abs(x).max() <= limit and np.abs(x).max() > 0.95 * limit
    stddev = math.sqrt(1.3 / ((16 * 9 + 32 * 9) / 2))
    assert np.abs(c).max() <= 2 * stddev + 1e-6
    assert abs(h.std() - math.sqrt(1.3 * 2.0 / 200) * 0.88) < 0.01  # truncation shrinks std by ~0.88
    with pytest.raises(TypeError):
        layers.variance_scaling_initializer(mode="FAN_SUM")


def test_regularizers(graph):
    w = data(3, 4)
    l1, l2 = run(layers.l1_regularizer(0.1)(tf.constant(w)), layers.l2_regularizer(0.2)(tf.constant(w)))
    np.testing.assert_allclose(l1, 0.1 * np.abs(w).sum(), rtol=1e-5)
    np.testing.assert_allclose(l2, 0.2 * (w ** 2).sum() / 2, rtol=1e-5)
    assert layers.l2_regularizer(0.0)(tf.constant(w)) is None
    with pytest.raises(ValueError):
        layers.l1_regularizer(-1.0)


def test_fully_connected_names_collections_numbers(graph):
    x = data(4, 3)
    y = layers.fully_connected(x, 5, weights_regularizer=layers.l2_regularizer(0.5))
    z = layers.fully_connected(y, 2, activation_fn=None, normalizer_fn=layers.layer_norm)
    assert names() == ["fully_connected/weights:0", "fully_connected/biases:0", "fully_connected_1/weights:0",
                       "fully_connected_1/LayerNorm/beta:0", "fully_connected_1/LayerNorm/gamma:0"]
    assert [v.name for v in framework.get_model_variables()] == names()
    assert len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)) == 1
    (a, b), (w1, b1, w2, beta, gamma) = run_randomized(y, z)
    h = np.maximum(x @ w1 + b1, 0)
    np.testing.assert_allclose(a, h, rtol=1e-5, atol=1e-5)
    pre = h @ w2
    ref = gamma * (pre - pre.mean(1, keepdims=True)) / np.sqrt(pre.var(1, keepdims=True) + 1e-12) + beta
    np.testing.assert_allclose(b, ref, rtol=1e-4, atol=1e-4)


def test_slim_arg_scope_conv_pool_flatten(graph):
    x = data(2, 8, 8, 3)
    with slim.arg_scope([slim.conv2d], padding="VALID", activation_fn=None,
                        weights_regularizer=slim.l2_regularizer(0.1)):
        net = slim.conv2d(x, 4, [3, 3], scope="conv1")
        same = slim.conv2d(x, 2, 3, padding="SAME", scope="conv2")
    pooled = slim.max_pool2d(net, [2, 2], scope="pool1")
    averaged = slim.avg_pool2d(net, 2, stride=1)
    flat = slim.flatten(pooled)
    assert names() == ["conv1/weights:0", "conv1/biases:0", "conv2/weights:0", "conv2/biases:0"]
    assert len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)) == 2
    (n, s, p, a, f), (w1, b1, w2, b2) = run_randomized(net, same, pooled, averaged, flat)
    ref = conv(x, w1, (1, 1), "valid") + b1
    np.testing.assert_allclose(n, ref, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(s, conv(x, w2, (1, 1), "same") + b2, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(p, pool(ref, (2, 2), (2, 2), np.max), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(a, pool(ref, (2, 2), (1, 1), np.mean), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(f, p.reshape(2, -1))


def test_slim_repeat_stack_and_restore_lists(graph):
    x = tf.constant(data(1, 6, 6, 2))
    net = slim.repeat(x, 2, slim.conv2d, 3, [3, 3], scope="conv1")
    net = slim.stack(slim.flatten(net), slim.fully_connected, [4, 5], scope="fc")
    assert names() == ["conv1/conv1_1/weights:0", "conv1/conv1_1/biases:0", "conv1/conv1_2/weights:0",
                       "conv1/conv1_2/biases:0", "fc/fc_1/weights:0", "fc/fc_1/biases:0", "fc/fc_2/weights:0",
                       "fc/fc_2/biases:0"]
    assert net.shape.as_list() == [1, 5]
    restore = slim.get_variables_to_restore(exclude=["fc"])
    assert [v.name for v in restore] == names()[:4]
    assert [v.name for v in slim.get_variables_to_restore(include=["fc/fc_2"])] == names()[6:]
    assert [v.name for v in slim.get_variables("conv1", suffix="biases")] == names()[1:4:2]
    step = framework.get_or_create_global_step()
    assert step is framework.get_or_create_global_step() and step.name == "global_step:0"


def test_arg_scope_rules():
    @framework.add_arg_scope
    def scaled(x, factor=1, offset=0):
        return x * factor + offset

    with framework.arg_scope([scaled], factor=3):
        with framework.arg_scope([scaled], offset=1) as saved:
            assert scaled(2) == 7 and scaled(2, factor=1) == 3
        assert scaled(2) == 6
    with framework.arg_scope(saved):
        assert scaled(1) == 4
    assert scaled(1) == 1
    with pytest.raises(ValueError, match="not decorated"):
        with framework.arg_scope([lambda x: x], factor=2):
            pass


@pytest.mark.parametrize("rank", [2, 4])
def test_batch_norm_updates_like_tf1(graph, rank):
    x = data(6, 4) if rank == 2 else data(2, 3, 2, 4)
    y = slim.batch_norm(x, decay=0.9, scale=True, is_training=True)
    assert names() == ["BatchNorm/beta:0", "BatchNorm/gamma:0", "BatchNorm/moving_mean:0",
                       "BatchNorm/moving_variance:0"]
    updates = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out = sess.run(y)
        sess.run(updates)
        mean, var = sess.run(v1.global_variables()[2:])
    axes = tuple(range(rank - 1))
    n = x.size // 4
    np.testing.assert_allclose(out, (x - x.mean(axes)) / np.sqrt(x.var(axes) + 1e-3), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(mean, 0.1 * x.mean(axes), rtol=1e-5, atol=1e-6)
    batch_var = x.var(axes) * (n / (n - 1) if rank == 4 else 1.0)  # the fused 4-D path updates unbiased
    np.testing.assert_allclose(var, 0.9 + 0.1 * batch_var, rtol=1e-5)


def test_batch_norm_inline_updates_and_inference(graph):
    x = data(5, 3)
    training = v1.placeholder(tf.bool, [])
    y = layers.batch_norm(x, updates_collections=None, is_training=training, center=False)
    assert names() == ["BatchNorm/moving_mean:0", "BatchNorm/moving_variance:0"]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        sess.run(y, {training: True})
        mean, var = sess.run(v1.global_variables())
        inferred = sess.run(y, {training: False})
    np.testing.assert_allclose(mean, 0.001 * x.mean(0), rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(inferred, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)


def test_dropout_embed_sequence(graph):
    x = np.ones((100, 10), np.float32)
    dropped = layers.dropout(x, keep_prob=0.25)
    kept = layers.dropout(x, keep_prob=0.25, is_training=False)
    ids = tf.constant([[0, 2], [1, 2]])
    embedded = layers.embed_sequence(ids, vocab_size=3, embed_dim=4)
    assert names() == ["EmbedSequence/embeddings:0"]
    (d, k, e), (table,) = run_randomized(dropped, kept, embedded)
    assert set(np.unique(d)) <= {0.0, 4.0} and 0.15 < np.mean(d > 0) < 0.35
    np.testing.assert_array_equal(k, x)
    np.testing.assert_allclose(e, table[[[0, 2], [1, 2]]])
