"""Checkpoints with TF 1.15's canned-estimator variable names, and the numpy models the canned tests check against."""
from __future__ import annotations

import os
from typing import Any

import numpy as np
import tensorflow as tf

import tfcompat.estimator as est

v1 = tf.compat.v1


def write_checkpoint(directory: str, values: dict[str, np.ndarray], global_step: int = 0,
                     partitioned: bool = False) -> str:
    """A checkpoint in ``directory`` holding ``values`` under their names, as a TF 1.x estimator saved them;
    ``partitioned``: as one-part partitioned variables (``<name>/part_0``, saved as slices of ``<name>``), which
    is how TF 1.15's canned estimators made them on one machine."""
    os.makedirs(directory, exist_ok=True)
    partitioner = v1.min_max_variable_partitioner(max_partitions=1) if partitioned else None
    with tf.Graph().as_default():
        for name, value in values.items():
            value = np.asarray(value, np.float32)
            v1.get_variable(name, value.shape, initializer=v1.constant_initializer(value), partitioner=partitioner)
        step = v1.train.get_or_create_global_step()
        with v1.Session() as session:
            session.run(v1.global_variables_initializer())
            session.run(step.assign(global_step))
            return v1.train.Saver().save(session, os.path.join(directory, "model.ckpt"), global_step=global_step)


def input_fn(features: dict, labels: Any = None, batch_size: int = 4, num_epochs: int | None = 1) -> Any:
    return est.inputs.numpy_input_fn(features, labels, batch_size=batch_size, num_epochs=num_epochs, shuffle=False)


def batches(n_rows: int, batch_size: int, steps: int) -> list[list[int]]:
    """The rows of each training batch: numpy_input_fn without shuffling wraps around the data."""
    return [[(step * batch_size + i) % n_rows for i in range(batch_size)] for step in range(steps)]


def relu_mlp(x: np.ndarray, params: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """The activations of each layer (relu hidden layers, a linear last layer), input first."""
    outputs = [x]
    for index, (kernel, bias) in enumerate(params):
        z = outputs[-1] @ kernel + bias
        outputs.append(z if index == len(params) - 1 else np.maximum(z, 0.0))
    return outputs


def relu_mlp_grads(outputs: list[np.ndarray], params: list[tuple[np.ndarray, np.ndarray]],
                   d_logits: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Backpropagation of ``d_logits`` through :func:`relu_mlp`."""
    grads = []
    delta = d_logits
    for index in range(len(params) - 1, -1, -1):
        grads.append((outputs[index].T @ delta, delta.sum(axis=0)))
        if index:
            delta = (delta @ params[index][0].T) * (outputs[index] > 0)
    return grads[::-1]


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def tf_auc(labels: np.ndarray, scores: np.ndarray, weights: np.ndarray, curve: str = "ROC",
           num_thresholds: int = 200) -> float:
    """``tf.compat.v1.metrics.auc``'s definition: counts at 200 fixed thresholds, trapezoids, epsilon 1e-7."""
    eps = 1e-7
    thresholds = np.array([-eps] + [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)] + [1 + eps])
    above = scores[None, :] > thresholds[:, None]
    positive = labels.astype(bool)[None, :]
    tp = (weights * (above & positive)).sum(axis=1)
    fp = (weights * (above & ~positive)).sum(axis=1)
    fn = (weights * (~above & positive)).sum(axis=1)
    tn = (weights * (~above & ~positive)).sum(axis=1)
    recall = (tp + eps) / (tp + fn + eps)
    if curve == "ROC":
        x, y = fp / (fp + tn + eps), recall
    else:
        x, y = recall, (tp + eps) / (tp + fp + eps)
    return float(np.sum((x[:-1] - x[1:]) * (y[:-1] + y[1:]) / 2.0))


class NumpyFtrl:
    """TF 1.x ``FtrlOptimizer`` with its defaults (power -0.5, accumulators from 0.1, no l1/l2) on float64."""

    def __init__(self, rate: float, shapes: dict[str, tuple]) -> None:
        self.rate = rate
        self.accum = {key: np.full(shape, 0.1) for key, shape in shapes.items()}
        self.linear = {key: np.zeros(shape) for key, shape in shapes.items()}

    def step(self, key: str, value: np.ndarray, grad: np.ndarray) -> np.ndarray:
        accum = self.accum[key] + grad ** 2
        self.linear[key] += grad - (np.sqrt(accum) - np.sqrt(self.accum[key])) / self.rate * value
        self.accum[key] = accum
        return -self.linear[key] / (np.sqrt(accum) / self.rate)
