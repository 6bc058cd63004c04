"""A fresh default graph with a fixed seed per test (TF 1.x graph mode without switching TensorFlow to v1)."""
from __future__ import annotations

import pytest
import tensorflow as tf


@pytest.fixture()
def graph():
    with tf.Graph().as_default() as g:
        tf.compat.v1.set_random_seed(0)
        yield g
