"""Shared test helpers: small shapes, random inputs, session runs with randomized variables."""
from __future__ import annotations

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
RNG = np.random.default_rng(0)
B, T, D = 3, 4, 5


def run(*fetches):
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        return sess.run(list(fetches))


def names() -> list[str]:
    return [v.name for v in v1.global_variables()]


def inputs(batch=B, steps=T, depth=D) -> np.ndarray:
    return RNG.standard_normal((batch, steps, depth)).astype(np.float32)


def randomize(variables) -> None:
    """Give every variable random values (bias zeros would hide bias mistakes)."""
    for var in variables:
        var.load(RNG.standard_normal(var.shape.as_list()).astype(np.float32) * 0.5)


def run_randomized(*fetches):
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        with sess.as_default():
            randomize(v1.global_variables())
        return sess.run([list(fetches), v1.global_variables()])
