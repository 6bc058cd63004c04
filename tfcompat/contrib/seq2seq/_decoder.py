"""``Decoder``, ``dynamic_decode`` and ``BasicDecoder`` (TF 1.15 ``tf.contrib.seq2seq``), on ``tf.while_loop``.

Source compared: uve/tensorflow@e08079463bf43e5963acc41da1f57e95603f8080 (TF master of 2019-08-06, the tree
r1.15 was cut from), tensorflow/contrib/seq2seq/python/ops/decoder.py and basic_decoder.py (the ``decoder`` scope).
"""
from __future__ import annotations

import abc
import collections
from typing import Any

import tensorflow as tf

from ...rnn_cell._layout import transpose_batch_time
from ._helper import Helper

v1 = tf.compat.v1

__all__ = ["BasicDecoder", "BasicDecoderOutput", "Decoder", "dynamic_decode"]


class Decoder(abc.ABC):
    """What ``dynamic_decode`` runs: ``initialize`` once, ``step`` per time step, ``finalize`` at the end."""

    @property
    def batch_size(self) -> Any:
        raise NotImplementedError

    @property
    def output_size(self) -> Any:
        raise NotImplementedError

    @property
    def output_dtype(self) -> Any:
        raise NotImplementedError

    @abc.abstractmethod
    def initialize(self, name: str | None = None) -> tuple:
        """``(finished, initial_inputs, initial_state)``."""

    @abc.abstractmethod
    def step(self, time: Any, inputs: Any, state: Any, name: str | None = None) -> tuple:
        """``(outputs, next_state, next_inputs, finished)``."""

    def finalize(self, outputs: Any, final_state: Any, sequence_lengths: Any) -> tuple:
        raise NotImplementedError

    @property
    def tracks_own_finished(self) -> bool:
        """True when ``step``'s ``finished`` already accounts for earlier steps (beam search)."""
        return False


def zero_tensors(size: Any, batch_size: Any, dtype: Any) -> Any:
    """Zeros ``[batch_size] + s`` for every ``s`` in ``size`` (ints, shapes, or scalar int tensors)."""

    def make(s: Any) -> tf.Tensor:
        if isinstance(s, tf.Tensor):
            dims, static = tf.reshape(s, [1]), tf.TensorShape([tf.get_static_value(s)])
        else:
            static = tf.TensorShape(s)
            dims = tf.constant(static.as_list(), dtype=tf.int32, shape=[static.rank])
        zeros = tf.zeros(tf.concat([tf.reshape(tf.cast(batch_size, tf.int32), [1]), dims], 0), dtype=dtype)
        zeros.set_shape(tf.TensorShape([tf.get_static_value(batch_size)]).concatenate(static))
        return zeros

    return tf.nest.map_structure(make, size)


def output_size_after_layer(size: Any, output_layer: Any) -> Any:
    """The cell's ``output_size`` as the ``output_layer`` transforms it."""
    if output_layer is None:
        return size
    if hasattr(output_layer, "compute_output_shape"):
        shapes = tf.nest.map_structure(lambda s: tf.TensorShape([None]).concatenate(s), size)
        return tf.nest.map_structure(lambda s: tf.TensorShape(s)[1:], output_layer.compute_output_shape(shapes))
    return tf.nest.map_structure(lambda _: tf.TensorShape([output_layer.units]), size)


def check_cell(cell: Any) -> None:
    """TF 1.15's ``rnn_cell_impl.assert_like_rnncell("cell", cell)``: a TypeError naming what is missing."""
    conditions = [hasattr(cell, "output_size"), hasattr(cell, "state_size"),
                  hasattr(cell, "get_initial_state") or hasattr(cell, "zero_state"), callable(cell)]
    errors = ["'output_size' property is missing", "'state_size' property is missing",
              "either 'zero_state' or 'get_initial_state' method is required", "is not callable"]
    if not all(conditions):
        missing = ", ".join(error for error, ok in zip(errors, conditions) if not ok)
        raise TypeError(f"The argument 'cell' ({cell}) is not an RNNCell: {missing}.")


def check_output_layer(output_layer: Any) -> None:
    if output_layer is not None and not callable(output_layer):
        raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    pass


class BasicDecoder(Decoder):
    """Runs ``cell`` (then ``output_layer``) and lets ``helper`` pick the sample ids and next inputs."""

    def __init__(self, cell: Any, helper: Helper, initial_state: Any, output_layer: Any = None) -> None:
        check_cell(cell)
        if not isinstance(helper, Helper):
            raise TypeError(f"helper must be a Helper, received: {type(helper)}")
        check_output_layer(output_layer)
        self._cell, self._helper, self._initial_state = cell, helper, initial_state
        self._output_layer = output_layer

    @property
    def batch_size(self) -> Any:
        return self._helper.batch_size

    @property
    def output_size(self) -> BasicDecoderOutput:
        return BasicDecoderOutput(rnn_output=output_size_after_layer(self._cell.output_size, self._output_layer),
                                  sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self) -> BasicDecoderOutput:
        dtype = tf.nest.flatten(self._initial_state)[0].dtype
        size = output_size_after_layer(self._cell.output_size, self._output_layer)
        return BasicDecoderOutput(tf.nest.map_structure(lambda _: dtype, size), self._helper.sample_ids_dtype)

    def initialize(self, name: str | None = None) -> tuple:
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time: Any, inputs: Any, state: Any, name: str | None = None) -> tuple:
        with tf.name_scope(name or "BasicDecoderStep"):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished


def _element_shape(batch_size: Any, size: Any) -> tf.TensorShape | None:
    if not isinstance(size, tf.TensorShape) or size.rank == 0:
        return None
    return tf.TensorShape([tf.get_static_value(tf.convert_to_tensor(batch_size))]).concatenate(size)


def _copy_finished_state(finished: tf.Tensor, new: Any, old: Any) -> Any:
    """Keep ``old`` for finished examples; TensorArrays and scalars pass through."""
    if isinstance(old, tf.TensorArray):
        return new
    new.set_shape(old.shape)
    return new if new.shape.rank == 0 else v1.where(finished, old, new)


def _in_while_loop() -> bool:
    context = v1.get_default_graph()._get_control_flow_context()  # pylint: disable=protected-access
    while context is not None:
        if context.IsWhileContext():
            return True
        context = context.outer_context
    return False


def dynamic_decode(decoder: Decoder, output_time_major: bool = False, impute_finished: bool = False,
                   maximum_iterations: Any = None, parallel_iterations: int = 32, swap_memory: bool = False,
                   scope: Any = None) -> tuple:
    """Run ``decoder`` until every example is finished (or ``maximum_iterations``).

    Returns ``(final_outputs, final_state, final_sequence_lengths)``; variables live under ``decoder/``.
    """
    if not isinstance(decoder, Decoder):
        raise TypeError(f"Expected decoder to be type Decoder, but saw: {type(decoder)}")
    with v1.variable_scope(scope, "decoder") as varscope:
        # no caching device inside a while loop: a training step wrapped in one must re-read updated weights
        if not tf.executing_eagerly() and not _in_while_loop() and varscope.caching_device is None:
            varscope.set_caching_device(lambda op: op.device)
        if maximum_iterations is not None:
            maximum_iterations = tf.convert_to_tensor(maximum_iterations, dtype=tf.int32, name="maximum_iterations")
            if maximum_iterations.shape.rank != 0:
                raise ValueError("maximum_iterations must be a scalar")
        initial_finished, initial_inputs, initial_state = decoder.initialize()
        zero_outputs = tf.nest.map_structure(lambda s, d: zero_tensors(s, decoder.batch_size, d),
                                             decoder.output_size, decoder.output_dtype)
        if maximum_iterations is not None:
            initial_finished = tf.logical_or(initial_finished, 0 >= maximum_iterations)
        initial_sequence_lengths = tf.zeros_like(initial_finished, dtype=tf.int32)
        initial_outputs_ta = tf.nest.map_structure(
            lambda s, d: tf.TensorArray(d, size=0, dynamic_size=True,
                                        element_shape=_element_shape(decoder.batch_size, s)),
            decoder.output_size, decoder.output_dtype)

        def condition(time: Any, outputs_ta: Any, state: Any, inputs: Any, finished: tf.Tensor,
                      sequence_lengths: Any) -> tf.Tensor:
            return tf.logical_not(tf.reduce_all(finished))

        def body(time: tf.Tensor, outputs_ta: Any, state: Any, inputs: Any, finished: tf.Tensor,
                 sequence_lengths: tf.Tensor) -> tuple:
            next_outputs, decoder_state, next_inputs, decoder_finished = decoder.step(time, inputs, state)
            if decoder.tracks_own_finished:
                next_finished = decoder_finished
            else:
                next_finished = tf.logical_or(decoder_finished, finished)
            # TF 1.15 counts steps per batch slot, also for decoders that track their own finished state (a
            # BeamSearchDecoder's own per-beam lengths are in its final state, not here)
            next_sequence_lengths = v1.where(tf.logical_not(finished),
                                             tf.fill(tf.shape(sequence_lengths), time + 1), sequence_lengths)
            tf.nest.assert_same_structure(state, decoder_state)
            tf.nest.assert_same_structure(outputs_ta, next_outputs)
            tf.nest.assert_same_structure(inputs, next_inputs)
            if impute_finished:
                emit = tf.nest.map_structure(lambda out, zero: v1.where(finished, zero, out),
                                             next_outputs, zero_outputs)
                next_state = tf.nest.map_structure(lambda new, old: _copy_finished_state(finished, new, old),
                                                   decoder_state, state)
            else:
                emit, next_state = next_outputs, decoder_state
            outputs_ta = tf.nest.map_structure(lambda ta, out: ta.write(time, out), outputs_ta, emit)
            return time + 1, outputs_ta, next_state, next_inputs, next_finished, next_sequence_lengths

        result = tf.while_loop(
            condition, body,
            loop_vars=(tf.constant(0, dtype=tf.int32), initial_outputs_ta, initial_state, initial_inputs,
                       initial_finished, initial_sequence_lengths),
            parallel_iterations=parallel_iterations, maximum_iterations=maximum_iterations, swap_memory=swap_memory)
        final_outputs = tf.nest.map_structure(lambda ta: ta.stack(), result[1])
        final_state, final_sequence_lengths = result[2], result[5]
        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, final_sequence_lengths)
        except NotImplementedError:
            pass
        if not output_time_major:
            final_outputs = tf.nest.map_structure(transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_sequence_lengths
