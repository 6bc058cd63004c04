"""The shim's own ops placed on a GPU (skipped where none is visible)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.ops as ops
from runtime_helpers import gpu_available, run_eager

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not gpu_available(), reason="no GPU visible"),
    pytest.mark.filterwarnings("ignore::tfcompat._warnings.TFCompatDeprecationWarning"),
]

rng = np.random.default_rng(3)
X = rng.standard_normal((6, 8)).astype(np.float32)
A = rng.standard_normal((16, 32, 1)).astype(np.float32)
B = rng.standard_normal((16, 1, 32)).astype(np.float32)


def _on_gpu_graph(build: Callable[[], Any]) -> Any:
    with tf.Graph().as_default():
        with tf.device("/GPU:0"):
            out = build()
        config = tf.compat.v1.ConfigProto(allow_soft_placement=False, log_device_placement=False)
        with tf.compat.v1.Session(config=config) as sess:
            return sess.run(out)


def _on_gpu_eager(build: Callable[[], Any]) -> Any:
    def placed() -> Any:
        with tf.device("/GPU:0"):
            return build()
    return run_eager(placed)


CASES = {
    "split_0x": (lambda: ops.split(1, 4, tf.constant(X)), lambda: np.split(X, 4, axis=1)),
    "concat_0x": (lambda: ops.concat(1, [tf.constant(X), tf.constant(X)]), lambda: np.concatenate([X, X], 1)),
    "batch_matmul": (lambda: ops.batch_matmul(tf.constant(A), tf.constant(B)), lambda: A @ B),
    "batch_matmul_adj": (lambda: ops.batch_matmul(tf.constant(B), tf.constant(A), adj_x=True, adj_y=True),
                         lambda: B.transpose(0, 2, 1) @ A.transpose(0, 2, 1)),
    "reverse_bool_list": (lambda: ops.reverse(tf.constant(X), [False, True]), lambda: X[:, ::-1]),
    "reverse_bool_tensor": (lambda: ops.reverse(tf.constant(X), tf.constant([True, True])), lambda: X[::-1, ::-1]),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("runner", [_on_gpu_graph, _on_gpu_eager], ids=["graph", "eager"])
def test_shim_op_on_gpu_matches_numpy(name: str, runner: Callable[..., Any]) -> None:
    build, reference = CASES[name]
    for got, want in zip(tf.nest.flatten(runner(build)), tf.nest.flatten(reference())):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_tensor_array_pack_on_gpu() -> None:
    ops.install_tensor_array_methods()

    def build() -> Any:
        ta = tf.TensorArray(tf.float32, size=3)
        ta = ta.unpack(tf.constant(X[:3]))
        return ta.pack()

    np.testing.assert_array_equal(_on_gpu_graph(build), X[:3])
