"""cuDNN for the fused ``dynamic_rnn`` LSTM path, on TF 1.x variables.

Opt-in with ``TFCOMPAT_CUDNN=1`` while it awaits a run on a GPU machine (``scripts/gpu_check.sh``
runs its tests): no GPU was available where it was written.  The TF 1.x ``kernel`` ``[D + n, 4n]``
and ``bias`` ``[4n]`` (gates i, j, f, o; ``forget_bias`` added to f) are rearranged into cuDNN's
canonical parameter buffer in the graph, so checkpoints and variable names do not change
and gradients flow back to the TF 1.x variables through the rearrangement.
"""
from __future__ import annotations

import os
from typing import Any

import tensorflow as tf

CUDNN_ENV = "TFCOMPAT_CUDNN"
# TF 1.x gate blocks (i, j, f, o) in cuDNN's order (i, f, c, o): j is the cell candidate c.
_CUDNN_GATE_ORDER = (0, 2, 1, 3)


def cudnn_wanted() -> bool:
    """True when cuDNN is enabled, a GPU is visible and the enclosing device scope is not a CPU."""
    if os.environ.get(CUDNN_ENV) != "1" or not tf.config.list_logical_devices("GPU"):
        return False
    if tf.executing_eagerly():
        return True
    probe = tf.raw_ops.NoOp(name="cudnn_placement_probe")  # carries the device scope's request
    return "CPU" not in probe.device.upper()


def canonical_params(kernel: tf.Tensor, bias: tf.Tensor, depth: int, forget_bias: float) -> tf.Tensor:
    """cuDNN's flat LSTM parameters from a TF 1.x kernel and bias.

    Layout: the four input matrices (each ``[n, D]``, row-major), the four recurrent matrices
    (``[n, n]``), four input biases (zero here) and four recurrent biases, gates in cuDNN's order.
    """
    def matrices(weights: tf.Tensor) -> list[tf.Tensor]:
        blocks = tf.split(weights, 4, axis=1)
        return [tf.reshape(tf.transpose(blocks[k]), [-1]) for k in _CUDNN_GATE_ORDER]

    gate_bias = tf.split(bias, 4)
    gate_bias[2] = gate_bias[2] + forget_bias
    zeros = [tf.zeros_like(gate_bias[0])] * 4
    return tf.concat(matrices(kernel[:depth]) + matrices(kernel[depth:]) + zeros
                     + [gate_bias[k] for k in _CUDNN_GATE_ORDER], 0)


def flat_params(weights: list, biases: list) -> tf.Tensor:
    """cuDNN's parameter buffer for one layer and direction: the canonical ``weights`` (``[n, D]`` on the
    inputs, then ``[n, n]`` on the state), then the input and recurrent ``biases``, each row-major, in its
    gate order (``lstm``: i, f, c, o; ``gru``: r, u, h; ``rnn_tanh``/``rnn_relu``: one gate)."""
    return tf.concat([tf.reshape(w, [-1]) for w in weights] + list(biases), 0)


def cudnn_sequence(mode: str, inputs: tf.Tensor, params: tf.Tensor, h0: tf.Tensor, c0: Any,
                   sequence_length: Any) -> tuple[tf.Tensor, tf.Tensor, Any]:
    """One cuDNN layer, one direction: time-major ``inputs`` [T, B, D] -> (outputs, h_T, c_T or None).

    Past ``sequence_length[b]`` the outputs are zero and the final state is the one at the
    sequence's end, as in ``dynamic_rnn``.
    """
    if sequence_length is None:
        shape = tf.shape(inputs)
        sequence_length = tf.fill([shape[1]], shape[0])
    input_c = c0[None] if c0 is not None else tf.zeros([], inputs.dtype)  # GRU/RNN: unused
    outputs, h_last, c_last, _, _ = tf.raw_ops.CudnnRNNV3(
        input=inputs, input_h=h0[None], input_c=input_c, params=params,
        sequence_lengths=tf.cast(sequence_length, tf.int32), rnn_mode=mode, input_mode="linear_input",
        direction="unidirectional", is_training=True, time_major=True)
    return outputs, h_last[0], (c_last[0] if c0 is not None else None)


def cudnn_lstm(inputs: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, c0: tf.Tensor, h0: tf.Tensor,
               sequence_length: Any, forget_bias: float) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
    """Time-major ``inputs`` [T, B, D] -> (outputs [T, B, n], c_T, h_T) with TF 1.x semantics."""
    params = canonical_params(kernel, bias, int(inputs.shape[-1]), forget_bias)
    outputs, h_last, c_last = cudnn_sequence("lstm", inputs, params, h0, c0, sequence_length)
    return outputs, c_last, h_last
