"""TF 1.x's ``FusedRNNCell`` interface: ``FusedRNNCellAdaptor`` and ``TimeReversedFusedRNN``.

A fused cell runs a whole time-major sequence: ``cell(inputs [T, B, D] or a list of [B, D], initial_state,
dtype, sequence_length, scope) -> (outputs like inputs, final_state)``.  ``TimeReversedFusedRNN`` over
``LSTMBlockFusedCell`` (the backward half of TF 1.x's fused bidirectional LSTMs) runs the fused LSTM loop
walking each sequence from its last valid step: the numbers of reverse, run, reverse, without the copies.
Semantics from TF 1.15's ``contrib/rnn/python/ops/fused_rnn_cell.py``.
"""
from __future__ import annotations

import abc
from typing import Any

import tensorflow as tf

from ...rnn import dynamic_rnn, static_rnn
from ...rnn_cell._layout import run_time_major
from ._block import LSTMBlockFusedCell


class FusedRNNCell(abc.ABC):
    """A recurrent network over a whole sequence (the loop over time inside the cell)."""

    @abc.abstractmethod
    def __call__(self, inputs: Any, initial_state: Any = None, dtype: Any = None, sequence_length: Any = None,
                 scope: Any = None) -> tuple:
        """``inputs`` [T, B, D] or a list of T [B, D] -> ``(outputs in the same form, final_state)``."""


class FusedRNNCellAdaptor(FusedRNNCell):
    """An ``RNNCell`` as a fused cell: ``dynamic_rnn`` (time-major) or ``static_rnn`` over it."""

    def __init__(self, cell: Any, use_dynamic_rnn: bool = False) -> None:
        self._cell = cell
        self._use_dynamic_rnn = use_dynamic_rnn

    def __call__(self, inputs: Any, initial_state: Any = None, dtype: Any = None, sequence_length: Any = None,
                 scope: Any = None) -> tuple:
        is_list = isinstance(inputs, list)
        if self._use_dynamic_rnn:
            outputs, state = dynamic_rnn(self._cell, tf.stack(inputs) if is_list else inputs,
                                         sequence_length=sequence_length, initial_state=initial_state,
                                         dtype=dtype, time_major=True, scope=scope)
            return (tf.unstack(outputs) if is_list else outputs), state
        outputs, state = static_rnn(self._cell, inputs if is_list else tf.unstack(inputs),
                                    initial_state=initial_state, dtype=dtype, sequence_length=sequence_length,
                                    scope=scope)
        return (outputs if is_list else tf.stack(outputs)), state


class TimeReversedFusedRNN(FusedRNNCell):
    """``cell`` over the time-reversed sequences, its outputs reversed back (each sequence's first
    ``sequence_length[b]`` steps; a list of steps is reversed whole, whatever the lengths, as in TF 1.x)."""

    def __init__(self, cell: Any) -> None:
        self._cell = cell

    def __call__(self, inputs: Any, initial_state: Any = None, dtype: Any = None, sequence_length: Any = None,
                 scope: Any = None) -> tuple:
        if isinstance(inputs, list):
            outputs, state = self._cell(inputs[::-1], initial_state=initial_state, dtype=dtype,
                                        sequence_length=sequence_length, scope=scope)
            return outputs[::-1], state
        if isinstance(self._cell, LSTMBlockFusedCell):
            return self._cell._call(inputs, initial_state, dtype, sequence_length, scope, reverse=True)
        return run_time_major(
            lambda reversed_inputs: self._cell(reversed_inputs, initial_state=initial_state, dtype=dtype,
                                               sequence_length=sequence_length, scope=scope),
            inputs, sequence_length, time_major=True, reverse=True)
