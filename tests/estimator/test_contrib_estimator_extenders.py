"""``tfcompat.contrib.estimator``'s extenders (``add_metrics``, ``forward_features``, ``clip_gradients_by_norm``)
against numpy."""
from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from estimator_helpers import B0, LR, W0, X, Y, train_input
from tfcompat.contrib import estimator as contrib_estimator

v1 = tf.compat.v1
IDS = np.arange(100, 108, dtype=np.int64)


def _model_fn(features: Any, labels: Any, mode: str) -> est.EstimatorSpec:
    w = v1.get_variable("w", initializer=W0)
    b = v1.get_variable("b", initializer=B0)
    pred = tf.matmul(features["x"], w) + b
    if mode == est.ModeKeys.PREDICT:
        return est.EstimatorSpec(mode, predictions={"y": pred})
    loss = tf.reduce_mean(tf.square(pred - labels))
    train_op = v1.train.GradientDescentOptimizer(LR).minimize(loss, global_step=v1.train.get_global_step())
    return est.EstimatorSpec(mode, predictions={"y": pred}, loss=loss, train_op=train_op,
                             eval_metric_ops={"mse": v1.metrics.mean_squared_error(labels, pred)})


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> est.Estimator:
    estimator = est.Estimator(_model_fn, model_dir=str(tmp_path_factory.mktemp("extenders")))
    return estimator.train(train_input(), steps=3)


def test_add_metrics_adds_and_overrides(trained: est.Estimator) -> None:
    def metric_fn(features: Any, labels: Any, predictions: Any) -> dict:
        return {"mae": v1.metrics.mean_absolute_error(labels, predictions["y"]),
                "mse": v1.metrics.mean(features["x"][:, :1])}  # replaces the model's own "mse"

    extended = contrib_estimator.add_metrics(trained, metric_fn)
    assert extended.model_dir == trained.model_dir
    result = extended.evaluate(est.inputs.numpy_input_fn({"x": X}, Y, batch_size=8, shuffle=False))
    w, b = trained.get_variable_value("w"), trained.get_variable_value("b")
    np.testing.assert_allclose(result["mae"], np.mean(np.abs(X @ w + b - Y)), rtol=1e-5)
    np.testing.assert_allclose(result["mse"], np.mean(X[:, 0]), rtol=1e-5)
    with pytest.raises(ValueError, match="has following not expected args: \\['mode'\\]"):
        contrib_estimator.add_metrics(trained, lambda labels, mode: {})


def test_forward_features_puts_features_in_predictions(trained: est.Estimator) -> None:
    forwarded = contrib_estimator.forward_features(trained, "id")
    predict_input = est.inputs.numpy_input_fn({"x": X, "id": IDS}, batch_size=8, shuffle=False)
    predictions = list(forwarded.predict(predict_input))
    w, b = trained.get_variable_value("w"), trained.get_variable_value("b")
    assert [p["id"] for p in predictions] == list(IDS)
    np.testing.assert_allclose([p["y"] for p in predictions], X @ w + b, rtol=1e-5)
    with pytest.raises(ValueError, match='Key "nope" is not in features'):
        list(contrib_estimator.forward_features(trained, ["nope"]).predict(predict_input))
    with pytest.raises(TypeError, match="keys should be either a string or a list of strings"):
        contrib_estimator.forward_features(trained, 3)


@pytest.mark.parametrize("clip_norm", [0.05, 100.0])
def test_clip_gradients_by_norm_rescales_by_the_global_norm(clip_norm: float) -> None:
    with tf.Graph().as_default():
        w = v1.get_variable("w", initializer=W0)
        b = v1.get_variable("b", initializer=B0)
        loss = tf.reduce_mean(tf.square(tf.matmul(X, w) + b - Y))
        optimizer = contrib_estimator.clip_gradients_by_norm(v1.train.GradientDescentOptimizer(LR), clip_norm)
        assert optimizer.get_name() == "ClipByNormGradientDescent"
        step = optimizer.minimize(loss)
        with v1.Session() as session:
            session.run(v1.global_variables_initializer())
            session.run(step)
            new_w, new_b = session.run([w, b])
    residual = X.astype(np.float64) @ W0 + B0 - Y
    grad_w, grad_b = 2 * X.T @ residual / len(X), 2 * residual.sum(axis=0) / len(X)
    norm = np.sqrt(np.sum(grad_w ** 2) + np.sum(grad_b ** 2))
    scale = clip_norm / max(norm, clip_norm)
    np.testing.assert_allclose(new_w, W0 - LR * scale * grad_w, rtol=1e-5)
    np.testing.assert_allclose(new_b, B0 - LR * scale * grad_b, rtol=1e-5)


def test_extenders_take_the_estimators_model_dir(trained: est.Estimator) -> None:
    extended = contrib_estimator.forward_features(trained)
    assert extended.get_variable_value("global_step") == 3
