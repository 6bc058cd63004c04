"""LSTMBlockCell, LSTMBlockFusedCell, GRUBlockCell on TensorFlow's block kernels (TF 1.x names).

Without clipping the LSTM cells compute LSTMCell's equations, so ``dynamic_rnn``/``static_rnn`` over
LSTMBlockCell and LSTMBlockFusedCell itself run tfcompat's fused LSTM path (``rnn_cell._fused``): same
variables and numbers, faster than TensorFlow's ``BlockLSTM`` kernel on CPU.  GRUBlockCell runs the fused
GRU loop.
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf
from tensorflow.python.framework import ops

from ...rnn_cell._base import LSTMStateTuple, RNNCell, input_depth, v1
from ...rnn_cell._fused import fused_lstm
from ...rnn_cell._layout import run_time_major

raw = tf.raw_ops


def _lstm_block_cell_grad(op: Any, *grads: Any) -> tuple:
    """Gradient of ``LSTMBlockCell`` (TF registers none since contrib left)."""
    x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
    i, cs, f, o, ci, co, _ = op.outputs
    cs_grad = grads[1] if grads[1] is not None else tf.zeros_like(cs)
    h_grad = grads[6] if grads[6] is not None else tf.zeros_like(cs)
    cs_prev_grad, dicfo, wci_grad, wcf_grad, wco_grad = raw.LSTMBlockCellGrad(
        x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco, b=b, i=i, cs=cs, f=f, o=o,
        ci=ci, co=co, cs_grad=cs_grad, h_grad=h_grad, use_peephole=op.get_attr("use_peephole"))
    input_size = tf.shape(x)[1]
    xh_grad = tf.matmul(dicfo, w, transpose_b=True)
    x_grad, h_prev_grad = xh_grad[:, :input_size], xh_grad[:, input_size:]
    w_grad = tf.matmul(tf.concat([x, h_prev], 1), dicfo, transpose_a=True)
    b_grad = tf.reduce_sum(dicfo, 0)
    return x_grad, cs_prev_grad, h_prev_grad, w_grad, wci_grad, wcf_grad, wco_grad, b_grad


def _gru_block_cell_grad(op: Any, *grads: Any) -> tuple:
    """Gradient of ``GRUBlockCell``."""
    x, h_prev, w_ru, w_c, b_ru, b_c = op.inputs
    r, u, c, _ = op.outputs
    d_h = grads[3] if grads[3] is not None else tf.zeros_like(h_prev)
    d_x, d_h_prev, d_c_bar, d_r_bar_u_bar = raw.GRUBlockCellGrad(
        x=x, h_prev=h_prev, w_ru=w_ru, w_c=w_c, b_ru=b_ru, b_c=b_c, r=r, u=u, c=c, d_h=d_h)
    d_w_ru = tf.matmul(tf.concat([x, h_prev], 1), d_r_bar_u_bar, transpose_a=True)
    d_w_c = tf.matmul(tf.concat([x, h_prev * r], 1), d_c_bar, transpose_a=True)
    return d_x, d_h_prev, d_w_ru, d_w_c, tf.reduce_sum(d_r_bar_u_bar, 0), tf.reduce_sum(d_c_bar, 0)


for _op_type, _grad in (("LSTMBlockCell", _lstm_block_cell_grad), ("GRUBlockCell", _gru_block_cell_grad)):
    try:
        ops.gradient_registry.lookup(_op_type)
    except LookupError:
        ops.RegisterGradient(_op_type)(_grad)


class _BlockLSTMBase(RNNCell):
    _activation = staticmethod(tf.tanh)  # the block kernels' only activation
    _state_is_tuple = True

    def __init__(self, num_units: int, forget_bias: float = 1.0, cell_clip: float | None = None,
                 use_peephole: bool = False, dtype: Any = None, reuse: bool | None = None,
                 name: str = "lstm_cell") -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1.0
        self._use_peephole = use_peephole

    @property
    def num_units(self) -> int:
        return self._num_units

    @property
    def state_size(self) -> LSTMStateTuple:
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: tf.TensorShape) -> None:
        depth = input_depth(inputs_shape)
        n = self._num_units
        self._kernel = self.add_variable("kernel", [depth + n, 4 * n])
        self._bias = self.add_variable("bias", [4 * n], initializer=tf.constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.add_variable("w_i_diag", [n])
            self._w_f_diag = self.add_variable("w_f_diag", [n])
            self._w_o_diag = self.add_variable("w_o_diag", [n])

    def fusable_lstm(self) -> bool:
        """Without clipping the block kernel computes LSTMCell's equations (peepholes included): the fused path
        applies.  With clipping it stays: TF's kernel passes the gradient straight through the clip."""
        return self._cell_clip < 0

    @property
    def _use_peepholes(self) -> bool:  # LSTMCell's spelling, which the fused path reads
        return self._use_peephole

    def _peepholes(self) -> tuple:
        if self._use_peephole:
            return self._w_i_diag, self._w_f_diag, self._w_o_diag
        zeros = tf.zeros([self._num_units], dtype=self.dtype)
        return zeros, zeros, zeros


class LSTMBlockCell(_BlockLSTMBase):
    """One ``LSTMBlockCell`` op per step; same variables as ``LSTMCell`` (scope ``lstm_cell``)."""

    def call(self, inputs: tf.Tensor, state: Any) -> tuple:
        if len(state) != 2:
            raise ValueError("Expecting state to be a tuple with length 2.")
        cs_prev, h_prev = state
        wci, wcf, wco = self._peepholes()
        _, cs, _, _, _, _, h = raw.LSTMBlockCell(
            x=inputs, cs_prev=cs_prev, h_prev=h_prev, w=self._kernel, wci=wci, wcf=wcf, wco=wco, b=self._bias,
            forget_bias=self._forget_bias, cell_clip=self._cell_clip, use_peephole=self._use_peephole)
        return h, LSTMStateTuple(cs, h)


class LSTMBlockFusedCell(_BlockLSTMBase):
    """Whole-sequence LSTM: ``cell(inputs[T, B, D], initial_state, dtype, sequence_length)``.

    TF 1.15's signature (``reuse`` before ``dtype``, unlike LSTMBlockCell) and layer name ``lstm_fused_cell``
    (``lstm_ops.py``): its variables are ``lstm_fused_cell/kernel`` and ``.../bias``, a second unnamed cell's
    ``lstm_fused_cell_1/...``."""

    def __init__(self, num_units: int, forget_bias: float = 1.0, cell_clip: float | None = None,
                 use_peephole: bool = False, reuse: bool | None = None, dtype: Any = None,
                 name: str = "lstm_fused_cell") -> None:
        super().__init__(num_units, forget_bias, cell_clip, use_peephole, dtype=dtype, reuse=reuse, name=name)

    def __call__(self, inputs: Any, initial_state: Any = None, dtype: Any = None, sequence_length: Any = None,
                 scope: Any = None) -> tuple:
        return self._call(inputs, initial_state, dtype, sequence_length, scope, reverse=False)

    def _call(self, inputs: Any, initial_state: Any, dtype: Any, sequence_length: Any, scope: Any,
              reverse: bool) -> tuple:
        """``__call__``; with ``reverse``, over each sequence read backwards from its last valid step, each output
        at its own step (``TimeReversedFusedRNN``'s reverse, run, reverse)."""
        is_list = isinstance(inputs, (list, tuple))
        inputs = tf.stack(inputs) if is_list else tf.convert_to_tensor(inputs)
        if inputs.shape.rank != 3:
            raise ValueError(f"Inputs must be 3-dimensional [time, batch, depth], saw {inputs.shape}")
        self._capture_scope(scope)
        reuse = True if self.built else self._reuse
        with v1.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False):
            if not self.built:
                self._dtype = self._dtype or inputs.dtype
                self.build(inputs.shape[1:])
                self.built = True
            if self.fusable_lstm():
                outputs, final = self._run_fused(inputs, initial_state, dtype, sequence_length, reverse)
            else:
                outputs, final = run_time_major(
                    lambda forward: self._run_block(forward, initial_state, dtype, sequence_length), inputs,
                    sequence_length, time_major=True, reverse=reverse)
        return (tf.unstack(outputs) if is_list else outputs), final

    def _initial_state(self, inputs: tf.Tensor, initial_state: Any, dtype: Any) -> tuple:
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            zeros = tf.zeros(tf.stack([tf.shape(inputs)[1], self._num_units]), dtype=dtype)
            return zeros, zeros
        return tuple(initial_state)

    def _run_fused(self, inputs: tf.Tensor, initial_state: Any, dtype: Any, sequence_length: Any,
                   reverse: bool) -> tuple:
        """Without clipping: tfcompat's fused LSTM loop (same equations, either direction)."""
        cs0, h0 = self._initial_state(inputs, initial_state, dtype)
        peepholes = (self._w_i_diag, self._w_f_diag, self._w_o_diag) if self._use_peephole else None
        outputs, c_last, h_last = fused_lstm(inputs, self._kernel, self._bias, cs0, h0, sequence_length,
                                             float(self._forget_bias), peepholes=peepholes, reverse=reverse)
        return outputs, LSTMStateTuple(c_last, h_last)

    def _run_block(self, inputs: tf.Tensor, initial_state: Any, dtype: Any, sequence_length: Any) -> tuple:
        """With clipping: TensorFlow's ``BlockLSTM`` kernel over forward sequences."""
        steps, batch = tf.shape(inputs)[0], tf.shape(inputs)[1]
        cs0, h0 = self._initial_state(inputs, initial_state, dtype)
        max_len = (tf.cast(steps, tf.int64) if sequence_length is None
                   else tf.cast(tf.reduce_max(sequence_length), tf.int64))
        wci, wcf, wco = self._peepholes()
        _, cs, _, _, _, _, h = raw.BlockLSTM(
            seq_len_max=max_len, x=inputs, cs_prev=cs0, h_prev=h0, w=self._kernel, wci=wci, wcf=wcf, wco=wco,
            b=self._bias, forget_bias=self._forget_bias, cell_clip=self._cell_clip,
            use_peephole=self._use_peephole)
        if sequence_length is None:
            return h, LSTMStateTuple(cs[-1], h[-1])
        lengths = tf.cast(sequence_length, tf.int32)
        mask = tf.transpose(tf.sequence_mask(lengths, steps, dtype=h.dtype))[:, :, None]
        h = h * mask
        index = tf.stack([lengths, tf.range(batch)], axis=1)
        final_c = tf.gather_nd(tf.concat([cs0[None], cs], 0), index)
        final_h = tf.gather_nd(tf.concat([h0[None], h], 0), index)
        return h, LSTMStateTuple(final_c, final_h)


class GRUBlockCell(RNNCell):
    """One ``GRUBlockCell`` op per step; same variables as ``GRUCell`` (scope ``gru_cell``)."""

    def __init__(self, num_units: int | None = None, cell_size: int | None = None, reuse: bool | None = None,
                 name: str = "gru_cell") -> None:
        super().__init__(_reuse=reuse, name=name)
        if (num_units is None) == (cell_size is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        self._cell_size = num_units if num_units is not None else cell_size

    @property
    def state_size(self) -> int:
        return self._cell_size

    @property
    def output_size(self) -> int:
        return self._cell_size

    def fusable_gru(self) -> bool:
        """The block kernel computes GRUCell's equations: ``dynamic_rnn`` runs the fused GRU loop instead."""
        return True

    def build(self, inputs_shape: tf.TensorShape) -> None:
        depth = input_depth(inputs_shape) + self._cell_size
        n = self._cell_size
        self._gate_kernel = self.add_variable("gates/kernel", [depth, 2 * n])
        self._gate_bias = self.add_variable("gates/bias", [2 * n], initializer=tf.constant_initializer(1.0))
        self._candidate_kernel = self.add_variable("candidate/kernel", [depth, n])
        self._candidate_bias = self.add_variable("candidate/bias", [n], initializer=tf.constant_initializer(0.0))

    def call(self, inputs: tf.Tensor, h_prev: tf.Tensor) -> tuple:
        _, _, _, new_h = raw.GRUBlockCell(x=inputs, h_prev=h_prev, w_ru=self._gate_kernel,
                                          w_c=self._candidate_kernel, b_ru=self._gate_bias,
                                          b_c=self._candidate_bias)
        return new_h, new_h
