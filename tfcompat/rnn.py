"""TF 1.x ``dynamic_rnn``, ``static_rnn``, the bidirectional forms and the 0.x ``rnn`` names.

Built on ``tf.while_loop`` and ``tf.compat.v1`` variable scopes, no Keras; variable names
match TF 1.x (``rnn/basic_lstm_cell/kernel``, ``bidirectional_rnn/fw/...``).
"""
from __future__ import annotations

from typing import Any, Sequence

import tensorflow as tf

from ._warnings import warn_removed
from .rnn_cell._base import RNNCell, v1
from .rnn_cell._fused import fused_inputs, fused_runner
from .rnn_cell._layout import reverse_steps, run_time_major
from tfcompat.spec.served import exported

__all__ = exported(__name__)


def _batch_size(flat_inputs: Sequence[tf.Tensor], axis: int) -> Any:
    for x in flat_inputs:
        static = tf.compat.dimension_value(x.shape[axis])
        if static is not None:
            return int(static)
    return tf.shape(flat_inputs[0])[axis]


def _select_finished(finished: tf.Tensor, old: tf.Tensor, new: tf.Tensor) -> tf.Tensor:
    """``old`` where the example has finished (``finished[b]``), else ``new``."""
    cond = tf.reshape(finished, [-1] + [1] * (new.shape.rank - 1))
    result = tf.where(cond, old, new)
    result.set_shape(new.shape)
    return result


def _rnn_step(time: Any, sequence_length: tf.Tensor, zero_output: Any, state: Any,
              output: Any, new_state: Any) -> tuple:
    """Zero outputs and carry the state through for examples past their length."""
    finished = time >= sequence_length
    output = tf.nest.map_structure(lambda z, o: _select_finished(finished, z, o), zero_output, output)
    flat_state = [_select_finished(finished, s, n)
                  for s, n in zip(tf.nest.flatten(state), tf.nest.flatten(new_state))]
    return output, tf.nest.pack_sequence_as(state, flat_state)


def _initial_state(cell: RNNCell, initial_state: Any, batch_size: Any, dtype: Any, message: str) -> Any:
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError(message)
    return cell.zero_state(batch_size, dtype)


def _zero_output(cell: RNNCell, batch_size: Any, dtype: Any) -> Any:
    from .rnn_cell._base import zero_state_tensors
    return zero_state_tensors(cell.output_size, batch_size, dtype)


def _check_sequence_length(sequence_length: Any) -> Any:
    if sequence_length is None:
        return None
    sequence_length = tf.cast(sequence_length, tf.int32)
    if sequence_length.shape.rank not in (None, 1):
        raise ValueError(f"sequence_length must be a vector of length batch_size, "
                         f"but saw shape: {sequence_length.shape}")
    return tf.identity(sequence_length, name="sequence_length")


def _dynamic_rnn_loop(cell: RNNCell, inputs: Any, state: Any, parallel_iterations: int,
                      swap_memory: bool, sequence_length: Any, batch_size: Any, dtype: Any = None) -> tuple:
    flat_inputs = tf.nest.flatten(inputs)
    steps = tf.shape(flat_inputs[0])[0]
    static_steps = flat_inputs[0].shape[0]
    static_batch = batch_size if isinstance(batch_size, int) else None
    # TF 1.x's _infer_state_dtype: an explicit dtype types the outputs (crf_decode's int32 backpointers).
    dtype = tf.as_dtype(dtype) if dtype else tf.nest.flatten(state)[0].dtype
    input_tas = [tf.TensorArray(x.dtype, size=steps, element_shape=x.shape[1:]).unstack(x)
                 for x in flat_inputs]
    output_shapes = [tf.TensorShape([static_batch]).concatenate(s)
                     for s in tf.nest.flatten(tf.nest.map_structure(
                         lambda s: tf.TensorShape(s if isinstance(s, (list, tuple, tf.TensorShape)) else [s]),
                         cell.output_size))]
    output_tas = [tf.TensorArray(dtype, size=steps, element_shape=s) for s in output_shapes]
    zero_output = _zero_output(cell, batch_size, dtype) if sequence_length is not None else None

    def body(time: tf.Tensor, output_tas: list, state: Any) -> tuple:
        step_inputs = tf.nest.pack_sequence_as(inputs, [ta.read(time) for ta in input_tas])
        output, new_state = cell(step_inputs, state)
        new_state = tf.nest.pack_sequence_as(state, tf.nest.flatten(new_state))
        if sequence_length is not None:
            output, new_state = _rnn_step(time, sequence_length, zero_output, state, output, new_state)
        flat_output = tf.nest.flatten(output)
        return time + 1, [ta.write(time, o) for ta, o in zip(output_tas, flat_output)], new_state

    _, output_tas, final_state = tf.while_loop(
        lambda time, *_: time < steps, body, (tf.constant(0, name="time"), output_tas, state),
        parallel_iterations=parallel_iterations, swap_memory=swap_memory, maximum_iterations=steps)
    flat_outputs = []
    for ta, shape in zip(output_tas, output_shapes):
        stacked = ta.stack()
        stacked.set_shape(tf.TensorShape([static_steps]).concatenate(shape))
        flat_outputs.append(stacked)
    return tf.nest.pack_sequence_as(cell.output_size, flat_outputs), final_state


def dynamic_rnn(cell: RNNCell, inputs: Any, sequence_length: Any = None, initial_state: Any = None,
                dtype: Any = None, parallel_iterations: int | None = None, swap_memory: bool = False,
                time_major: bool = False, scope: Any = None) -> tuple:
    """Run ``cell`` over ``inputs`` with a while loop; returns ``(outputs, final_state)``.

    Past ``sequence_length[b]`` outputs are zero and the state is carried through.
    LSTM cells (BasicLSTMCell, LSTMCell, LSTMBlockCell) and GRUCell/GRUBlockCell use fused paths with the
    same variables and numbers.
    """
    return _dynamic_rnn(cell, inputs, sequence_length, initial_state, dtype, parallel_iterations, swap_memory,
                        time_major, scope or "rnn", reverse=False)


def _dynamic_rnn(cell: RNNCell, inputs: Any, sequence_length: Any, initial_state: Any, dtype: Any,
                 parallel_iterations: int | None, swap_memory: bool, time_major: bool, scope: Any,
                 reverse: bool) -> tuple:
    """``dynamic_rnn``; with ``reverse``, over each sequence read backwards from its last valid step, each
    output at its own step (``bidirectional_dynamic_rnn``'s backward half).  The fused paths take the caller's
    layout and order (the LSTM's loop reads it directly); the cell loop runs time-major and forward."""
    with v1.variable_scope(scope):
        inputs = tf.nest.map_structure(tf.convert_to_tensor, inputs)
        flat_inputs = tf.nest.flatten(inputs)
        parallel_iterations = parallel_iterations or 32
        sequence_length = _check_sequence_length(sequence_length)
        batch_size = _batch_size(flat_inputs, 1 if time_major else 0)
        state = _initial_state(cell, initial_state, batch_size, dtype,
                               "If there is no initial_state, you must give a dtype.")
        runner = fused_runner(cell) if fused_inputs(inputs) else None
        if runner is not None:
            return runner(cell, inputs, state, sequence_length, parallel_iterations, swap_memory, time_major,
                          reverse)
        return run_time_major(
            lambda forward: _dynamic_rnn_loop(cell, forward, state, parallel_iterations, swap_memory,
                                              sequence_length, batch_size, dtype),
            inputs, sequence_length, time_major, reverse)


def static_rnn(cell: RNNCell, inputs: Sequence[Any], initial_state: Any = None, dtype: Any = None,
               sequence_length: Any = None, scope: Any = None) -> tuple:
    """One cell call per list element (TF 0.x ``tf.nn.rnn``); returns ``(outputs, final_state)``.

    LSTM and GRU cells run the list as one sequence on their fused path (same variables and numbers)."""
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    outputs = []
    with v1.variable_scope(scope or "rnn") as varscope:
        first = tf.nest.flatten(inputs[0])[0]
        batch_size = _batch_size([tf.convert_to_tensor(first)], 0)
        state = _initial_state(cell, initial_state, batch_size, dtype,
                               "If no initial_state is provided, dtype must be specified")
        sequence_length = _check_sequence_length(sequence_length)
        runner = fused_runner(cell)
        if runner is not None and all(isinstance(x, tf.Tensor) and x.shape.rank == 2 for x in inputs):
            stacked = tf.stack(inputs)  # the list runs as one sequence on the cell's fused path
            if fused_inputs(stacked):
                outputs, state = runner(cell, stacked, state, sequence_length, 32, False)
                return tf.unstack(outputs), state
        if sequence_length is not None:
            zero_output = _zero_output(cell, batch_size, tf.nest.flatten(state)[0].dtype)
        for time, step_input in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            output, new_state = cell(step_input, state)
            if sequence_length is not None:
                output, new_state = _rnn_step(time, sequence_length, zero_output, state, output, new_state)
            state = new_state
            outputs.append(output)
        return outputs, state


def bidirectional_dynamic_rnn(cell_fw: RNNCell, cell_bw: RNNCell, inputs: Any, sequence_length: Any = None,
                              initial_state_fw: Any = None, initial_state_bw: Any = None,
                              dtype: Any = None, parallel_iterations: int | None = None,
                              swap_memory: bool = False, time_major: bool = False,
                              scope: Any = None) -> tuple:
    """Forward and reversed ``dynamic_rnn``; returns ``((out_fw, out_bw), (state_fw, state_bw))``.

    The backward LSTM's fused loop reads the sequences from their ends: no reversed copies of the inputs,
    outputs or their gradients."""
    with v1.variable_scope(scope or "bidirectional_rnn"):
        with v1.variable_scope("fw") as fw_scope:
            output_fw, state_fw = _dynamic_rnn(cell_fw, inputs, sequence_length, initial_state_fw, dtype,
                                               parallel_iterations, swap_memory, time_major, fw_scope, False)
        with v1.variable_scope("bw") as bw_scope:
            output_bw, state_bw = _dynamic_rnn(cell_bw, inputs, sequence_length, initial_state_bw, dtype,
                                               parallel_iterations, swap_memory, time_major, bw_scope, True)
    return (output_fw, output_bw), (state_fw, state_bw)


def _reverse_list(inputs: Sequence[Any], lengths: Any) -> list:
    if lengths is None:
        return list(reversed(inputs))
    flat_steps = [tf.nest.flatten(x) for x in inputs]
    reversed_flat = []
    for parts in zip(*flat_steps):
        stacked = tf.stack(parts)
        reversed_flat.append(tf.unstack(reverse_steps(stacked, lengths, 0, 1)))
    return [tf.nest.pack_sequence_as(inputs[0], [r[t] for r in reversed_flat]) for t in range(len(inputs))]


def static_bidirectional_rnn(cell_fw: RNNCell, cell_bw: RNNCell, inputs: Sequence[Any],
                             initial_state_fw: Any = None, initial_state_bw: Any = None, dtype: Any = None,
                             sequence_length: Any = None, scope: Any = None) -> tuple:
    """Static forward and backward RNNs; outputs concatenated per step: ``(outputs, state_fw, state_bw)``."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise TypeError("inputs must be a non-empty list")
    with v1.variable_scope(scope or "bidirectional_rnn"):
        with v1.variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length,
                                             scope=fw_scope)
        with v1.variable_scope("bw") as bw_scope:
            reversed_out, state_bw = static_rnn(cell_bw, _reverse_list(inputs, sequence_length),
                                                initial_state_bw, dtype, sequence_length, scope=bw_scope)
    output_bw = _reverse_list(reversed_out, sequence_length)
    outputs = [tf.nest.pack_sequence_as(fw, [tf.concat([a, b], 1)
                                             for a, b in zip(tf.nest.flatten(fw), tf.nest.flatten(bw))])
               for fw, bw in zip(output_fw, output_bw)]
    return outputs, state_fw, state_bw


def rnn(cell: RNNCell, inputs: Sequence[Any], initial_state: Any = None, dtype: Any = None,
        sequence_length: Any = None, scope: Any = None) -> tuple:
    """TF 0.x ``tf.nn.rnn``: same as :func:`static_rnn`."""
    warn_removed("tf.nn.rnn", "tfcompat.rnn.static_rnn", "TFC101")
    return static_rnn(cell, inputs, initial_state, dtype, sequence_length, scope)


def bidirectional_rnn(cell_fw: RNNCell, cell_bw: RNNCell, inputs: Sequence[Any],
                      initial_state_fw: Any = None, initial_state_bw: Any = None, dtype: Any = None,
                      sequence_length: Any = None, scope: Any = None) -> tuple:
    """TF 0.x ``tf.nn.bidirectional_rnn``: same as :func:`static_bidirectional_rnn`."""
    warn_removed("tf.nn.bidirectional_rnn", "tfcompat.rnn.static_bidirectional_rnn", "TFC101")
    return static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw, initial_state_bw, dtype,
                                    sequence_length, scope)
