"""``BaselineClassifier`` / ``BaselineRegressor``: one ``baseline/bias`` variable (TF 1.15's name), trained by SGD
as numpy computes it; the classifier's probabilities are the softmax of that bias for every example."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import tensorflow as tf

import tfcompat.estimator as est
from canned_helpers import NumpyFtrl, batches, input_fn, softmax

v1 = tf.compat.v1
X = np.arange(12, dtype=np.float32).reshape(6, 2)
Y = np.array([[1.0, -2.0], [3.0, 0.0], [2.0, 1.0], [0.0, 4.0], [5.0, -1.0], [1.0, 1.0]], np.float32)
CLASSES = np.array([0, 2, 2, 1, 2, 0])


def test_regressor_learns_the_bias_by_sgd(tmp_path: Path) -> None:
    regressor = est.BaselineRegressor(model_dir=str(tmp_path), label_dimension=2, optimizer="SGD")
    regressor.train(input_fn({"x": X}, Y, batch_size=3, num_epochs=None), steps=4)
    bias = np.zeros(2)
    for rows in batches(6, 3, 4):  # 'SGD' at baseline.py's rate 0.3, gradient of the summed squared error
        bias = bias - 0.3 * (2 * (bias - Y[rows])).sum(axis=0)
    # tensorflow_estimator 1.15 canned/baseline.py: variable_scope('baseline'), get_variable('bias')
    assert sorted(regressor.get_variable_names()) == ["baseline/bias", "global_step"]
    np.testing.assert_allclose(regressor.get_variable_value("baseline/bias"), bias, rtol=1e-5)
    predicted = [p["predictions"] for p in regressor.predict(input_fn({"x": X[:2]}))]
    np.testing.assert_allclose(predicted, [bias, bias], rtol=1e-5)


def test_classifier_predicts_the_softmax_of_its_bias(tmp_path: Path) -> None:
    classifier = est.BaselineClassifier(model_dir=str(tmp_path), n_classes=3,
                                        optimizer=v1.train.GradientDescentOptimizer(0.1))
    classifier.train(input_fn({"x": X}, CLASSES, batch_size=6, num_epochs=None), steps=3)
    bias = np.zeros(3)
    for _ in range(3):
        bias = bias - 0.1 * (softmax(bias)[None, :] - np.eye(3)[CLASSES]).sum(axis=0)
    np.testing.assert_allclose(classifier.get_variable_value("baseline/bias"), bias, rtol=1e-5, atol=1e-7)
    predictions = list(classifier.predict(input_fn({"x": X[:3]})))
    for prediction in predictions:
        np.testing.assert_allclose(prediction["probabilities"], softmax(bias), rtol=1e-5)
        assert prediction["classes"][0].decode() == str(int(np.argmax(bias)))
    metrics = classifier.evaluate(input_fn({"x": X}, CLASSES, batch_size=6))
    np.testing.assert_allclose(metrics["average_loss"], -np.log(softmax(bias)[CLASSES]).mean(), rtol=1e-5)
    np.testing.assert_allclose(metrics["accuracy"], np.mean(CLASSES == np.argmax(bias)), rtol=1e-6)


def test_default_optimizer_is_ftrl_at_rate_point_three(tmp_path: Path) -> None:
    classifier = est.BaselineClassifier(model_dir=str(tmp_path))  # binary: one logit; baseline.py: Ftrl 0.3
    labels = (CLASSES == 2).astype(np.float32)
    classifier.train(input_fn({"x": X}, labels, batch_size=6, num_epochs=None), steps=3)
    ftrl, bias = NumpyFtrl(0.3, {"bias": (1,)}), np.zeros(1)
    for _ in range(3):
        bias = ftrl.step("bias", bias, (1 / (1 + np.exp(-bias)) - labels[:, None]).sum(axis=0))
    np.testing.assert_allclose(classifier.get_variable_value("baseline/bias"), bias, rtol=1e-5)


def test_sum_over_batch_size_divides_by_the_loss_elements(tmp_path: Path) -> None:
    regressor = est.BaselineRegressor(model_dir=str(tmp_path), label_dimension=2, optimizer="SGD",
                                      loss_reduction=v1.losses.Reduction.SUM_OVER_BATCH_SIZE)
    regressor.train(input_fn({"x": X}, Y, batch_size=3, num_epochs=None), steps=4)
    bias = np.zeros(2)
    for rows in batches(6, 3, 4):  # 3 examples x 2 label dimensions
        bias = bias - 0.3 * (2 * (bias - Y[rows])).sum(axis=0) / 6
    np.testing.assert_allclose(regressor.get_variable_value("baseline/bias"), bias, rtol=1e-5)
    metrics = regressor.evaluate(input_fn({"x": X}, Y, batch_size=4))  # batches of 4 and 2
    squared = (bias - Y) ** 2
    np.testing.assert_allclose(metrics["loss"], np.mean([squared[:4].mean(), squared[4:].mean()]), rtol=1e-5)
    np.testing.assert_allclose(metrics["average_loss"], squared.mean(), rtol=1e-5)
