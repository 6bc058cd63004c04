"""Fast ``dynamic_rnn`` for plain LSTMs: hoisted input projection and a hand-written backward pass.

Same variables (``kernel``/``bias`` of BasicLSTMCell/LSTMCell) and TF 1.x numerics; the loop
does one ``[B, n] x [n, 4n]`` matmul per step forward and one backward, and the weight
gradients are single large matmuls over all time steps.
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf

from ._base import LSTMStateTuple
from ._cells import BasicLSTMCell, LSTMCell


def can_fuse(cell: Any, inputs: Any) -> bool:
    """True for BasicLSTMCell/LSTMCell without peepholes, projection, clipping or custom activation."""
    if type(cell) is LSTMCell:
        if cell._use_peepholes or cell._num_proj is not None or cell._cell_clip is not None:
            return False
        if cell._num_unit_shards:
            return False
    elif type(cell) is not BasicLSTMCell:
        return False
    if cell._activation not in (tf.tanh, tf.math.tanh, tf.nn.tanh):
        return False
    return isinstance(inputs, tf.Tensor) and inputs.shape.rank == 3 and inputs.shape[-1] is not None


def _loop(body: Any, loop_vars: Any, steps: Any, parallel_iterations: int, swap_memory: bool) -> Any:
    return tf.while_loop(lambda t, *_: t < steps, body, loop_vars, parallel_iterations=parallel_iterations,
                         swap_memory=swap_memory, maximum_iterations=steps)


def _sequence_fn(num_units: int, masked: bool, parallel_iterations: int, swap_memory: bool) -> Any:
    """A custom-gradient function ``(xw, w_h, c0, h0[, mask]) -> (outputs, c_T, h_T)``."""
    n = num_units

    def forward(xw: tf.Tensor, w_h: tf.Tensor, c0: tf.Tensor, h0: tf.Tensor, mask: Any) -> tuple:
        steps = tf.shape(xw)[0]
        xw_ta = tf.TensorArray(xw.dtype, size=steps, element_shape=xw.shape[1:]).unstack(xw)
        mask_ta = (tf.TensorArray(xw.dtype, size=steps, element_shape=mask.shape[1:]).unstack(mask)
                   if masked else None)

        def new_ta(width: int) -> tf.TensorArray:
            return tf.TensorArray(xw.dtype, size=steps, element_shape=[xw.shape[1], width])

        def body(t: tf.Tensor, c: tf.Tensor, h: tf.Tensor, acts_ta: Any, c_ta: Any, h_ta: Any,
                 *out_ta: Any) -> tuple:
            z = xw_ta.read(t) + tf.matmul(h, w_h)
            zi, zj, zf, zo = tf.split(z, 4, axis=1)
            i, j, f, o = tf.sigmoid(zi), tf.tanh(zj), tf.sigmoid(zf), tf.sigmoid(zo)
            c_new = f * c + i * j
            h_new = tf.tanh(c_new) * o
            written = []
            if masked:  # out_ta holds the zeroed outputs; h_ta the carried-through state
                m = mask_ta.read(t)
                c_new = c + m * (c_new - c)
                written = [out_ta[0].write(t, m * h_new)]
                h_new = h + m * (h_new - h)
            return (t + 1, c_new, h_new, acts_ta.write(t, tf.concat([i, j, f, o], 1)),
                    c_ta.write(t, c_new), h_ta.write(t, h_new), *written)

        init = (tf.constant(0), c0, h0, new_ta(4 * n), new_ta(n), new_ta(n)) + ((new_ta(n),) if masked else ())
        _, c_last, h_last, acts_ta, c_ta, h_ta, *out_ta = _loop(body, init, steps, parallel_iterations,
                                                                swap_memory)
        h_seq = h_ta.stack()
        outputs = out_ta[0].stack() if masked else h_seq
        return c_last, h_last, acts_ta.stack(), c_ta.stack(), h_seq, outputs

    def backward(saved: tuple, grads: tuple, w_h: tf.Tensor, c0: tf.Tensor, h0: tf.Tensor,
                 mask: Any) -> tuple:
        """Per step only the recurrent terms; every gate derivative factor is computed for all steps at once."""
        acts, c_seq, h_seq = saved
        d_out, d_c_last, d_h_last = grads
        steps = tf.shape(acts)[0]
        i, j, f, o = tf.split(acts, 4, axis=2)
        c_prev_seq = tf.concat([c0[None], c_seq[:-1]], 0)
        tanh_c = tf.tanh(c_seq)
        gate_factors = tf.stack([j * i * (1 - i), i * (1 - j * j), c_prev_seq * f * (1 - f),
                                 tanh_c * o * (1 - o)], axis=2)
        cell_factor = o * (1 - tanh_c * tanh_c)
        tas = [tf.TensorArray(acts.dtype, size=steps, element_shape=x.shape[1:]).unstack(x)
               for x in (gate_factors, cell_factor, f, d_out)]
        mask_ta = (tf.TensorArray(acts.dtype, size=steps, element_shape=mask.shape[1:]).unstack(mask)
                   if masked else None)

        def body(k: tf.Tensor, dc: tf.Tensor, dh: tf.Tensor, dz_ta: Any) -> tuple:
            t = steps - 1 - k
            factors, cell_t, f_t, d_out_t = (ta.read(t) for ta in tas)
            if masked:
                m = mask_ta.read(t)
                dh_new = m * (dh + d_out_t)
                dc_new = m * dc + dh_new * cell_t
            else:
                dh_new = dh + d_out_t
                dc_new = dc + dh_new * cell_t
            dz = tf.reshape(tf.stack([dc_new, dc_new, dc_new, dh_new], axis=1) * factors, [-1, 4 * n])
            dc_prev = dc_new * f_t
            dh_prev = tf.matmul(dz, w_h, transpose_b=True)
            if masked:
                dc_prev += (1 - m) * dc
                dh_prev += (1 - m) * dh
            return k + 1, dc_prev, dh_prev, dz_ta.write(t, dz)

        dz_ta = tf.TensorArray(acts.dtype, size=steps, element_shape=acts.shape[1:])
        _, d_c0, d_h0, dz_ta = _loop(body, (tf.constant(0), d_c_last, d_h_last, dz_ta), steps,
                                     parallel_iterations, swap_memory)
        d_xw = dz_ta.stack()
        h_prev = tf.reshape(tf.concat([h0[None], h_seq[:-1]], 0), [-1, n])
        d_w_h = tf.matmul(h_prev, tf.reshape(d_xw, [-1, 4 * n]), transpose_a=True)
        return d_xw, d_w_h, d_c0, d_h0

    @tf.custom_gradient
    def run(xw: tf.Tensor, w_h: tf.Tensor, c0: tf.Tensor, h0: tf.Tensor, *mask_arg: tf.Tensor) -> Any:
        mask = mask_arg[0] if masked else None
        c_last, h_last, acts, c_seq, h_seq, outputs = forward(xw, w_h, c0, h0, mask)

        def grad(d_out: Any, d_c_last: Any, d_h_last: Any) -> list:
            zeros = [tf.zeros_like(x) for x in (outputs, c_last, h_last)]
            given = [g if g is not None else z for g, z in zip((d_out, d_c_last, d_h_last), zeros)]
            result = list(backward((acts, c_seq, h_seq), tuple(given), w_h, c0, h0, mask))
            return result + ([tf.zeros_like(mask)] if masked else [])

        return (outputs, c_last, h_last), grad

    return run


def fused_lstm_dynamic(cell: Any, inputs: tf.Tensor, state: Any, sequence_length: Any,
                       parallel_iterations: int, swap_memory: bool) -> tuple:
    """Time-major ``inputs`` [T, B, D] -> (outputs [T, B, n], final state) for a plain LSTM cell."""
    depth = int(inputs.shape[-1])
    cell._ensure_built([None, depth], inputs.dtype)
    n = cell._num_units
    kernel = tf.convert_to_tensor(cell._kernel)
    bias = tf.convert_to_tensor(cell._bias)
    forget = tf.constant([0.0] * (2 * n) + [float(cell._forget_bias)] * n + [0.0] * n, dtype=bias.dtype)
    w_x, w_h = kernel[:depth], kernel[depth:]
    steps, batch = tf.shape(inputs)[0], tf.shape(inputs)[1]
    projected = tf.matmul(tf.reshape(inputs, [-1, depth]), w_x)
    xw = tf.reshape(tf.nn.bias_add(projected, bias + forget), tf.stack([steps, batch, 4 * n]))
    xw.set_shape([inputs.shape[0], inputs.shape[1], 4 * n])
    if cell._state_is_tuple:
        c0, h0 = state
    else:
        c0, h0 = tf.split(state, 2, axis=1)
    extra = []
    if sequence_length is not None:
        time_index = tf.range(steps)[:, None]
        mask = tf.cast(time_index < tf.cast(sequence_length, tf.int32)[None, :], inputs.dtype)[:, :, None]
        extra = [mask]
    run = _sequence_fn(n, bool(extra), parallel_iterations, swap_memory)
    outputs, c_last, h_last = run(xw, w_h, c0, h0, *extra)
    outputs.set_shape([inputs.shape[0], inputs.shape[1], n])
    if cell._state_is_tuple:
        final = LSTMStateTuple(c_last, h_last)
        if not isinstance(state, LSTMStateTuple):
            final = type(state)(final) if isinstance(state, (tuple, list)) else final
    else:
        final = tf.concat([c_last, h_last], 1)
    return outputs, final
