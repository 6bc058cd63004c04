"""``CudnnCompatibleLSTMCell`` and ``CudnnCompatibleGRUCell``: per-step cells with cuDNN's equations.

They read the variables a ``CudnnLSTM``/``CudnnGRU`` layer writes (TF 1.15
``contrib/cudnn_rnn/python/ops/cudnn_rnn_ops.py``), so a checkpoint moves between the two.
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf

from ...rnn_cell._base import RNNCell, input_depth
from ..rnn._block import LSTMBlockCell


class CudnnCompatibleLSTMCell(LSTMBlockCell):
    """An LSTM with cuDNN's numbers: ``LSTMBlockCell`` with ``forget_bias=0``, no clipping or peepholes.

    Variables ``cudnn_compatible_lstm_cell/kernel`` [D + n, 4n] (gates i, j, f, o) and ``bias`` [4n];
    ``dynamic_rnn`` runs it on the fused LSTM path.
    """

    def __init__(self, num_units: int, reuse: bool | None = None) -> None:
        super().__init__(num_units, forget_bias=0.0, cell_clip=None, use_peephole=False, reuse=reuse,
                         name="cudnn_compatible_lstm_cell")


def gru_candidate(x_part: tf.Tensor, h_part: tf.Tensor, r: tf.Tensor) -> tf.Tensor:
    """cuDNN's new-memory gate: the reset gate scales the recurrent matmul, ``tanh(W x + b_W + r * (R h + b_R))``
    (``tf.nn.rnn_cell.GRUCell`` scales ``h`` before the matmul instead)."""
    return tf.tanh(x_part + r * h_part)


class CudnnCompatibleGRUCell(RNNCell):
    """A GRU with cuDNN's numbers (the reset gate applied after the recurrent matmul).

    Variables under ``cudnn_compatible_gru_cell/``: ``gates/kernel`` [D + n, 2n] (r, u), ``gates/bias``,
    ``candidate/input_projection/kernel`` [D, n] and ``bias``, ``candidate/hidden_projection/kernel``
    [n, n] and ``bias``; ``h' = (1 - u) * candidate + u * h``.
    """

    def __init__(self, num_units: int, reuse: bool | None = None, kernel_initializer: Any = None) -> None:
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._kernel_initializer = kernel_initializer

    @property
    def state_size(self) -> int:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: tf.TensorShape) -> None:
        depth, n, init = input_depth(inputs_shape), self._num_units, self._kernel_initializer
        self._gate_kernel = self.add_variable("gates/kernel", [depth + n, 2 * n], initializer=init)
        self._gate_bias = self.add_variable("gates/bias", [2 * n], initializer=tf.constant_initializer(1.0))
        self._input_kernel = self.add_variable("candidate/input_projection/kernel", [depth, n], initializer=init)
        self._input_bias = self.add_variable("candidate/input_projection/bias", [n],
                                             initializer=tf.zeros_initializer())
        self._hidden_kernel = self.add_variable("candidate/hidden_projection/kernel", [n, n], initializer=init)
        self._hidden_bias = self.add_variable("candidate/hidden_projection/bias", [n],
                                              initializer=tf.zeros_initializer())

    def call(self, inputs: tf.Tensor, state: tf.Tensor) -> tuple:
        gates = tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel), self._gate_bias)
        r, u = tf.split(tf.sigmoid(gates), 2, axis=1)
        candidate = gru_candidate(tf.nn.bias_add(tf.matmul(inputs, self._input_kernel), self._input_bias),
                                  tf.nn.bias_add(tf.matmul(state, self._hidden_kernel), self._hidden_bias), r)
        new_h = (1 - u) * candidate + u * state
        return new_h, new_h
