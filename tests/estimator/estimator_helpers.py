"""A linear-regression ``model_fn`` and the numpy SGD it must reproduce (shared by the estimator tests)."""
from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

import tfcompat.estimator as est

v1 = tf.compat.v1
RNG = np.random.RandomState(0)
X = RNG.standard_normal((8, 2)).astype(np.float32)
Y = (X @ np.array([[1.5], [-2.0]], np.float32) + 0.5 + 0.1 * RNG.standard_normal((8, 1))).astype(np.float32)
W0 = np.array([[0.3], [-0.1]], np.float32)
B0 = np.array([0.2], np.float32)
LR = 0.1


def model_fn(features: Any, labels: Any, mode: str, params: dict) -> est.EstimatorSpec:
    """y = x w + b with mean squared error, GradientDescent at params['lr'], the loss in 'recorded_loss'."""
    w = v1.get_variable("w", initializer=v1.constant_initializer(W0), shape=[2, 1])
    b = v1.get_variable("b", initializer=v1.constant_initializer(B0), shape=[1])
    pred = tf.matmul(features["x"], w) + b
    if mode == est.ModeKeys.PREDICT:
        return est.EstimatorSpec(mode, predictions={"y": pred, "twice": 2.0 * pred})
    loss = tf.reduce_mean(tf.square(pred - labels))
    v1.add_to_collection("recorded_loss", loss)
    train_op = v1.train.GradientDescentOptimizer(params["lr"]).minimize(loss, global_step=v1.train.get_global_step())
    return est.EstimatorSpec(mode, loss=loss, train_op=train_op,
                             eval_metric_ops={"mae": v1.metrics.mean_absolute_error(labels, pred)})


class LossRecorder(v1.train.SessionRunHook):
    """Records the loss of every training step (fetched in the same run as the update)."""

    def __init__(self) -> None:
        self.losses: list[float] = []

    def begin(self) -> None:
        self._loss = v1.get_collection("recorded_loss")[0]

    def before_run(self, run_context: Any) -> Any:
        return v1.train.SessionRunArgs(self._loss)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        self.losses.append(float(run_values.results))


def train_input(batch_size: int = 4) -> Any:
    return est.inputs.numpy_input_fn({"x": X}, Y, batch_size=batch_size, num_epochs=None, shuffle=False)


def numpy_sgd(steps: int, batch_size: int = 4) -> tuple[list[float], np.ndarray, np.ndarray]:
    """The same SGD in float64: batches taken in order, wrapping over the 8 rows; losses before each update."""
    w, b = W0.astype(np.float64), B0.astype(np.float64)
    losses = []
    for step in range(steps):
        rows = [(step * batch_size + i) % len(X) for i in range(batch_size)]
        x, y = X[rows].astype(np.float64), Y[rows].astype(np.float64)
        residual = x @ w + b - y
        losses.append(float(np.mean(residual ** 2)))
        w = w - LR * 2 * x.T @ residual / batch_size
        b = b - LR * 2 * residual.sum(axis=0) / batch_size
    return losses, w, b


def batch_mean_loss(w: np.ndarray, b: np.ndarray, batch_size: int) -> float:
    """TF 1.15's eval loss: the mean over batches of each batch's mean squared error (last batch may be short)."""
    residual = X.astype(np.float64) @ w + b - Y
    return float(np.mean([np.mean(residual[i:i + batch_size] ** 2) for i in range(0, len(X), batch_size)]))
