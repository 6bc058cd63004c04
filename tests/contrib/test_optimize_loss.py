"""``tfcompat.contrib.layers.optimize_loss`` and ``summarize_*`` in a TF 1.x graph, against numpy."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import layers

v1 = tf.compat.v1
RNG = np.random.RandomState(11)
X = RNG.randn(5, 3).astype(np.float32)
Y = RNG.randn(5, 1).astype(np.float32)
W0 = RNG.randn(3, 1).astype(np.float32)


def np_step(w: np.ndarray, b: float, lr: float, w_multiplier: float, clip: float | None) -> tuple:
    """Loss before the step and (w, b) after one SGD step on mean((x w + b - y)²)."""
    err = X @ w + b - Y
    grad_w = w_multiplier * 2 * X.T @ err / len(X)
    grad_b = 2 * err.mean()
    if clip is not None:
        norm = np.sqrt((grad_w ** 2).sum() + grad_b ** 2)
        scale = clip / max(norm, clip)
        grad_w, grad_b = grad_w * scale, grad_b * scale
    return float((err ** 2).mean()), w - lr * grad_w, b - lr * grad_b


@pytest.mark.parametrize("decay", [False, True])
def test_sgd_with_multipliers_clipping_and_decay(decay: bool) -> None:
    with tf.Graph().as_default():
        w = v1.get_variable("w", initializer=tf.constant(W0))
        b = v1.get_variable("b", [], initializer=tf.constant_initializer(0.5))
        loss = tf.reduce_mean((tf.matmul(X, w) + b - Y) ** 2)
        step = v1.train.get_or_create_global_step()
        train = layers.optimize_loss(loss, step, 0.1, "SGD", clip_gradients=1.0, gradient_multipliers={w: 2.0},
                                     learning_rate_decay_fn=(lambda lr, gs: lr * 0.5) if decay else None,
                                     summaries=["loss", "gradients", "gradient_norm"])
        lr_var = [v for v in v1.global_variables() if v.op.name == "OptimizeLoss/learning_rate"]
        tags = {t.op.name for t in v1.get_collection(v1.GraphKeys.SUMMARIES)}
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            got_losses = [sess.run(train) for _ in range(2)]
            w_after, b_after, steps = sess.run([w, b, step])
    assert len(lr_var) == 1 and lr_var[0] not in v1.trainable_variables()
    lr = 0.05 if decay else 0.1
    w_np, b_np, want = W0.astype(np.float64), 0.5, []
    for _ in range(2):
        loss_np, w_np, b_np = np_step(w_np, b_np, lr, 2.0, 1.0)
        want.append(loss_np)
    np.testing.assert_allclose(got_losses, want, rtol=1e-5)  # each value is the loss before its step
    np.testing.assert_allclose(w_after, w_np, rtol=1e-5)
    assert b_after == pytest.approx(b_np, rel=1e-5) and steps == 2
    assert {"OptimizeLoss/loss", "OptimizeLoss/global_norm/gradient_norm",
            "OptimizeLoss/global_norm/clipped_gradient_norm", "OptimizeLoss/gradients/w_0"} <= tags


def test_optimizer_forms_and_errors() -> None:
    with tf.Graph().as_default():
        w = v1.get_variable("w", initializer=tf.constant(W0))
        loss = tf.reduce_sum(w)
        step = v1.train.get_or_create_global_step()
        layers.optimize_loss(loss, step, None, v1.train.AdamOptimizer(0.1), name="a")
        layers.optimize_loss(loss, step, 0.1, lambda lr: v1.train.MomentumOptimizer(lr, 0.9), name="b")
        layers.optimize_loss(loss, step, tf.constant(0.1), v1.train.AdagradOptimizer, name="c")
        with pytest.raises(ValueError, match="Optimizer name"):
            layers.optimize_loss(loss, step, 0.1, "Nope")
        with pytest.raises(ValueError, match="Summaries"):
            layers.optimize_loss(loss, step, 0.1, "SGD", summaries=["weights"])


def test_summarize_activations_counts_zeros_on_the_inputs() -> None:
    pre = RNG.randn(4, 6).astype(np.float32)
    with tf.Graph().as_default():
        act = tf.nn.relu(tf.constant(pre), name="act")
        v1.add_to_collection(v1.GraphKeys.ACTIVATIONS, act)
        other = tf.nn.relu6(tf.constant(pre * 4), name="other")
        v1.add_to_collection(v1.GraphKeys.ACTIVATIONS, other)
        summaries = layers.summarize_activations(name_filter="act")
        v1.get_variable("v", [2])
        variables = layers.summarize_variables()
        scalar = layers.summarize_tensor(tf.constant(3.0), tag="three")
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            values = {}
            for serialized in sess.run(v1.get_collection(v1.GraphKeys.SUMMARIES)):
                for value in v1.Summary.FromString(serialized).value:
                    values[value.tag] = value.simple_value if value.HasField("simple_value") else value.histo.num
    assert len(summaries) == 1 and len(variables) == 1 and scalar is not None
    assert values["act/zeros"] == pytest.approx(np.mean(pre < 0))
    assert values["act/activation"] == pre.size and values["three"] == 3.0
    assert [n for tag, n in values.items() if tag.startswith("v")] == [2]  # tag "v_1": the op name "v" is taken
    assert "other/sixes" not in values  # filtered out by name_filter
