"""A fresh default graph per test for the TF 1.x graph-mode tests in this folder."""
from __future__ import annotations

import pytest
import tensorflow as tf


@pytest.fixture()
def graph():
    with tf.Graph().as_default() as g:
        yield g
