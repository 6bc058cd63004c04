"""Every cell and the fused paths on the GPU give the CPU's numbers (skipped without a GPU)."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import rnn, rnn_cell
from tfcompat.contrib import rnn as contrib_rnn

v1 = tf.compat.v1
pytestmark = pytest.mark.gpu

CELLS = {
    "basic_lstm_fused": lambda: rnn_cell.BasicLSTMCell(8),
    "lstm_fused": lambda: rnn_cell.LSTMCell(8, forget_bias=0.5),
    "lstm_peephole_projection": lambda: rnn_cell.LSTMCell(8, use_peepholes=True, num_proj=4, cell_clip=1.0),
    "gru": lambda: rnn_cell.GRUCell(8),
    "basic_rnn": lambda: rnn_cell.BasicRNNCell(8),
    "multi": lambda: rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(8), rnn_cell.GRUCell(8)]),
    "lstm_block": lambda: contrib_rnn.LSTMBlockCell(8, use_peephole=True),
    "gru_block": lambda: contrib_rnn.GRUBlockCell(8),
    "layer_norm_lstm": lambda: contrib_rnn.LayerNormBasicLSTMCell(8),
}


@pytest.fixture(autouse=True)
def _needs_gpu():
    if not tf.config.list_physical_devices("GPU"):
        pytest.skip("no GPU visible")


def _run_on(device: str, make_cell, x: np.ndarray, lengths, weights=None) -> tuple:
    """Outputs and gradients on ``device``; ``weights`` (from a CPU run) are loaded when given."""
    with tf.Graph().as_default():
        with tf.device(device):
            cell = make_cell()
            outputs, _ = rnn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
            loss = tf.reduce_sum(tf.square(outputs))
            grads = tf.gradients(loss, v1.trainable_variables())
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for variable, value in zip(v1.trainable_variables(), weights or []):
                variable.load(value, sess)
            return sess.run(v1.trainable_variables()), sess.run([outputs] + grads)


@pytest.mark.parametrize("name", sorted(CELLS))
def test_cell_gpu_matches_cpu(name):
    x = np.random.default_rng(0).standard_normal((16, 12, 6)).astype(np.float32)
    lengths = np.random.default_rng(1).integers(1, 13, 16)
    weights, cpu = _run_on("/cpu:0", CELLS[name], x, lengths)
    _, gpu = _run_on("/gpu:0", CELLS[name], x, lengths, weights)
    for a, b in zip(cpu, gpu):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def test_lstm_block_fused_cell_gpu_matches_cpu():
    x = np.random.default_rng(2).standard_normal((12, 16, 6)).astype(np.float32)
    results, weights = [], None
    for device in ("/cpu:0", "/gpu:0"):
        with tf.Graph().as_default():
            with tf.device(device):
                outputs, state = contrib_rnn.LSTMBlockFusedCell(8)(x, dtype=tf.float32, sequence_length=[12] * 16)
                grads = tf.gradients(tf.reduce_sum(outputs) + tf.reduce_sum(state.c), v1.trainable_variables())
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                for variable, value in zip(v1.trainable_variables(), weights or []):
                    variable.load(value, sess)
                weights = sess.run(v1.trainable_variables())
                results.append(sess.run([outputs] + grads))
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("cudnn", [False, True], ids=["fused_loop", "cudnn"])
def test_bidirectional_gpu_matches_cpu(monkeypatch, cudnn):
    """``bidirectional_dynamic_rnn`` (batch-major, with lengths) on the GPU, the backward LSTM read from the
    sequences' ends by the fused loop or run on cuDNN over reversed copies: the CPU's outputs, final states and
    gradients."""
    from tfcompat.rnn_cell._cudnn import CUDNN_ENV

    x = np.random.default_rng(3).standard_normal((16, 12, 6)).astype(np.float32)
    lengths = np.random.default_rng(4).integers(1, 13, 16)
    results, weights = [], None
    for device, enabled in (("/cpu:0", False), ("/gpu:0", cudnn)):
        monkeypatch.setenv(CUDNN_ENV, "1" if enabled else "0")
        with tf.Graph().as_default():
            with tf.device(device):
                outputs, states = rnn.bidirectional_dynamic_rnn(
                    rnn_cell.BasicLSTMCell(8), rnn_cell.BasicLSTMCell(8), x, sequence_length=lengths,
                    dtype=tf.float32)
                flat = tf.nest.flatten((outputs, states))
                grads = tf.gradients(tf.add_n([tf.reduce_sum(tf.sin(t)) for t in flat]), v1.trainable_variables())
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                for variable, value in zip(v1.trainable_variables(), weights or []):
                    variable.load(value, sess)
                weights = sess.run(v1.trainable_variables())
                results.append(sess.run(flat + grads))
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)
