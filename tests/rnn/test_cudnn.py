"""The cuDNN LSTM path: TF 1.x weights in cuDNN's canonical layout, when it is chosen, and GPU numbers."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import rnn, rnn_cell
from tfcompat.rnn_cell import _cudnn

from .numpy_rnn import lstm_step, sigmoid

v1 = tf.compat.v1


def _cudnn_lstm_numpy(xs: np.ndarray, params: np.ndarray, units: int) -> np.ndarray:
    """cuDNN's LSTM equations over its canonical parameter layout (NVIDIA's cuDNN API reference):
    input matrices W_i, W_f, W_c, W_o ([n, D] each), recurrent R_i, R_f, R_c, R_o ([n, n]), then the
    input biases and the recurrent biases, each in the same gate order."""
    depth, n = xs.shape[-1], units
    sizes = [n * depth] * 4 + [n * n] * 4 + [n] * 8
    parts = np.split(params, np.cumsum(sizes)[:-1])
    w = [p.reshape(n, depth) for p in parts[:4]]
    r = [p.reshape(n, n) for p in parts[4:8]]
    b = [parts[8 + g] + parts[12 + g] for g in range(4)]
    c = h = np.zeros((xs.shape[1], n), np.float32)
    outputs = []
    for x in xs:
        z = [x @ w[g].T + h @ r[g].T + b[g] for g in range(4)]
        c = sigmoid(z[1]) * c + sigmoid(z[0]) * np.tanh(z[2])
        h = sigmoid(z[3]) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs)


def test_canonical_params_give_the_tf1_cell_numbers():
    rng = np.random.default_rng(0)
    steps, batch, depth, units, forget_bias = 5, 3, 4, 6, 0.7
    kernel = rng.standard_normal((depth + units, 4 * units)).astype(np.float32) * 0.5
    bias = rng.standard_normal(4 * units).astype(np.float32) * 0.5
    xs = rng.standard_normal((steps, batch, depth)).astype(np.float32)
    params = _cudnn.canonical_params(tf.constant(kernel), tf.constant(bias), depth, forget_bias).numpy()
    assert params.shape == (4 * units * (depth + units) + 8 * units,)
    c = h = np.zeros((batch, units), np.float32)
    expected = []
    for x in xs:
        c, h = lstm_step(x, c, h, kernel, bias, forget_bias=forget_bias)
        expected.append(h)
    np.testing.assert_allclose(_cudnn_lstm_numpy(xs, params, units), np.stack(expected), rtol=1e-5, atol=1e-6)


@pytest.fixture()
def fake_gpu(monkeypatch: pytest.MonkeyPatch):
    """cuDNN enabled and a GPU reported as visible."""
    monkeypatch.setenv(_cudnn.CUDNN_ENV, "1")
    monkeypatch.setattr(tf.config, "list_logical_devices", lambda kind=None: ["/device:GPU:0"] if kind == "GPU" else [])


def test_cudnn_is_opt_in(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(tf.config, "list_logical_devices", lambda kind=None: ["/device:GPU:0"])
    monkeypatch.delenv(_cudnn.CUDNN_ENV, raising=False)
    with tf.Graph().as_default():
        assert not _cudnn.cudnn_wanted()


def test_cudnn_needs_a_visible_gpu(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(_cudnn.CUDNN_ENV, "1")
    monkeypatch.setattr(tf.config, "list_logical_devices", lambda kind=None: [])
    with tf.Graph().as_default():
        assert not _cudnn.cudnn_wanted()


def test_cudnn_respects_a_cpu_device_scope(fake_gpu):
    with tf.Graph().as_default():
        assert _cudnn.cudnn_wanted()
        with tf.device("/cpu:0"):
            assert not _cudnn.cudnn_wanted()


def test_dynamic_rnn_builds_the_cudnn_op_with_the_tf1_variables(fake_gpu):
    with tf.Graph().as_default() as graph:
        outputs, state = rnn.dynamic_rnn(rnn_cell.BasicLSTMCell(6), np.zeros((3, 5, 4), np.float32),
                                         sequence_length=[5, 2, 4], dtype=tf.float32)
        types = {op.type for op in graph.get_operations()}
        names = [v.name for v in v1.trainable_variables()]
        grads = tf.gradients(tf.reduce_sum(outputs) + tf.reduce_sum(state.c), v1.trainable_variables())
    assert "CudnnRNNV3" in types and not types & {"While", "StatelessWhile", "Enter"}
    assert names == ["rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0"]
    assert outputs.shape.as_list() == [3, 5, 6] and state.c.shape.as_list() == [3, 6]
    assert [g.shape.as_list() for g in grads] == [[10, 24], [24]]


@pytest.mark.gpu
def test_cudnn_gpu_matches_the_cpu_fused_path(monkeypatch: pytest.MonkeyPatch):
    if not tf.config.list_physical_devices("GPU"):
        pytest.skip("no GPU visible")
    x = np.random.default_rng(0).standard_normal((16, 12, 6)).astype(np.float32)
    lengths = np.random.default_rng(1).integers(1, 13, 16)
    results, weights = [], None
    for device, enabled in (("/cpu:0", "0"), ("/gpu:0", "1")):
        monkeypatch.setenv(_cudnn.CUDNN_ENV, enabled)
        with tf.Graph().as_default() as graph:
            with tf.device(device):
                cell = rnn_cell.LSTMCell(8, forget_bias=0.5)
                outputs, state = rnn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
                loss = tf.reduce_sum(tf.square(outputs)) + tf.reduce_sum(state.c * state.h)
                grads = tf.gradients(loss, v1.trainable_variables())
            assert ("CudnnRNNV3" in {op.type for op in graph.get_operations()}) == (enabled == "1")
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                for variable, value in zip(v1.trainable_variables(), weights or []):
                    variable.load(value, sess)
                weights = sess.run(v1.trainable_variables())
                results.append(sess.run([outputs, state.c, state.h] + grads))
    for cpu, gpu in zip(*results):
        np.testing.assert_allclose(gpu, cpu, rtol=1e-4, atol=1e-5)
