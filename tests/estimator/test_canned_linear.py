"""``LinearClassifier`` / ``LinearRegressor`` and the V1 heads: logits, predictions and every head metric from
known weights (a checkpoint with TF 1.15's names) equal numpy; SGD training equals numpy."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from canned_helpers import NumpyFtrl, batches, input_fn, sigmoid, tf_auc, write_checkpoint

v1 = tf.compat.v1
RNG = np.random.RandomState(5)
X = RNG.standard_normal((16, 3)).astype(np.float32)
LABELS = (X @ np.array([1.0, -0.5, 0.3]) + 0.4 * RNG.standard_normal(16) > 0).astype(int)
WEIGHTS = RNG.uniform(0.5, 2.0, 16).astype(np.float32)
W = np.array([[0.8], [-0.6], [0.2]], np.float32)
B = np.array([0.1], np.float32)
COLUMNS = [tf.feature_column.numeric_column("x", shape=(3,))]
VOCABULARY = ["neg", "pos"]
# tensorflow_estimator 1.15 canned/linear.py: linear_model under variable_scope('linear')
LINEAR_NAMES = ("linear/linear_model/x/weights", "linear/linear_model/bias_weights")


@pytest.fixture(scope="module")
def classifier(tmp_path_factory: pytest.TempPathFactory) -> est.LinearClassifier:
    """A binary classifier whose model_dir holds a checkpoint of W and B (as TF 1.15 would have saved it)."""
    model_dir = str(tmp_path_factory.mktemp("linear"))
    write_checkpoint(model_dir, dict(zip(LINEAR_NAMES, (W, B))), global_step=5)
    return est.LinearClassifier(COLUMNS, model_dir=model_dir, weight_column="w", label_vocabulary=VOCABULARY)


def test_predictions_equal_numpy(classifier: est.LinearClassifier) -> None:
    predictions = list(classifier.predict(input_fn({"x": X})))
    assert set(predictions[0]) == {"logits", "logistic", "probabilities", "class_ids", "classes",
                                   "all_class_ids", "all_classes"}
    logits = X.astype(np.float64) @ W + B
    np.testing.assert_allclose([p["logits"] for p in predictions], logits, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose([p["logistic"] for p in predictions], sigmoid(logits), rtol=1e-5)
    np.testing.assert_allclose([p["probabilities"] for p in predictions],
                               np.hstack([1 - sigmoid(logits), sigmoid(logits)]), rtol=1e-5, atol=1e-7)
    assert [int(p["class_ids"][0]) for p in predictions] == list((logits[:, 0] > 0).astype(int))
    assert [p["classes"][0].decode() for p in predictions] == [VOCABULARY[int(z > 0)] for z in logits[:, 0]]
    assert [c.decode() for c in predictions[0]["all_classes"]] == VOCABULARY
    assert list(predictions[0]["all_class_ids"]) == [0, 1]


def test_binary_head_metrics_equal_numpy(classifier: est.LinearClassifier) -> None:
    labels = np.array(VOCABULARY)[LABELS]
    metrics = classifier.evaluate(input_fn({"x": X, "w": WEIGHTS}, labels, batch_size=5))  # 5, 5, 5, 1
    p = sigmoid(X.astype(np.float64) @ W + B)[:, 0]
    y, w = LABELS.astype(np.float64), WEIGHTS.astype(np.float64)
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    predicted = (p > 0.5).astype(float)
    label_mean = (w * y).sum() / w.sum()
    expected = {
        "loss": np.mean([(w * losses)[i:i + 5].sum() for i in range(0, 16, 5)]),  # mean of the batches' sums
        "average_loss": (w * losses).sum() / w.sum(),
        "accuracy": (w * (predicted == y)).sum() / w.sum(),
        "precision": (w * predicted * y).sum() / (w * predicted).sum(),
        "recall": (w * predicted * y).sum() / (w * y).sum(),
        "prediction/mean": (w * p).sum() / w.sum(),
        "label/mean": label_mean,
        "accuracy_baseline": max(label_mean, 1 - label_mean),
        "auc": tf_auc(y, p, w),
        "auc_precision_recall": tf_auc(y, p, w, curve="PR"),
    }
    assert set(metrics) == {*expected, "global_step"}
    for key, value in expected.items():
        np.testing.assert_allclose(metrics[key], value, rtol=1e-5, err_msg=key)
    assert metrics["global_step"] == 5


def test_labels_outside_the_vocabulary_fail(classifier: est.LinearClassifier) -> None:
    with pytest.raises(tf.errors.InvalidArgumentError, match="Labels must >= 0"):
        classifier.evaluate(input_fn({"x": X, "w": WEIGHTS}, np.array(["pos", "maybe"] * 8)))


def test_regressor_weighted_sgd_equals_numpy(tmp_path: Path) -> None:
    y = np.hstack([X @ np.array([[1.0], [2.0], [-1.0]]), X[:, :1] - 0.5]).astype(np.float32)  # label_dimension 2
    regressor = est.LinearRegressor(COLUMNS, model_dir=str(tmp_path), label_dimension=2, weight_column="w",
                                    optimizer=lambda: v1.train.GradientDescentOptimizer(0.02))
    regressor.train(input_fn({"x": X, "w": WEIGHTS}, y, num_epochs=None), steps=6)
    w, b = np.zeros((3, 2)), np.zeros(2)  # linear_model's variables start at zero
    for rows in batches(16, 4, 6):
        x = X[rows].astype(np.float64)
        d_pred = 2 * (x @ w + b - y[rows]) * WEIGHTS[rows, None]  # SUM of weighted squared errors
        w, b = w - 0.02 * x.T @ d_pred, b - 0.02 * d_pred.sum(axis=0)
    assert sorted(regressor.get_variable_names()) == sorted(["global_step", *LINEAR_NAMES])
    np.testing.assert_allclose(regressor.get_variable_value(LINEAR_NAMES[0]), w, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(regressor.get_variable_value(LINEAR_NAMES[1]), b, rtol=1e-5, atol=1e-7)
    predicted = [p["predictions"] for p in regressor.predict(input_fn({"x": X}))]
    np.testing.assert_allclose(predicted, X @ w + b, rtol=1e-5, atol=1e-6)


def test_default_optimizer_is_ftrl_at_rate_point_two(tmp_path: Path) -> None:
    y = (X @ np.array([[0.5], [-1.0], [2.0]]) + 1.0).astype(np.float32)
    regressor = est.LinearRegressor(COLUMNS, model_dir=str(tmp_path))  # optimizer='Ftrl' (linear.py: rate 0.2)
    regressor.train(input_fn({"x": X}, y, num_epochs=None), steps=4)
    ftrl = NumpyFtrl(0.2, {"w": (3, 1), "b": (1,)})
    w, b = np.zeros((3, 1)), np.zeros(1)
    for rows in batches(16, 4, 4):
        x = X[rows].astype(np.float64)
        d_pred = 2 * (x @ w + b - y[rows])
        w, b = ftrl.step("w", w, x.T @ d_pred), ftrl.step("b", b, d_pred.sum(axis=0))
    np.testing.assert_allclose(regressor.get_variable_value(LINEAR_NAMES[0]), w, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(regressor.get_variable_value(LINEAR_NAMES[1]), b, rtol=1e-5, atol=1e-7)


def test_categorical_columns_get_their_own_weights(tmp_path: Path) -> None:
    color = tf.feature_column.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])
    classifier = est.LinearClassifier([color, *COLUMNS], model_dir=str(tmp_path), n_classes=3,
                                      loss_reduction=v1.losses.Reduction.SUM_OVER_BATCH_SIZE)
    features = {"x": X, "color": np.array(["red", "green", "blue", "red"] * 4)}
    classifier.train(input_fn(features, LABELS + (X[:, 1] > 1), num_epochs=None), steps=1)
    names = {name for name in classifier.get_variable_names() if "Ftrl" not in name}
    assert names == {"global_step", "linear/linear_model/color/weights", *LINEAR_NAMES}
    assert classifier.get_variable_value("linear/linear_model/color/weights").shape == (3, 3)


def test_invalid_arguments_are_refused_as_tf115_did() -> None:
    with pytest.raises(ValueError, match="Invalid loss_reduction"):
        est.LinearRegressor(COLUMNS, loss_reduction=v1.losses.Reduction.NONE)
    with pytest.raises(ValueError, match="n_classes must be > 2"):
        est.LinearClassifier(COLUMNS, n_classes=1)
    with pytest.raises(ValueError, match="label_vocabulary should be a list"):
        est.LinearClassifier(COLUMNS, label_vocabulary="ab")
    with pytest.raises(ValueError, match="Unsupported optimizer name"):
        est.LinearRegressor(COLUMNS, optimizer="Momentum").train(input_fn({"x": X}, X[:, :1]), steps=1)


def test_export_serves_tf115_classification_regression_and_predict_signatures(
        classifier: est.LinearClassifier, tmp_path: Path) -> None:
    spec = tf.feature_column.make_parse_example_spec(COLUMNS)
    export_dir = classifier.export_saved_model(
        str(tmp_path), est.export.build_parsing_serving_input_receiver_fn(spec)).decode()
    examples = [tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=row))})).SerializeToString() for row in X[:4]]
    graph = tf.Graph()
    with graph.as_default(), v1.Session(graph=graph) as session:
        signatures = v1.saved_model.load(session, [v1.saved_model.SERVING], export_dir).signature_def
        assert set(signatures) == {"serving_default", "classification", "regression", "predict"}

        def serve(key: str) -> dict:
            signature = signatures[key]
            (feed,) = signature.inputs.values()
            return session.run({name: info.name for name, info in signature.outputs.items()}, {feed.name: examples})

        p = sigmoid(X[:4].astype(np.float64) @ W + B)
        classified = serve("serving_default")
        np.testing.assert_allclose(classified["scores"], np.hstack([1 - p, p]), rtol=1e-5, atol=1e-7)
        assert [[c.decode() for c in row] for row in classified["classes"]] == [VOCABULARY] * 4
        np.testing.assert_allclose(serve("regression")["outputs"], p, rtol=1e-5)
        np.testing.assert_allclose(serve("predict")["logistic"], p, rtol=1e-5)
