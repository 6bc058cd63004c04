"""Fused ``dynamic_rnn``/``static_rnn`` paths: every LSTM and GRU entry point runs one of these loops.

``fused_runner(cell)`` picks one; each keeps the cell's variables and TF 1.x numerics (1e-5 in fp32).

- LSTMs (BasicLSTMCell, LSTMCell without a projection, LSTMBlockCell and LSTMBlockFusedCell without
  clipping, the ``cudnn_rnn`` LSTM): the input projection off the recurrent chain, a hand-written
  backward.  Per step the forward loop does the input projection, which does not depend on
  the recurrence and so runs a few steps ahead, and one ``[4n, n] x [n, B]`` matmul on the chain; backward,
  one matmul for the chain plus the per-step weight and input gradients.  The backward pass keeps only the
  pre-activations and the states, never a sequence-long gradient; it recomputes the gates from them and
  takes each gate's derivative in one op (``SigmoidGrad``/``TanhGrad``).  The bias is the input
  projection's last row, against a row of ones under the inputs, so neither loop adds or reduces it per step.
  Saving the four activations instead ran about 2% faster but raised the bidirectional step's live-tensor
  peak from 0.86x to 1.09x Keras'; saving them as one block (a per-step concat) ran 0.89x-0.95x, and one
  sigmoid over all four gates (tanh(x) = 2 sigmoid(2x) - 1) 0.90x: on few cores, ops big enough to be split
  over the thread pool wait for a busy core (see ``_stack_gates``).
  Projecting all steps in one matmul before the loop was measured no faster on CPU and held a
  ``[T, 4n, B]`` block (26 MB at batch 64, 100 steps, 256 units).  Peepholes and LSTMCell's cell
  clipping are part of it.  The loop reads batch- or time-major inputs and either direction itself.
- GRUCell/GRUBlockCell: the same scheme for TF 1.x's GRU (``gru_sequence_fn``).
  The ``cudnn_rnn`` GRU runs it with cuDNN's reset-after candidate.
- LSTMCell with a projection, and the ``cudnn_rnn`` simple RNNs: ``recurrence``, one loop over the
  equations with the input matmul off the chain and gradients by autodiff.
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from ._base import LSTMStateTuple
from ._cells import BasicLSTMCell, GRUCell, LSTMCell
from ._cudnn import cudnn_lstm, cudnn_wanted
from ._layout import run_time_major, transpose_batch_time


def _tanh(cell: Any) -> bool:
    return getattr(cell, "_activation", None) in (tf.tanh, tf.math.tanh, tf.nn.tanh)


def _plain_lstm(cell: Any) -> bool:
    """BasicLSTMCell, LSTMCell without projection or sharding, and the block-kernel cells that say so
    (``cell.fusable_lstm()``): the hand-written fused LSTM applies."""
    if type(cell) is LSTMCell:
        if cell._num_proj is not None or cell._num_unit_shards:
            return False
    elif type(cell) is not BasicLSTMCell:
        fusable = getattr(cell, "fusable_lstm", None)
        if fusable is None or not fusable():
            return False
    return _tanh(cell)


def _other_lstm_cell(cell: Any) -> bool:
    """LSTMCell with a projection (unsharded, tanh)."""
    return type(cell) is LSTMCell and not cell._num_unit_shards and not cell._num_proj_shards and _tanh(cell)


def _gru(cell: Any) -> bool:
    """A tanh GRUCell, or a block cell that computes its equations (``cell.fusable_gru()``)."""
    if type(cell) is GRUCell:
        return _tanh(cell)
    return getattr(cell, "fusable_gru", lambda: False)()


def fused_runner(cell: Any) -> Callable | None:
    """The fused ``dynamic_rnn`` implementation for ``cell``, or None when the generic cell loop must run.

    Each is called ``runner(cell, inputs, state, sequence_length, parallel_iterations, swap_memory, time_major,
    reverse)`` with ``inputs`` [T, B, D] (``[B, T, D]`` without ``time_major``) and returns ``(outputs [T, B, k]
    (or [B, T, k]), final_state)`` with TF 1.x's variables and numbers; ``reverse`` reads each sequence backwards
    from its last valid step and writes each output at its own step (a bidirectional RNN's backward half).
    """
    if _plain_lstm(cell):
        return fused_lstm_dynamic
    if _other_lstm_cell(cell):
        return lstm_cell_dynamic
    if _gru(cell):
        return fused_gru_dynamic
    return None


def fused_inputs(inputs: Any) -> bool:
    """One tensor ``[T, B, D]`` or ``[B, T, D]`` of known depth: what the fused paths take."""
    if not isinstance(inputs, tf.Tensor) or inputs.shape.rank != 3:
        return False
    return tf.compat.dimension_value(inputs.shape[-1]) is not None


# The fused loops run at most this many iterations at once.  What does not depend on the
# recurrence (the input projection, the saved gates' derivatives) runs this far ahead of the
# recurrent chain; more only holds more steps' temporaries.  Measured on CPU (batch 64, 100 steps,
# 256 units): 4, 8 and 32 ran equally fast; the live-tensor peak was 70 MB at 4, 75 at 8, 91 at 16.
_MAX_PARALLEL_ITERATIONS = 4


def _loop(body: Any, loop_vars: Any, steps: Any, parallel_iterations: int, swap_memory: bool) -> Any:
    return tf.while_loop(lambda t, *_: t < steps, body, loop_vars,
                         parallel_iterations=min(parallel_iterations, _MAX_PARALLEL_ITERATIONS),
                         swap_memory=swap_memory, maximum_iterations=steps)


def _sigmoid_grad(y: tf.Tensor, grad: tf.Tensor) -> tf.Tensor:
    """``grad * y * (1 - y)``, the gradient through ``y = sigmoid(z)``, in one op."""
    return tf.raw_ops.SigmoidGrad(y=y, dy=grad)


def _tanh_grad(y: tf.Tensor, grad: tf.Tensor) -> tf.Tensor:
    """``grad * (1 - y * y)``, the gradient through ``y = tanh(z)``, in one op."""
    return tf.raw_ops.TanhGrad(y=y, dy=grad)


def _stack_gates(gates: list) -> tf.Tensor:
    """``tf.concat(gates, 0)`` for the gates' ``[n, B]`` blocks, copied on the calling thread.

    ``ConcatV2`` splits a copy this size (64K floats) over the intra-op thread pool; on the 2-core benchmark VM
    that took about 60 us against 24 us for ``dynamic_stitch``'s plain copy, and it waits for a busy core when
    the two directions of a bidirectional RNN run side by side (that row: 5-10% faster with this).
    """
    stacked = tf.dynamic_stitch([[k] for k in range(len(gates))], [g[None] for g in gates])  # [4, n, B]
    return tf.reshape(stacked, [-1, tf.shape(gates[0])[1]])


def _lstm_sequence_fn(depth: int, num_units: int, forget_bias: float, masked: bool, parallel_iterations: int,
                      swap_memory: bool, peephole: bool = False, cell_clip: float | None = None,
                      time_major: bool = True, reverse: bool = False) -> Any:
    """A custom-gradient ``(inputs, kernel, bias, c0, h0[, w_i, w_f, w_o][, mask]) -> (outputs, c_T, h_T)``.

    ``inputs`` and ``outputs`` are ``[T, B, .]`` or, without ``time_major``, ``[B, T, .]``: the loops read and
    write either layout through one transpose each way.  With ``reverse`` the loops visit the steps from last
    to first (iteration ``k`` reads and writes step ``T - 1 - k``); the mask, indexed by step, holds each
    sequence's padding back until its last valid step, so this is the backward half of a bidirectional RNN
    without reversing anything.

    With ``peephole``, LSTMCell's diagonal peepholes (``w_i * c_{t-1}`` on i, ``w_f * c_{t-1}`` on f,
    ``w_o * c_t`` on o); with ``cell_clip``, ``c_t`` clipped to ``[-clip, clip]`` before o and h, whose
    gradient stops where the clip bites (as ``tf.clip_by_value``'s).

    Inside, everything is feature-major (``[T, D, B]``, ``[4n, B]``, ``[n, B]``) so the gates are
    contiguous row blocks: splitting them costs no copies, and the loops need no per-step transpose
    (the inputs, outputs and output gradients are transposed once each).  What the backward pass
    needs (the pre-activations, and the states with the initial ones at index 0) stays in the
    forward loop's TensorArrays and is read there step by step: no sequence-long copy is stacked
    or shifted.
    """
    n = num_units

    def new_ta(dtype: tf.DType, size: Any, shape: list) -> tf.TensorArray:
        # Each state is read twice (as c_t, then as c_{t-1}): v1 TensorArrays must keep their elements.
        return tf.TensorArray(dtype, size=size, element_shape=shape, clear_after_read=False)

    def forward(inputs: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, c0: tf.Tensor, h0: tf.Tensor,
                peep: Any, mask: Any) -> tuple:
        dtype = inputs.dtype
        forget = tf.constant([0.0] * (2 * n) + [forget_bias] * n + [0.0] * n, dtype=bias.dtype)
        # The bias is the input projection's last row, against a row of ones under the inputs: no bias add per
        # step forwards, and its gradient is that row of the weight gradient's matmul backwards.
        w_x = tf.concat([kernel[:depth], (bias + forget)[None, :]], 0)  # [D + 1, 4n]
        w_h_t = tf.transpose(kernel[depth:])  # [4n, n]
        inputs_t = tf.transpose(inputs, [0, 2, 1] if time_major else [1, 2, 0])  # [T, D, B]
        steps, batch = tf.shape(inputs_t)[0], inputs_t.shape[2]
        inputs_t = tf.concat([inputs_t, tf.ones_like(inputs_t[:, :1])], 1)  # [T, D + 1, B]

        def step_at(k: tf.Tensor) -> tf.Tensor:
            return steps - 1 - k if reverse else k

        def body(t: tf.Tensor, c: tf.Tensor, h: tf.Tensor, z_ta: Any, c_ta: Any, h_ta: Any, out_ta: Any) -> tuple:
            at = step_at(t)
            # Off the recurrent chain: the loop computes this projection for the next steps ahead.
            z = tf.matmul(w_x, tf.gather(inputs_t, at), transpose_a=True) + tf.matmul(w_h_t, h)
            zi, zj, zf, zo = tf.split(z, 4, axis=0)
            if peephole:
                zi, zf = zi + peep[0] * c, zf + peep[1] * c
            c_new = tf.sigmoid(zf) * c + tf.sigmoid(zi) * tf.tanh(zj)
            if cell_clip is not None:
                c_new = tf.clip_by_value(c_new, -cell_clip, cell_clip)
            if peephole:
                zo = zo + peep[2] * c_new
            h_new = tf.tanh(c_new) * tf.sigmoid(zo)
            output = h_new
            if masked:  # past the sequence's end: zero output, the state carried through
                m = tf.gather(mask, at)
                output = m * h_new
                c_new = c + m * (c_new - c)
                h_new = h + m * (h_new - h)
            return (t + 1, c_new, h_new, z_ta.write(t, z), c_ta.write(t + 1, c_new), h_ta.write(t + 1, h_new),
                    out_ta.write(at, output))

        c0_t, h0_t = tf.transpose(c0), tf.transpose(h0)
        init = (tf.constant(0), c0_t, h0_t, new_ta(dtype, steps, [4 * n, batch]),
                new_ta(dtype, steps + 1, [n, batch]).write(0, c0_t),
                new_ta(dtype, steps + 1, [n, batch]).write(0, h0_t), new_ta(dtype, steps, [n, batch]))
        _, c_last, h_last, z_ta, c_ta, h_ta, out_ta = _loop(body, init, steps, parallel_iterations, swap_memory)
        outputs = tf.transpose(out_ta.stack(), [0, 2, 1] if time_major else [2, 0, 1])  # one, not one per step
        return tf.transpose(c_last), tf.transpose(h_last), (inputs_t, z_ta, c_ta, h_ta), outputs

    def backward(kernel: tf.Tensor, saved: tuple, grads: tuple, peep: Any, mask: Any) -> tuple:
        """The recurrent chain step by step; weight gradients are accumulated per step."""
        inputs_t, z_ta, c_ta, h_ta = saved  # [T, D + 1, B]; [4n, B], [n, B], [n, B] per step (c, h from t = -1)
        d_out, d_c_last, d_h_last = grads
        steps = tf.shape(inputs_t)[0]
        d_out_t = tf.transpose(d_out, [0, 2, 1] if time_major else [1, 2, 0])  # [T, n, B]
        w_x, w_h = kernel[:depth], kernel[depth:]  # [D, 4n], [n, 4n]

        def body(k: tf.Tensor, dc: tf.Tensor, dh: tf.Tensor, d_weights: tf.Tensor, d_peep: tuple,
                 dx_ta: Any) -> tuple:
            t = steps - 1 - k  # the forward loop's iteration; it read and wrote step ``at``
            at = k if reverse else t
            zi, zj, zf, zo = tf.split(z_ta.read(t), 4, axis=0)
            c_prev, c = c_ta.read(t), c_ta.read(t + 1)
            if peephole:
                zi, zf, zo = zi + peep[0] * c_prev, zf + peep[1] * c_prev, zo + peep[2] * c
            i, j, f, o = tf.sigmoid(zi), tf.tanh(zj), tf.sigmoid(zf), tf.sigmoid(zo)
            tanh_c = tf.tanh(c)
            dh_new = dh + tf.gather(d_out_t, at)
            # Each activation's derivative in one op from its value: g y (1 - y) or g (1 - y^2).
            if masked:
                m = tf.gather(mask, at)
                dh_new = m * dh_new
                dc_new = m * dc + _tanh_grad(tanh_c, dh_new * o)
            else:
                dc_new = dc + _tanh_grad(tanh_c, dh_new * o)
            do = _sigmoid_grad(o, dh_new * tanh_c)
            if peephole:
                dc_new += do * peep[2]
            if cell_clip is not None:  # recomputed pre-clip cell; no gradient where the clip bit
                c_raw = f * c_prev + i * j
                dc_new *= tf.cast((c_raw >= -cell_clip) & (c_raw <= cell_clip), dc_new.dtype)
            di, df = _sigmoid_grad(i, dc_new * j), _sigmoid_grad(f, dc_new * c_prev)
            dz = _stack_gates([di, _tanh_grad(j, dc_new * i), df, do])
            xh = tf.concat([tf.gather(inputs_t, at), h_ta.read(t)], 0)  # [D + 1 + n, B]
            d_weights += tf.matmul(xh, dz, transpose_b=True)  # kernel rows, with the bias's after the inputs'
            dc_prev = dc_new * f
            if peephole:
                dc_prev += di * peep[0] + df * peep[1]
                d_peep = (d_peep[0] + tf.reduce_sum(di * c_prev, 1, keepdims=True),
                          d_peep[1] + tf.reduce_sum(df * c_prev, 1, keepdims=True),
                          d_peep[2] + tf.reduce_sum(do * c, 1, keepdims=True))
            dh_prev = tf.matmul(w_h, dz)
            if masked:
                dc_prev += (1 - m) * dc
                dh_prev += (1 - m) * dh
            return k + 1, dc_prev, dh_prev, d_weights, d_peep, dx_ta.write(at, tf.matmul(dz, w_x, True, True))

        dx_ta = tf.TensorArray(kernel.dtype, size=steps, element_shape=[inputs_t.shape[2], depth])
        d_peep = tuple(tf.zeros([n, 1], kernel.dtype) for _ in range(3)) if peephole else ()
        init = (tf.constant(0), tf.transpose(d_c_last), tf.transpose(d_h_last),
                tf.zeros([depth + 1 + n, 4 * n], kernel.dtype), d_peep, dx_ta)
        _, d_c0, d_h0, d_weights, d_peep, dx_ta = _loop(body, init, steps, parallel_iterations, swap_memory)
        d_kernel = tf.concat([d_weights[:depth], d_weights[depth + 1:]], 0)
        d_bias = d_weights[depth]
        d_inputs = dx_ta.stack() if time_major else transpose_batch_time(dx_ta.stack())
        return ([d_inputs, d_kernel, d_bias, tf.transpose(d_c0), tf.transpose(d_h0)]
                + [tf.reshape(d, [-1]) for d in d_peep])

    @tf.custom_gradient
    def run(inputs: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, c0: tf.Tensor, h0: tf.Tensor,
            *extra: tf.Tensor) -> Any:
        peep = [w[:, None] for w in extra[:3]] if peephole else None  # [n, 1] each
        mask = extra[-1] if masked else None  # [T, 1, B]
        c_last, h_last, saved, outputs = forward(inputs, kernel, bias, c0, h0, peep, mask)

        def grad(d_out: Any, d_c_last: Any, d_h_last: Any) -> list:
            given = [g if g is not None else tf.zeros_like(x)
                     for g, x in zip((d_out, d_c_last, d_h_last), (outputs, c_last, h_last))]
            result = backward(kernel, saved, tuple(given), peep, mask)
            return result + ([tf.zeros_like(mask)] if masked else [])

        return (outputs, c_last, h_last), grad

    return run


def fused_lstm(inputs: tf.Tensor, kernel: Any, bias: Any, c0: tf.Tensor, h0: tf.Tensor, sequence_length: Any,
               forget_bias: float, parallel_iterations: int = 32, swap_memory: bool = False,
               peepholes: tuple | None = None, cell_clip: float | None = None, time_major: bool = True,
               reverse: bool = False) -> tuple:
    """``inputs`` [T, B, D] (``[B, T, D]`` without ``time_major``) -> (outputs [T, B, n] (or [B, T, n]), c_T, h_T)
    for a TF 1.x ``kernel`` [D + n, 4n] and ``bias`` [4n] (gates i, j, f, o, ``forget_bias`` added to f);
    ``reverse`` reads each sequence backwards from its last valid step (``dynamic_rnn`` on reversed inputs,
    its outputs reversed back).

    Every LSTM entry point without a projection runs this: ``dynamic_rnn``/``static_rnn`` over BasicLSTMCell,
    LSTMCell (``peepholes`` ``(w_i, w_f, w_o)`` and ``cell_clip`` as its own) and LSTMBlockCell,
    LSTMBlockFusedCell and the ``contrib.cudnn_rnn`` layers.  On cuDNN when it is enabled, a GPU is visible
    (``_cudnn.cudnn_wanted``) and there are no peepholes or clipping, else the fused loop.
    """
    depth = int(inputs.shape[-1])
    n = int(kernel.shape[-1]) // 4
    kernel, bias = tf.convert_to_tensor(kernel), tf.convert_to_tensor(bias)
    if peepholes is None and cell_clip is None and cudnn_wanted():
        def on_cudnn(x: tf.Tensor) -> tuple:
            outputs, c_last, h_last = cudnn_lstm(x, kernel, bias, c0, h0, sequence_length, forget_bias)
            return outputs, (c_last, h_last)

        outputs, (c_last, h_last) = run_time_major(on_cudnn, inputs, sequence_length, time_major, reverse)
    else:
        extra = [tf.convert_to_tensor(w) for w in peepholes or ()]
        extra += step_mask(inputs, sequence_length, time_axis=0 if time_major else 1, feature_major=True)
        run = _lstm_sequence_fn(depth, n, forget_bias, sequence_length is not None, parallel_iterations,
                                swap_memory, peepholes is not None, cell_clip, time_major, reverse)
        outputs, c_last, h_last = run(inputs, kernel, bias, c0, h0, *extra)
    outputs.set_shape(inputs.shape[:2].concatenate([n]))
    c_last.set_shape(c0.shape)
    h_last.set_shape(h0.shape)
    return outputs, c_last, h_last


def fused_lstm_dynamic(cell: Any, inputs: tf.Tensor, state: Any, sequence_length: Any, parallel_iterations: int,
                       swap_memory: bool, time_major: bool = True, reverse: bool = False) -> tuple:
    """``inputs`` [T, B, D] (or [B, T, D]) -> (outputs [T, B, n] (or [B, T, n]), final state) for a plain LSTM
    cell; ``reverse`` as ``fused_lstm``'s."""
    cell._ensure_built([None, int(inputs.shape[-1])], inputs.dtype)
    c0, h0 = _split_state(cell, state)
    peepholes = (cell._w_i_diag, cell._w_f_diag, cell._w_o_diag) if getattr(cell, "_use_peepholes", False) else None
    clip = cell._cell_clip if type(cell) is LSTMCell else None
    outputs, c_last, h_last = fused_lstm(inputs, cell._kernel, cell._bias, c0, h0, sequence_length,
                                         float(cell._forget_bias), parallel_iterations, swap_memory, peepholes,
                                         clip, time_major, reverse)
    return outputs, _join_state(cell, state, c_last, h_last)


def _split_state(cell: Any, state: Any) -> tuple:
    if getattr(cell, "_state_is_tuple", True):
        return tuple(state)
    return tuple(tf.split(state, [cell._num_units, int(state.shape[-1]) - cell._num_units], axis=1))


def _join_state(cell: Any, state: Any, c: tf.Tensor, h: tf.Tensor) -> Any:
    """The final state in the structure of the initial one."""
    if not getattr(cell, "_state_is_tuple", True):
        return tf.concat([c, h], 1)
    final = LSTMStateTuple(c, h)
    if isinstance(state, (tuple, list)) and not isinstance(state, LSTMStateTuple):
        final = type(state)(final)
    return final


def lstm_cell_dynamic(cell: Any, inputs: tf.Tensor, state: Any, sequence_length: Any, parallel_iterations: int,
                      swap_memory: bool, time_major: bool = True, reverse: bool = False) -> tuple:
    """LSTMCell with a projection (and any peepholes or clipping): its equations in one loop whose input matmul
    is off the recurrent chain (``x W_x`` runs ahead; the chain is ``h W_h`` only); gradients by autodiff.
    Layout and ``reverse`` as ``fused_lstm``'s."""
    return run_time_major(lambda x: _lstm_cell_time_major(cell, x, state, sequence_length, parallel_iterations,
                                                          swap_memory), inputs, sequence_length, time_major, reverse)


def _lstm_cell_time_major(cell: Any, inputs: tf.Tensor, state: Any, sequence_length: Any, parallel_iterations: int,
                          swap_memory: bool) -> tuple:
    depth = int(inputs.shape[-1])
    cell._ensure_built([None, depth], inputs.dtype)
    kernel = tf.convert_to_tensor(cell._kernel)
    w_x, w_h, bias = kernel[:depth], kernel[depth:], cell._bias
    peep = (cell._w_i_diag, cell._w_f_diag, cell._w_o_diag) if cell._use_peepholes else None
    clip, proj_clip, forget_bias = cell._cell_clip, cell._proj_clip, cell._forget_bias

    def step(x: tf.Tensor, state: tuple) -> tuple:
        c, h = state
        i, j, f, o = tf.split(tf.matmul(x, w_x) + tf.matmul(h, w_h) + bias, 4, axis=1)
        if peep is not None:
            i, f = i + peep[0] * c, f + peep[1] * c
        new_c = tf.sigmoid(f + forget_bias) * c + tf.sigmoid(i) * tf.tanh(j)
        if clip is not None:
            new_c = tf.clip_by_value(new_c, -clip, clip)
        if peep is not None:
            o = o + peep[2] * new_c
        m = tf.sigmoid(o) * tf.tanh(new_c)
        if cell._num_proj is not None:
            m = tf.matmul(m, cell._proj_kernel)
            if proj_clip is not None:
                m = tf.clip_by_value(m, -proj_clip, proj_clip)
        return m, (new_c, m)

    c0, h0 = _split_state(cell, state)
    outputs, (c_last, h_last) = recurrence(step, inputs, (c0, h0), sequence_length, parallel_iterations,
                                           swap_memory)
    outputs.set_shape(inputs.shape[:2].concatenate([cell.output_size]))
    c_last.set_shape(c0.shape)
    h_last.set_shape(h0.shape)
    return outputs, _join_state(cell, state, c_last, h_last)


def recurrence(step: Callable[[tf.Tensor, tuple], tuple], xs: tf.Tensor, state: tuple,
               sequence_length: Any, parallel_iterations: int = 32, swap_memory: bool = False) -> tuple:
    """``output_t, state_t = step(xs[t], state_{t-1})`` over time-major ``xs`` -> (outputs [T, B, k], final
    state); zero outputs past each sequence's end, where the state is carried through; gradients by autodiff.

    The steps do their own input matmul: it is off the recurrent chain, so the loop runs it ahead.  Projecting
    every step in one matmul before the loop was measured no faster on CPU (GRU, batch 64, 100 steps, 256
    units) and held 1.4x Keras' peak of live tensors: the projection, its TensorArray copy and its gradient.
    The per-step reads go through a TensorArray, so the backward pass writes each step's gradient to its own
    slot (a slice of ``xs`` would add a full-size gradient per step)."""
    steps = tf.shape(xs)[0]
    x_ta = tf.TensorArray(xs.dtype, size=steps, element_shape=xs.shape[1:]).unstack(xs)
    lengths = None if sequence_length is None else tf.cast(sequence_length, tf.int32)[:, None]
    out_ta = tf.TensorArray(xs.dtype, size=steps)

    def body(t: tf.Tensor, state: tuple, out_ta: tf.TensorArray) -> tuple:
        out, new_state = step(x_ta.read(t), state)
        if lengths is not None:
            live = t < lengths
            new_state = tuple(tf.where(live, new, old) for new, old in zip(new_state, state))
            out = tf.where(live, out, tf.zeros_like(out))
        return t + 1, new_state, out_ta.write(t, out)

    _, final, out_ta = _loop(body, (tf.constant(0), tuple(state), out_ta), steps, parallel_iterations, swap_memory)
    outputs = out_ta.stack()
    outputs.set_shape(xs.shape[:2].concatenate([None]))
    return outputs, final


def step_mask(inputs: tf.Tensor, sequence_length: Any, time_axis: int = 0, feature_major: bool = False) -> list:
    """``[mask]``, 1 while ``t < sequence_length[b]`` (``t`` along ``inputs``' ``time_axis``): ``[T, B, 1]`` for
    the GRU loop, ``[T, 1, B]`` with ``feature_major`` for the fused LSTM's; ``[]`` without lengths."""
    if sequence_length is None:
        return []
    time_index = tf.range(tf.shape(inputs)[time_axis])[:, None]
    live = tf.cast(time_index < tf.cast(sequence_length, tf.int32)[None, :], inputs.dtype)  # [T, B]
    return [live[:, None, :] if feature_major else live[:, :, None]]


def gru_sequence_fn(masked: bool, parallel_iterations: int, swap_memory: bool, reset_after: bool = False) -> Any:
    """A custom-gradient ``(inputs [T, B, D], w_x [D, 3n], bias [3n], w_gates_h [n, 2n], w_candidate_h [n, n],
    h0[, b_candidate_h [n]][, mask [T, B, 1]]) -> (outputs, h_T)`` for TF 1.x's GRUCell, or with
    ``reset_after`` for cuDNN's GRU (``tanh(x W + b + r * (h R + b_candidate_h))``: the reset gate after the
    recurrent matmul, which has its own bias).

    Forward, per step: one input matmul (off the recurrent chain), ``h W_gates_h`` and ``(r h) W_candidate_h``;
    the gates ``r, u`` and the candidate are kept.  Backward: the chain step by step from them, the weight
    gradients accumulated per step, as the fused LSTM does.
    """

    def forward(inputs: tf.Tensor, w_x: tf.Tensor, bias: tf.Tensor, w_gates_h: tf.Tensor, w_candidate_h: tf.Tensor,
                h0: tf.Tensor, b_h: Any, mask: Any) -> tuple:
        steps, dtype = tf.shape(inputs)[0], inputs.dtype
        n = int(w_candidate_h.shape[0])

        def body(t: tf.Tensor, h: tf.Tensor, g_ta: Any, c_ta: Any, hc_ta: Any, h_ta: Any, out_ta: Any) -> tuple:
            x_gates, x_candidate = tf.split(tf.matmul(tf.gather(inputs, t), w_x) + bias, [2 * n, n], axis=1)
            g = tf.sigmoid(x_gates + tf.matmul(h, w_gates_h))
            r, u = tf.split(g, 2, axis=1)
            if reset_after:
                hc = tf.matmul(h, w_candidate_h) + b_h
                hc_ta = hc_ta.write(t, hc)
                c = tf.tanh(x_candidate + r * hc)
            else:
                c = tf.tanh(x_candidate + tf.matmul(r * h, w_candidate_h))
            h_new = output = u * h + (1 - u) * c
            if masked:  # past the sequence's end: zero output, the state carried through
                m = tf.gather(mask, t)
                output = m * h_new
                h_new = h + m * (h_new - h)
            return (t + 1, h_new, g_ta.write(t, g), c_ta.write(t, c), hc_ta, h_ta.write(t + 1, h_new),
                    out_ta.write(t, output))

        def new_ta(size: Any) -> tf.TensorArray:
            return tf.TensorArray(dtype, size=size, clear_after_read=False)

        init = (tf.constant(0), h0, new_ta(steps), new_ta(steps), new_ta(steps if reset_after else 0),
                new_ta(steps + 1).write(0, h0), new_ta(steps))
        _, h_last, g_ta, c_ta, hc_ta, h_ta, out_ta = _loop(body, init, steps, parallel_iterations, swap_memory)
        return out_ta.stack(), h_last, (g_ta, c_ta, hc_ta, h_ta)

    def backward(inputs: tf.Tensor, weights: tuple, saved: tuple, d_out: tf.Tensor, d_h_last: tf.Tensor,
                 mask: Any) -> list:
        w_x, w_gates_h, w_candidate_h = weights
        g_ta, c_ta, hc_ta, h_ta = saved
        steps = tf.shape(inputs)[0]

        def body(k: tf.Tensor, dh: tf.Tensor, d_w_x: tf.Tensor, d_bias: tf.Tensor, d_gates_h: tf.Tensor,
                 d_candidate_h: tf.Tensor, d_b_h: Any, dx_ta: Any) -> tuple:
            t = steps - 1 - k
            r, u = tf.split(g_ta.read(t), 2, axis=1)
            c, h = c_ta.read(t), h_ta.read(t)
            dh_new = dh + tf.gather(d_out, t)
            if masked:
                m = tf.gather(mask, t)
                dh_new = m * dh_new
            dz_candidate = _tanh_grad(c, dh_new * (1 - u))
            if reset_after:  # c = tanh(x_c + r * hc), hc = h R + b_h
                hc = hc_ta.read(t)
                d_hc = dz_candidate * r
                dr = dz_candidate * hc
            else:  # c = tanh(x_c + (r * h) R)
                d_rh = tf.matmul(dz_candidate, w_candidate_h, transpose_b=True)
                dr = d_rh * h
            dz_gates = tf.concat([_sigmoid_grad(r, dr), _sigmoid_grad(u, dh_new * (h - c))], 1)
            dz = tf.concat([dz_gates, dz_candidate], 1)  # [B, 3n], as the input matmul's columns
            x = tf.gather(inputs, t)
            d_w_x += tf.matmul(x, dz, transpose_a=True)
            d_bias += tf.reduce_sum(dz, 0)
            d_gates_h += tf.matmul(h, dz_gates, transpose_a=True)
            dh_prev = dh_new * u + tf.matmul(dz_gates, w_gates_h, transpose_b=True)
            if reset_after:
                d_candidate_h += tf.matmul(h, d_hc, transpose_a=True)
                d_b_h += tf.reduce_sum(d_hc, 0)
                dh_prev += tf.matmul(d_hc, w_candidate_h, transpose_b=True)
            else:
                d_candidate_h += tf.matmul(r * h, dz_candidate, transpose_a=True)
                dh_prev += d_rh * r
            if masked:
                dh_prev += (1 - m) * dh
            return (k + 1, dh_prev, d_w_x, d_bias, d_gates_h, d_candidate_h, d_b_h,
                    dx_ta.write(t, tf.matmul(dz, w_x, transpose_b=True)))

        dx_ta = tf.TensorArray(inputs.dtype, size=steps)
        d_b_h = tf.zeros(w_candidate_h.shape[1:], w_x.dtype) if reset_after else ()
        init = (tf.constant(0), d_h_last, tf.zeros_like(w_x), tf.zeros(w_x.shape[1:], w_x.dtype),
                tf.zeros_like(w_gates_h), tf.zeros_like(w_candidate_h), d_b_h, dx_ta)
        _, d_h0, d_w_x, d_bias, d_gates_h, d_candidate_h, d_b_h, dx_ta = _loop(
            body, init, steps, parallel_iterations, swap_memory)
        return [dx_ta.stack(), d_w_x, d_bias, d_gates_h, d_candidate_h, d_h0] + ([d_b_h] if reset_after else [])

    @tf.custom_gradient
    def run(inputs: tf.Tensor, w_x: tf.Tensor, bias: tf.Tensor, w_gates_h: tf.Tensor, w_candidate_h: tf.Tensor,
            h0: tf.Tensor, *extra: tf.Tensor) -> Any:
        b_h = extra[0] if reset_after else None
        mask = extra[-1] if masked else None
        outputs, h_last, saved = forward(inputs, w_x, bias, w_gates_h, w_candidate_h, h0, b_h, mask)

        def grad(d_out: Any, d_h_last: Any) -> list:
            d_out = d_out if d_out is not None else tf.zeros_like(outputs)
            d_h_last = d_h_last if d_h_last is not None else tf.zeros_like(h_last)
            result = backward(inputs, (w_x, w_gates_h, w_candidate_h), saved, d_out, d_h_last, mask)
            return result + ([tf.zeros_like(mask)] if masked else [])

        return (outputs, h_last), grad

    return run


def fused_gru_dynamic(cell: Any, inputs: tf.Tensor, state: tf.Tensor, sequence_length: Any,
                      parallel_iterations: int, swap_memory: bool, time_major: bool = True,
                      reverse: bool = False) -> tuple:
    """TF 1.x GRUCell (and GRUBlockCell) on ``gru_sequence_fn``'s loop; layout and ``reverse`` as
    ``fused_lstm``'s."""
    return run_time_major(lambda x: _gru_time_major(cell, x, state, sequence_length, parallel_iterations,
                                                    swap_memory), inputs, sequence_length, time_major, reverse)


def _gru_time_major(cell: Any, inputs: tf.Tensor, state: tf.Tensor, sequence_length: Any,
                    parallel_iterations: int, swap_memory: bool) -> tuple:
    depth = int(inputs.shape[-1])
    cell._ensure_built([None, depth], inputs.dtype)
    gate_kernel, candidate_kernel = tf.convert_to_tensor(cell._gate_kernel), tf.convert_to_tensor(
        cell._candidate_kernel)
    n = int(candidate_kernel.shape[-1])
    w_x = tf.concat([gate_kernel[:depth], candidate_kernel[:depth]], 1)
    bias = tf.concat([cell._gate_bias, cell._candidate_bias], 0)
    extra = step_mask(inputs, sequence_length)
    run = gru_sequence_fn(bool(extra), parallel_iterations, swap_memory)
    outputs, h_last = run(inputs, w_x, bias, gate_kernel[depth:], candidate_kernel[depth:], state, *extra)
    outputs.set_shape(inputs.shape[:2].concatenate([n]))
    h_last.set_shape(state.shape)
    return outputs, h_last
