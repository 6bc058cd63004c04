"""``DNNClassifier`` / ``DNNRegressor`` / ``DNNLinearCombined*``: TF 1.15's variable names, and training,
evaluation and prediction from warm-started weights equal to a numpy forward/backward pass."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from canned_helpers import (batches, input_fn, relu_mlp, relu_mlp_grads, sigmoid, softmax, write_checkpoint)

v1 = tf.compat.v1
RNG = np.random.RandomState(3)
X = (0.5 * RNG.standard_normal((8, 3))).astype(np.float32)
Y = (X @ np.array([[1.0], [-1.0], [0.5]], np.float32) + 0.2).astype(np.float32)
CLASSES = np.array([0, 1, 2, 1, 0, 2, 2, 1])
WEIGHTS = np.array([1.0, 2.0, 0.5, 1.0, 1.5, 1.0, 3.0, 0.25], np.float32)
COLUMNS = [tf.feature_column.numeric_column("x", shape=(3,))]


def _mlp_params(*shapes: tuple[int, int]) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.RandomState(sum(a * b for a, b in shapes))
    return [((0.4 * rng.standard_normal(s)).astype(np.float32), (0.1 * rng.standard_normal(s[1])).astype(np.float32))
            for s in shapes]


def _dnn_names(n_layers: int) -> list[str]:
    # tensorflow_estimator 1.15 canned/dnn.py: _DNNModel under variable_scope('dnn'), layers 'hiddenlayer_%d', 'logits'
    layers = [f"hiddenlayer_{i}" for i in range(n_layers)] + ["logits"]
    return [f"dnn/{layer}/{part}" for layer in layers for part in ("kernel", "bias")]


def _checkpoint_values(params: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, np.ndarray]:
    return dict(zip(_dnn_names(len(params) - 1), [value for pair in params for value in pair]))


def _variables(estimator: est.Estimator, n_layers: int) -> list[np.ndarray]:
    return [estimator.get_variable_value(name) for name in _dnn_names(n_layers)]


def _sgd(params: list, grads: list, rate: float) -> list:
    return [(k - rate * gk, b - rate * gb) for (k, b), (gk, gb) in zip(params, grads)]


def test_variable_names_are_tf115s(tmp_path: Path) -> None:
    color = tf.feature_column.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])
    columns = [tf.feature_column.embedding_column(color, 2), COLUMNS[0]]
    classifier = est.DNNClassifier([3, 2], columns, model_dir=str(tmp_path), n_classes=3)
    features = {"x": X, "color": np.array(["red", "blue"] * 4)}
    classifier.train(input_fn(features, CLASSES, num_epochs=None), steps=1)
    names = {name for name in classifier.get_variable_names() if not name.endswith("/Adagrad")}
    assert names == {"global_step", "dnn/input_from_feature_columns/input_layer/color_embedding/embedding_weights",
                     *_dnn_names(2)}
    assert classifier.get_variable_value("dnn/hiddenlayer_0/kernel").shape == (5, 3)  # 2 embedding + 3 numeric


def test_regressor_sgd_by_name_trains_at_tf115_default_rate(tmp_path: Path) -> None:
    params = _mlp_params((3, 4), (4, 2), (2, 1))
    warm = write_checkpoint(str(tmp_path / "warm"), _checkpoint_values(params), global_step=7)
    regressor = est.DNNRegressor([4, 2], COLUMNS, model_dir=str(tmp_path / "model"), optimizer="SGD",
                                 warm_start_from=warm)
    regressor.train(input_fn({"x": X}, Y, num_epochs=None), steps=4)
    for rows in batches(8, 4, 4):  # SUM reduction: the gradient of sum((p - y)^2); 'SGD' means rate 0.05
        outputs = relu_mlp(X[rows].astype(np.float64), params)
        params = _sgd(params, relu_mlp_grads(outputs, params, 2 * (outputs[-1] - Y[rows])), 0.05)
    for got, want in zip(_variables(regressor, 2), [v for pair in params for v in pair]):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    assert regressor.get_variable_value("global_step") == 4  # the warm start takes weights, not the step

    metrics = regressor.evaluate(input_fn({"x": X}, Y, batch_size=3))  # batches of 3, 3, 2
    pred = relu_mlp(X.astype(np.float64), params)[-1]
    squared = (pred - Y) ** 2
    np.testing.assert_allclose(metrics["loss"], np.mean([squared[i:i + 3].sum() for i in (0, 3, 6)]), rtol=1e-4)
    np.testing.assert_allclose(metrics["average_loss"], squared.mean(), rtol=1e-4)
    np.testing.assert_allclose(metrics["prediction/mean"], pred.mean(), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(metrics["label/mean"], Y.mean(), rtol=1e-5)
    predicted = [p["predictions"] for p in regressor.predict(input_fn({"x": X}))]
    np.testing.assert_allclose(predicted, pred, rtol=1e-4, atol=1e-6)


def test_weighted_multiclass_classifier_equals_numpy(tmp_path: Path) -> None:
    params = _mlp_params((3, 4), (4, 3))
    warm = write_checkpoint(str(tmp_path / "warm"), _checkpoint_values(params))
    classifier = est.DNNClassifier([4], COLUMNS, model_dir=str(tmp_path / "model"), n_classes=3,
                                   weight_column="w", optimizer=v1.train.GradientDescentOptimizer(0.1),
                                   label_vocabulary=["a", "b", "c"], warm_start_from=warm)
    labels = np.array(["a", "b", "c"])[CLASSES]
    features = {"x": X, "w": WEIGHTS}
    classifier.train(input_fn(features, labels, num_epochs=None), steps=3)
    for rows in batches(8, 4, 3):
        outputs = relu_mlp(X[rows].astype(np.float64), params)
        d_logits = (softmax(outputs[-1]) - np.eye(3)[CLASSES[rows]]) * WEIGHTS[rows, None]
        params = _sgd(params, relu_mlp_grads(outputs, params, d_logits), 0.1)
    for got, want in zip(_variables(classifier, 1), [v for pair in params for v in pair]):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)

    logits = relu_mlp(X.astype(np.float64), params)[-1]
    probabilities = softmax(logits)
    losses = -np.log(probabilities[np.arange(8), CLASSES])
    metrics = classifier.evaluate(input_fn(features, labels, batch_size=8))
    np.testing.assert_allclose(metrics["loss"], (WEIGHTS * losses).sum(), rtol=1e-4)
    np.testing.assert_allclose(metrics["average_loss"], (WEIGHTS * losses).sum() / WEIGHTS.sum(), rtol=1e-4)
    correct = probabilities.argmax(axis=1) == CLASSES
    np.testing.assert_allclose(metrics["accuracy"], (WEIGHTS * correct).sum() / WEIGHTS.sum(), rtol=1e-5)
    assert set(metrics) == {"loss", "average_loss", "accuracy", "global_step"}

    predictions = list(classifier.predict(input_fn({"x": X})))
    assert set(predictions[0]) == {"logits", "probabilities", "class_ids", "classes", "all_class_ids",
                                   "all_classes"}
    np.testing.assert_allclose([p["probabilities"] for p in predictions], probabilities, rtol=1e-4, atol=1e-6)
    assert [int(p["class_ids"][0]) for p in predictions] == list(probabilities.argmax(axis=1))
    assert [p["classes"][0].decode() for p in predictions] == list(np.array(["a", "b", "c"])[logits.argmax(1)])
    assert [c.decode() for c in predictions[0]["all_classes"]] == ["a", "b", "c"]


def test_wide_and_deep_trains_each_part_with_its_own_default_rate(tmp_path: Path) -> None:
    params = _mlp_params((3, 2), (2, 1))
    linear_w = np.array([[0.2], [-0.3], [0.1]], np.float32)
    linear_b = np.array([0.05], np.float32)
    warm = write_checkpoint(str(tmp_path / "warm"), {**_checkpoint_values(params),
                                                      "linear/linear_model/x/weights": linear_w,
                                                      "linear/linear_model/bias_weights": linear_b})
    labels = (CLASSES == 1).astype(np.float32)
    classifier = est.DNNLinearCombinedClassifier(
        model_dir=str(tmp_path / "model"), linear_feature_columns=COLUMNS, linear_optimizer="SGD",
        dnn_feature_columns=COLUMNS, dnn_optimizer="SGD", dnn_hidden_units=[2], warm_start_from=warm)
    classifier.train(input_fn({"x": X}, labels, num_epochs=None), steps=2)
    w, b = linear_w.astype(np.float64), linear_b.astype(np.float64)
    for rows in batches(8, 4, 2):  # dnn.py 0.001, linear min(0.005, 1/sqrt(1 column)) (dnn_linear_combined.py)
        x = X[rows].astype(np.float64)
        outputs = relu_mlp(x, params)
        d_logits = sigmoid(outputs[-1] + x @ w + b) - labels[rows, None]
        params = _sgd(params, relu_mlp_grads(outputs, params, d_logits), 0.001)
        w, b = w - 0.005 * x.T @ d_logits, b - 0.005 * d_logits.sum(axis=0)
    for got, want in zip(_variables(classifier, 1), [v for pair in params for v in pair]):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(classifier.get_variable_value("linear/linear_model/x/weights"), w, rtol=1e-5)
    np.testing.assert_allclose(classifier.get_variable_value("linear/linear_model/bias_weights"), b, rtol=1e-5)
    assert classifier.get_variable_value("global_step") == 2  # incremented once per step, after both parts


def test_tf1_partitioned_checkpoint_restores_and_warm_starts(tmp_path: Path) -> None:
    params = _mlp_params((3, 2), (2, 1))
    write_checkpoint(str(tmp_path), _checkpoint_values(params), global_step=100, partitioned=True)
    assert v1.train.list_variables(str(tmp_path))[0][0] == "dnn/hiddenlayer_0/bias"  # not .../part_0
    regressor = est.DNNRegressor([2], COLUMNS, model_dir=str(tmp_path))
    predicted = [p["predictions"] for p in regressor.predict(input_fn({"x": X}))]
    np.testing.assert_allclose(predicted, relu_mlp(X.astype(np.float64), params)[-1], rtol=1e-5, atol=1e-6)
    assert regressor.evaluate(input_fn({"x": X}, Y))["global_step"] == 100
    warm = est.DNNRegressor([2], COLUMNS, model_dir=str(tmp_path / "warm"), warm_start_from=str(tmp_path),
                            optimizer=v1.train.GradientDescentOptimizer(0.0))
    warm.train(input_fn({"x": X}, Y), steps=1)  # a zero-rate step: the variables keep the warm-start values
    for got, want in zip(_variables(warm, 1), [v for pair in params for v in pair]):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def _batch_norm_step(x: np.ndarray, y: np.ndarray, p: dict, rate: float) -> tuple[dict, np.ndarray]:
    """One SGD step of relu -> batch norm (batch moments, epsilon 1e-3) -> linear on the summed squared error;
    returns the new parameters and the batch moments."""
    z = x @ p["k0"] + p["b0"]
    h = np.maximum(z, 0.0)
    mean, var = h.mean(axis=0), h.var(axis=0)
    xhat = (h - mean) / np.sqrt(var + 1e-3)
    n = p["gamma"] * xhat + p["beta"]
    d_out = 2 * (n @ p["k1"] + p["b1"] - y)
    dn = d_out @ p["k1"].T
    dxhat = dn * p["gamma"]
    dh = (len(x) * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0)) / (len(x) * np.sqrt(var + 1e-3))
    dz = dh * (z > 0)
    grads = {"k0": x.T @ dz, "b0": dz.sum(0), "gamma": (dn * xhat).sum(0), "beta": dn.sum(0),
             "k1": n.T @ d_out, "b1": d_out.sum(0)}
    return {key: value - rate * grads[key] for key, value in p.items()}, np.stack([mean, var])


def test_batch_norm_trains_and_predicts_with_moving_averages(tmp_path: Path) -> None:
    (k0, b0), (k1, b1) = _mlp_params((3, 3), (3, 1))
    params = {"k0": k0, "b0": b0, "gamma": np.array([1.2, 0.8, 1.0], np.float32),
              "beta": np.array([0.1, -0.1, 0.2], np.float32), "k1": k1, "b1": b1}
    prefix = "dnn/hiddenlayer_0/batchnorm_0/"  # tensorflow_estimator 1.15 canned/v1/dnn_testing_utils_v1.py
    names = {"k0": "dnn/hiddenlayer_0/kernel", "b0": "dnn/hiddenlayer_0/bias", "gamma": prefix + "gamma",
             "beta": prefix + "beta", "k1": "dnn/logits/kernel", "b1": "dnn/logits/bias"}
    warm = write_checkpoint(str(tmp_path / "warm"), {names[key]: value for key, value in params.items()})
    regressor = est.DNNRegressor([3], COLUMNS, model_dir=str(tmp_path / "model"), batch_norm=True,
                                 optimizer=v1.train.GradientDescentOptimizer(0.02), warm_start_from=warm)
    regressor.train(input_fn({"x": X}, Y, num_epochs=None), steps=2)
    params = {key: value.astype(np.float64) for key, value in params.items()}
    moving = np.array([np.zeros(3), np.ones(3)])
    for rows in batches(8, 4, 2):
        params, moments = _batch_norm_step(X[rows].astype(np.float64), Y[rows], params, 0.02)
        moving = moving - (moving - moments) * (1 - 0.999)  # dnn.py's momentum 0.999
    for key, name in names.items():
        np.testing.assert_allclose(regressor.get_variable_value(name), params[key], rtol=1e-4, atol=1e-6,
                                   err_msg=name)
    for value, name in zip(moving, ("moving_mean", "moving_variance")):
        np.testing.assert_allclose(regressor.get_variable_value(prefix + name), value, rtol=1e-5, err_msg=name)
    h = np.maximum(X @ params["k0"] + params["b0"], 0.0)
    n = params["gamma"] * (h - moving[0]) / np.sqrt(moving[1] + 1e-3) + params["beta"]
    predicted = [p["predictions"] for p in regressor.predict(input_fn({"x": X}))]
    np.testing.assert_allclose(predicted, n @ params["k1"] + params["b1"], rtol=1e-4, atol=1e-6)


def test_features_must_be_a_dict(tmp_path: Path) -> None:
    regressor = est.DNNRegressor([2], COLUMNS, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="features should be a dictionary"):
        regressor.train(lambda: (tf.constant(X), tf.constant(Y)), steps=1)
