"""The GRU and simple-RNN time loops of the ``cudnn_rnn`` layers, on the CPU or on cuDNN.

The GRU runs the fused GRU loop with cuDNN's reset-after candidate; the simple RNNs ``recurrence`` (the input
matmul off the recurrent chain, gradients by autodiff).
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ...rnn_cell._cudnn import cudnn_sequence, cudnn_wanted, flat_params
from ...rnn_cell._fused import gru_sequence_fn, recurrence, step_mask

ACTIVATIONS: dict[str, Callable] = {"rnn_tanh": tf.tanh, "rnn_relu": tf.nn.relu}


def gru_params(variables: dict, depth: int) -> tf.Tensor:
    """cuDNN's GRU parameter buffer (gates r, u, h) from ``CudnnCompatibleGRUCell``'s variables; the summed
    r and u biases go to the input biases (the recurrent ones are zero: only the sum counts)."""
    gate_kernel = variables["gates/kernel"]
    w_r, w_u = tf.split(tf.transpose(gate_kernel[:depth]), 2)
    r_r, r_u = tf.split(tf.transpose(gate_kernel[depth:]), 2)
    b_r, b_u = tf.split(variables["gates/bias"], 2)
    zeros = tf.zeros_like(b_r)
    return flat_params([w_r, w_u, tf.transpose(variables["candidate/input_projection/kernel"]), r_r, r_u,
                        tf.transpose(variables["candidate/hidden_projection/kernel"])],
                       [b_r, b_u, variables["candidate/input_projection/bias"], zeros, zeros,
                        variables["candidate/hidden_projection/bias"]])


def simple_rnn_params(variables: dict, depth: int) -> tf.Tensor:
    """cuDNN's tanh/relu RNN parameter buffer from ``basic_rnn_cell``'s ``kernel`` and ``bias``."""
    kernel, bias = variables["kernel"], variables["bias"]
    return flat_params([tf.transpose(kernel[:depth]), tf.transpose(kernel[depth:])], [bias, tf.zeros_like(bias)])


def gru_sequence(inputs: tf.Tensor, variables: dict, h0: tf.Tensor, sequence_length: Any) -> tuple:
    """cuDNN's GRU over time-major ``inputs`` with ``CudnnCompatibleGRUCell``'s variables -> (outputs, h_T)."""
    depth = int(inputs.shape[-1])
    gate_kernel, gate_bias = variables["gates/kernel"], variables["gates/bias"]
    input_kernel = variables["candidate/input_projection/kernel"]
    input_bias = variables["candidate/input_projection/bias"]
    hidden_kernel = variables["candidate/hidden_projection/kernel"]
    hidden_bias = variables["candidate/hidden_projection/bias"]
    n = int(hidden_kernel.shape[0])
    if cudnn_wanted():
        outputs, h_last, _ = cudnn_sequence("gru", inputs, gru_params(variables, depth), h0, None, sequence_length)
        return outputs, h_last
    run = gru_sequence_fn(sequence_length is not None, 32, False, reset_after=True)
    outputs, h_last = run(inputs, tf.concat([gate_kernel[:depth], input_kernel], 1),
                          tf.concat([gate_bias, input_bias], 0), gate_kernel[depth:], hidden_kernel, h0, hidden_bias,
                          *step_mask(inputs, sequence_length))
    outputs.set_shape(inputs.shape[:2].concatenate([n]))
    return outputs, h_last


def simple_rnn_sequence(mode: str, inputs: tf.Tensor, variables: dict, h0: tf.Tensor, sequence_length: Any) -> tuple:
    """cuDNN's tanh/relu RNN with ``basic_rnn_cell``'s variables -> (outputs, h_T)."""
    depth = int(inputs.shape[-1])
    kernel, bias = variables["kernel"], variables["bias"]
    if cudnn_wanted():
        outputs, h_last, _ = cudnn_sequence(mode, inputs, simple_rnn_params(variables, depth), h0, None,
                                            sequence_length)
        return outputs, h_last
    activation, input_kernel, recurrent = ACTIVATIONS[mode], kernel[:depth], kernel[depth:]

    def step(x: tf.Tensor, state: tuple) -> tuple:
        new_h = activation(tf.matmul(x, input_kernel) + bias + tf.matmul(state[0], recurrent))
        return new_h, (new_h,)

    outputs, (h_last,) = recurrence(step, inputs, (h0,), sequence_length)
    outputs.set_shape(inputs.shape[:2].concatenate(recurrent.shape[-1:]))
    return outputs, h_last
