"""``AttentionWrapper`` (TF 1.15 ``tf.contrib.seq2seq``): an RNN cell that attends over memory after each step.

Source compared: uve/tensorflow@e08079463bf43e5963acc41da1f57e95603f8080 (TF master of 2019-08-06, the tree
r1.15 was cut from), tensorflow/contrib/seq2seq/python/ops/attention_wrapper.py (``attention_layer/kernel``).
"""
from __future__ import annotations

import collections
from typing import Any, Callable, Iterable

import tensorflow as tf

from ...layers import Dense
from ...rnn_cell._base import RNNCell
from ._attention import AttentionMechanism
from ._decoder import check_cell, zero_tensors

v1 = tf.compat.v1

__all__ = ["AttentionWrapper", "AttentionWrapperState"]


class AttentionWrapperState(collections.namedtuple(
        "AttentionWrapperState",
        ("cell_state", "attention", "time", "alignments", "alignment_history", "attention_state"))):
    """The wrapped cell's state plus the last attention, step, alignments (and their history)."""

    def clone(self, **kwargs: Any) -> "AttentionWrapperState":
        """A copy with ``kwargs`` replaced; replaced tensors keep the old static shapes."""

        def with_same_shape(old: Any, new: Any) -> Any:
            if isinstance(old, tf.Tensor) and isinstance(new, tf.Tensor) and not tf.executing_eagerly():
                new.set_shape(old.shape)
            return new

        return tf.nest.map_structure(with_same_shape, self, super()._replace(**kwargs))


def _compute_attention(attention_mechanism: Any, cell_output: tf.Tensor, attention_state: Any,
                       attention_layer: Any) -> tuple:
    """``(attention, alignments, next_attention_state)``: context = alignments . values, then the layer."""
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    context = tf.squeeze(tf.matmul(tf.expand_dims(alignments, 1), attention_mechanism.values), [1])
    attention = context if attention_layer is None else attention_layer(tf.concat([cell_output, context], 1))
    return attention, alignments, next_attention_state


def _layer_depth(layer: Any, cell: RNNCell, mechanism: Any) -> int:
    """Output depth of ``layer`` on ``[cell output, context]`` (TF 1.15 asks ``compute_output_shape``)."""
    if not hasattr(layer, "compute_output_shape"):
        return int(layer.units)
    depth = cell.output_size + tf.compat.dimension_value(mechanism.values.shape[-1])
    return tf.compat.dimension_value(tf.TensorShape(layer.compute_output_shape([None, depth]))[-1])


class AttentionWrapper(RNNCell):
    """Wraps ``cell``: inputs are ``cell_input_fn(inputs, attention)``, attention is computed from the output.

    Variables: the wrapped cell's under ``attention_wrapper/``, ``attention_wrapper/attention_layer/kernel``
    when ``attention_layer_size`` is set, and each mechanism's scoring variables.
    """

    def __init__(self, cell: RNNCell, attention_mechanism: Any, attention_layer_size: Any = None,
                 alignment_history: bool = False, cell_input_fn: Callable | None = None,
                 output_attention: bool = True, initial_cell_state: Any = None, name: str | None = None,
                 attention_layer: Any = None, attention_fn: Callable | None = None, dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        check_cell(cell)
        self._is_multi = isinstance(attention_mechanism, (list, tuple))
        mechanisms = tuple(attention_mechanism) if self._is_multi else (attention_mechanism,)
        for mechanism in mechanisms:
            if not isinstance(mechanism, AttentionMechanism):
                raise TypeError((f"attention_mechanism must contain only instances of AttentionMechanism, saw "
                                 f"type: {type(mechanism).__name__}") if self._is_multi else
                                (f"attention_mechanism must be an AttentionMechanism or list of multiple "
                                 f"AttentionMechanism instances, saw type: {type(mechanism).__name__}"))
        if cell_input_fn is None:
            cell_input_fn = lambda inputs, attention: tf.concat([inputs, attention], -1)  # noqa: E731
        elif not callable(cell_input_fn):
            raise TypeError(f"cell_input_fn must be callable, saw type: {type(cell_input_fn).__name__}")
        if attention_layer_size is not None and attention_layer is not None:
            raise ValueError("Only one of attention_layer_size and attention_layer should be set")
        if attention_layer_size is not None:
            sizes = tuple(attention_layer_size if isinstance(attention_layer_size, (list, tuple))
                          else (attention_layer_size,))
            self._check_count(sizes, mechanisms, "attention_layer_size")
            self._attention_layers = tuple(Dense(size, name="attention_layer", use_bias=False, dtype=m.dtype)
                                           for size, m in zip(sizes, mechanisms))
            self._attention_layer_size = sum(sizes)
        elif attention_layer is not None:
            self._attention_layers = tuple(attention_layer if isinstance(attention_layer, (list, tuple))
                                           else (attention_layer,))
            self._check_count(self._attention_layers, mechanisms, "attention_layer")
            self._attention_layer_size = sum(_layer_depth(layer, cell, m)
                                             for layer, m in zip(self._attention_layers, mechanisms))
        else:
            self._attention_layers = None
            self._attention_layer_size = sum(tf.compat.dimension_value(m.values.shape[-1]) for m in mechanisms)
        self._attention_fn = attention_fn or _compute_attention
        self._cell, self._attention_mechanisms = cell, mechanisms
        self._cell_input_fn, self._output_attention = cell_input_fn, output_attention
        self._alignment_history = alignment_history
        if initial_cell_state is None:
            self._initial_cell_state = None
        else:
            with tf.name_scope(name or "AttentionWrapperInit"):
                last = tf.nest.flatten(initial_cell_state)[-1]
                state_batch = tf.compat.dimension_value(last.shape[0]) or tf.shape(last)[0]
                message = ("When constructing AttentionWrapper %s: " % self.name
                           + "Non-matching batch sizes between the memory (encoder output) and initial_cell_state.  "
                           "Are you using the BeamSearchDecoder?  You may need to tile your initial state via the "
                           "tf.contrib.seq2seq.tile_batch function with argument multiple=beam_width.")
                with tf.control_dependencies(self._batch_size_checks(state_batch, message)):
                    self._initial_cell_state = tf.nest.map_structure(
                        lambda s: tf.identity(s, name="check_initial_cell_state"), initial_cell_state)

    @staticmethod
    def _check_count(items: tuple, mechanisms: tuple, what: str) -> None:
        if len(items) != len(mechanisms):
            item = "integer" if what == "attention_layer_size" else "layer"
            raise ValueError(f"If provided, {what} must contain exactly one {item} per attention_mechanism, "
                             f"saw: {len(items)} vs {len(mechanisms)}")

    def _batch_size_checks(self, batch_size: Any, error_message: str) -> list:
        return [v1.assert_equal(batch_size, m.batch_size, message=error_message) for m in self._attention_mechanisms]

    def _item_or_tuple(self, seq: Iterable) -> Any:
        items = tuple(seq)
        return items if self._is_multi else items[0]

    @property
    def output_size(self) -> Any:
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self) -> AttentionWrapperState:
        mechanisms = self._attention_mechanisms
        return AttentionWrapperState(
            cell_state=self._cell.state_size, time=tf.TensorShape([]), attention=self._attention_layer_size,
            alignments=self._item_or_tuple(m.alignments_size for m in mechanisms),
            attention_state=self._item_or_tuple(m.state_size for m in mechanisms),
            alignment_history=self._item_or_tuple(m.alignments_size if self._alignment_history else ()
                                                  for m in mechanisms))

    def zero_state(self, batch_size: Any, dtype: Any) -> AttentionWrapperState:
        """The initial state: the wrapped cell's (or ``initial_cell_state``), zero attention, step 0."""
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            cell_state = (self._initial_cell_state if self._initial_cell_state is not None
                          else self._cell.zero_state(batch_size, dtype))
            message = ("When calling zero_state of AttentionWrapper %s: " % self.name
                       + "Non-matching batch sizes between the memory (encoder output) and the requested batch "
                       "size.  Are you using the BeamSearchDecoder?  If so, make sure your encoder output has been "
                       "tiled to beam_width via tf.contrib.seq2seq.tile_batch, and the batch_size= argument passed "
                       "to zero_state is batch_size * beam_width.")
            with tf.control_dependencies(self._batch_size_checks(batch_size, message)):
                cell_state = tf.nest.map_structure(lambda s: tf.identity(s, name="checked_cell_state"), cell_state)
            alignments = [m.initial_alignments(batch_size, dtype) for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state, time=tf.zeros([], dtype=tf.int32),
                attention=zero_tensors(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(alignments),
                attention_state=self._item_or_tuple(m.initial_state(batch_size, dtype)
                                                    for m in self._attention_mechanisms),
                alignment_history=self._item_or_tuple(
                    tf.TensorArray(dtype, size=0, dynamic_size=True, element_shape=a.shape)
                    if self._alignment_history else () for a in alignments))

    def call(self, inputs: Any, state: AttentionWrapperState) -> tuple:
        if not isinstance(state, AttentionWrapperState):
            raise TypeError(f"Expected state to be instance of AttentionWrapperState. Received type "
                            f"{type(state)} instead.")
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        cell_batch = tf.compat.dimension_value(cell_output.shape[0]) or tf.shape(cell_output)[0]
        message = ("When applying AttentionWrapper %s: " % self.name
                   + "Non-matching batch sizes between the memory (encoder output) and the query (decoder output).  "
                   "Are you using the BeamSearchDecoder?  You may need to tile your memory input via the "
                   "tf.contrib.seq2seq.tile_batch function with argument multiple=beam_width.")
        with tf.control_dependencies(self._batch_size_checks(cell_batch, message)):
            cell_output = tf.identity(cell_output, name="checked_cell_output")
        previous_states = state.attention_state if self._is_multi else [state.attention_state]
        previous_histories = state.alignment_history if self._is_multi else [state.alignment_history]
        attentions, alignments, attention_states, histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            layer = self._attention_layers[i] if self._attention_layers else None
            attention, alignment, next_attention_state = self._attention_fn(
                mechanism, cell_output, previous_states[i], layer)
            histories.append(previous_histories[i].write(state.time, alignment) if self._alignment_history else ())
            attentions.append(attention)
            alignments.append(alignment)
            attention_states.append(next_attention_state)
        attention = tf.concat(attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(attention_states), alignments=self._item_or_tuple(alignments),
            alignment_history=self._item_or_tuple(histories))
        return (attention if self._output_attention else cell_output), next_state
