"""``tf.contrib.seq2seq`` helpers (TF 1.15): how a decoder samples ids and reads its next inputs.

Source compared: uve/tensorflow@e08079463bf43e5963acc41da1f57e95603f8080 (TF master of 2019-08-06, the tree
r1.15 was cut from), tensorflow/contrib/seq2seq/python/ops/helper.py (bernoulli_sample, categorical_sample).
"""
from __future__ import annotations

import abc
from typing import Any, Callable

import tensorflow as tf

from ...rnn_cell._layout import transpose_batch_time

v1 = tf.compat.v1

__all__ = ["CustomHelper", "GreedyEmbeddingHelper", "Helper", "InferenceHelper", "SampleEmbeddingHelper",
           "ScheduledEmbeddingTrainingHelper", "ScheduledOutputTrainingHelper", "TrainingHelper"]


def _unstack_ta(inputs: tf.Tensor) -> tf.TensorArray:
    return tf.TensorArray(inputs.dtype, size=tf.shape(inputs)[0], element_shape=inputs.shape[1:]).unstack(inputs)


def _embedding_fn(embedding: Any) -> Callable:
    if callable(embedding):
        return embedding
    return lambda ids: tf.nn.embedding_lookup(embedding, ids)


def _categorical_sample(logits: tf.Tensor, seed: int | None) -> tf.Tensor:
    """One draw per row of ``logits``, as TF 1.x ``Categorical(logits).sample(seed=seed)`` (int32 ids)."""
    depth = tf.shape(logits)[-1]
    draws = v1.multinomial(tf.reshape(logits, [-1, depth]), 1, seed=seed)
    return tf.reshape(tf.cast(draws, tf.int32), tf.shape(logits)[:-1])


def _bernoulli_sample(probs: tf.Tensor, batch_size: Any, seed: int | None) -> tf.Tensor:
    """``[batch_size]`` booleans, True with probability ``probs`` (uniform < p, as TF 1.x ``Bernoulli``)."""
    return v1.random_uniform(tf.reshape(batch_size, [1]), seed=seed, dtype=probs.dtype) < probs


def _scatter_merge(where_a: tf.Tensor, updates_a: tf.Tensor, where_b: tf.Tensor, updates_b: tf.Tensor,
                   like: tf.Tensor) -> tf.Tensor:
    shape = tf.shape(like)
    return tf.scatter_nd(where_a, updates_a, shape) + tf.scatter_nd(where_b, updates_b, shape)


class Helper(abc.ABC):
    """Interface of the helpers ``BasicDecoder`` uses."""

    @property
    @abc.abstractmethod
    def batch_size(self) -> Any:
        """Batch size of the tensors the helper returns."""

    @property
    @abc.abstractmethod
    def sample_ids_shape(self) -> tf.TensorShape:
        """Shape of one example's sample ids."""

    @property
    @abc.abstractmethod
    def sample_ids_dtype(self) -> tf.DType:
        """DType of the sample ids."""

    @abc.abstractmethod
    def initialize(self, name: str | None = None) -> tuple:
        """``(initial_finished, initial_inputs)``."""

    @abc.abstractmethod
    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> Any:
        """``sample_ids``."""

    @abc.abstractmethod
    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any, name: str | None = None) -> tuple:
        """``(finished, next_inputs, next_state)``."""


class CustomHelper(Helper):
    """A helper made of three user functions."""

    def __init__(self, initialize_fn: Callable, sample_fn: Callable, next_inputs_fn: Callable,
                 sample_ids_shape: Any = None, sample_ids_dtype: Any = None) -> None:
        self._initialize_fn, self._sample_fn, self._next_inputs_fn = initialize_fn, sample_fn, next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = tf.TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = sample_ids_dtype or tf.int32

    @property
    def batch_size(self) -> Any:
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    @property
    def sample_ids_shape(self) -> tf.TensorShape:
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self) -> tf.DType:
        return self._sample_ids_dtype

    def initialize(self, name: str | None = None) -> tuple:
        with tf.name_scope(name or f"{type(self).__name__}Initialize"):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = tf.size(finished)
        return finished, next_inputs

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> Any:
        with tf.name_scope(name or f"{type(self).__name__}Sample"):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any, name: str | None = None) -> tuple:
        with tf.name_scope(name or f"{type(self).__name__}NextInputs"):
            return self._next_inputs_fn(time=time, outputs=outputs, state=state, sample_ids=sample_ids)


class TrainingHelper(Helper):
    """Teacher forcing: the next input is the next step of ``inputs``; argmax sample ids."""

    def __init__(self, inputs: Any, sequence_length: Any, time_major: bool = False, name: str | None = None) -> None:
        with tf.name_scope(name or "TrainingHelper"):
            inputs = tf.nest.map_structure(tf.convert_to_tensor, inputs)
            self._inputs = inputs  # as given (batch-major unless time_major), as TF 1.15's ``inputs`` property
            if not time_major:
                inputs = tf.nest.map_structure(transpose_batch_time, inputs)
            self._input_tas = tf.nest.map_structure(_unstack_ta, inputs)
            self._sequence_length = tf.convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.shape.rank != 1:
                raise ValueError(f"Expected sequence_length to be a vector, but received shape: "
                                 f"{self._sequence_length.shape}")
            self._zero_inputs = tf.nest.map_structure(lambda inp: tf.zeros_like(inp[0, :]), inputs)
            self._batch_size = tf.size(self._sequence_length)

    @property
    def inputs(self) -> Any:
        return self._inputs

    @property
    def sequence_length(self) -> tf.Tensor:
        return self._sequence_length

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def sample_ids_shape(self) -> tf.TensorShape:
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self) -> tf.DType:
        return tf.int32

    def _read_inputs(self, time: Any, all_finished: tf.Tensor) -> Any:
        return tf.cond(all_finished, lambda: self._zero_inputs,
                       lambda: tf.nest.map_structure(lambda ta: ta.read(time), self._input_tas))

    def initialize(self, name: str | None = None) -> tuple:
        with tf.name_scope(name or "TrainingHelperInitialize"):
            finished = tf.equal(0, self._sequence_length)
            return finished, self._read_inputs(0, tf.reduce_all(finished))

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> tf.Tensor:
        with tf.name_scope(name or "TrainingHelperSample"):
            return tf.cast(tf.argmax(outputs, axis=-1), tf.int32)

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any = None,
                    name: str | None = None, **unused_kwargs: Any) -> tuple:
        with tf.name_scope(name or "TrainingHelperNextInputs"):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            return finished, self._read_inputs(next_time, tf.reduce_all(finished)), state


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """Teacher forcing where each example, with ``sampling_probability``, feeds back the embedding of a sample."""

    def __init__(self, inputs: Any, sequence_length: Any, embedding: Any, sampling_probability: Any,
                 time_major: bool = False, seed: int | None = None, scheduling_seed: int | None = None,
                 name: str | None = None) -> None:
        with tf.name_scope(name or "ScheduledEmbeddingSamplingWrapper"):
            self._embedding_fn = _embedding_fn(embedding)
            self._sampling_probability = tf.convert_to_tensor(sampling_probability, name="sampling_probability")
            if self._sampling_probability.shape.rank not in (0, 1):
                raise ValueError(f"sampling_probability must be either a scalar or a vector. "
                                 f"saw shape: {self._sampling_probability.shape}")
            self._seed, self._scheduling_seed = seed, scheduling_seed
            super().__init__(inputs, sequence_length, time_major=time_major, name=name)

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> tf.Tensor:
        with tf.name_scope(name or "ScheduledEmbeddingTrainingHelperSample"):
            select = _bernoulli_sample(self._sampling_probability, self.batch_size, self._scheduling_seed)
            return v1.where(select, _categorical_sample(outputs, self._seed), tf.fill([self.batch_size], -1))

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any = None,
                    name: str | None = None, **unused_kwargs: Any) -> tuple:
        with tf.name_scope(name or "ScheduledEmbeddingTrainingHelperNextInputs"):
            finished, base_next_inputs, state = super().next_inputs(time, outputs, state, sample_ids)

            def maybe_sample() -> tf.Tensor:
                where_sampling = tf.cast(v1.where(sample_ids > -1), tf.int32)
                where_not_sampling = tf.cast(v1.where(sample_ids <= -1), tf.int32)
                sampled = self._embedding_fn(tf.gather_nd(sample_ids, where_sampling))
                return _scatter_merge(where_sampling, sampled, where_not_sampling,
                                      tf.gather_nd(base_next_inputs, where_not_sampling), base_next_inputs)

            next_inputs = tf.cond(tf.reduce_all(finished), lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class ScheduledOutputTrainingHelper(TrainingHelper):
    """Teacher forcing where each example, with ``sampling_probability``, feeds back its own output."""

    def __init__(self, inputs: Any, sequence_length: Any, sampling_probability: Any, time_major: bool = False,
                 seed: int | None = None, next_inputs_fn: Callable | None = None, auxiliary_inputs: Any = None,
                 name: str | None = None) -> None:
        with tf.name_scope(name or "ScheduledOutputTrainingHelper"):
            self._sampling_probability = tf.convert_to_tensor(sampling_probability, name="sampling_probability")
            if self._sampling_probability.shape.rank not in (0, 1):
                raise ValueError(f"sampling_probability must be either a scalar or a vector. "
                                 f"saw shape: {self._sampling_probability.shape}")
            if auxiliary_inputs is None:
                maybe_concatenated_inputs = inputs
            else:
                inputs = tf.nest.map_structure(tf.convert_to_tensor, inputs)
                auxiliary_inputs = tf.nest.map_structure(tf.convert_to_tensor, auxiliary_inputs)
                maybe_concatenated_inputs = tf.nest.map_structure(
                    lambda x, y: tf.concat((x, y), -1), inputs, auxiliary_inputs)
                if not time_major:
                    auxiliary_inputs = tf.nest.map_structure(transpose_batch_time, auxiliary_inputs)
            self._auxiliary_input_tas = (None if auxiliary_inputs is None
                                         else tf.nest.map_structure(_unstack_ta, auxiliary_inputs))
            self._seed = seed
            self._next_inputs_fn = next_inputs_fn
            super().__init__(maybe_concatenated_inputs, sequence_length, time_major=time_major, name=name)

    @property
    def sample_ids_dtype(self) -> tf.DType:
        return tf.bool

    def initialize(self, name: str | None = None) -> tuple:
        return super().initialize(name=name or "ScheduledOutputTrainingHelperInitialize")

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> tf.Tensor:
        with tf.name_scope(name or "ScheduledOutputTrainingHelperSample"):
            return _bernoulli_sample(self._sampling_probability, self.batch_size, self._seed)

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any = None,
                    name: str | None = None, **unused_kwargs: Any) -> tuple:
        with tf.name_scope(name or "ScheduledOutputTrainingHelperNextInputs"):
            finished, base_next_inputs, state = super().next_inputs(time, outputs, state, sample_ids)
            sample_ids = tf.cast(sample_ids, tf.bool)

            def with_auxiliary(outputs_: Any, indices: tf.Tensor | None = None) -> Any:
                if self._auxiliary_input_tas is None:
                    return outputs_
                auxiliary = tf.nest.map_structure(lambda ta: ta.read(time + 1), self._auxiliary_input_tas)
                if indices is not None:
                    auxiliary = tf.nest.map_structure(lambda a: tf.gather_nd(a, indices), auxiliary)
                return tf.nest.map_structure(lambda x, y: tf.concat((x, y), -1), outputs_, auxiliary)

            def maybe_sample() -> tf.Tensor:
                if self._next_inputs_fn is None:
                    return v1.where(sample_ids, with_auxiliary(outputs), base_next_inputs)
                where_sampling = tf.cast(v1.where(sample_ids), tf.int32)
                where_not_sampling = tf.cast(v1.where(tf.logical_not(sample_ids)), tf.int32)
                sampled = with_auxiliary(self._next_inputs_fn(tf.gather_nd(outputs, where_sampling)),
                                         where_sampling)
                return _scatter_merge(where_sampling, sampled, where_not_sampling,
                                      tf.gather_nd(base_next_inputs, where_not_sampling), base_next_inputs)

            skip = tf.logical_or(tf.reduce_all(finished), tf.logical_not(tf.reduce_any(sample_ids)))
            return finished, tf.cond(skip, lambda: base_next_inputs, maybe_sample), state


class GreedyEmbeddingHelper(Helper):
    """Inference: the argmax id's embedding is the next input; finished at ``end_token``."""

    def __init__(self, embedding: Any, start_tokens: Any, end_token: Any) -> None:
        self._embedding_fn = _embedding_fn(embedding)
        self._start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._start_tokens.shape.rank != 1:
            raise ValueError("start_tokens must be a vector")
        if self._end_token.shape.rank != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = tf.size(start_tokens)
        self._start_inputs = self._embedding_fn(self._start_tokens)

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def sample_ids_shape(self) -> tf.TensorShape:
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self) -> tf.DType:
        return tf.int32

    def initialize(self, name: str | None = None) -> tuple:
        return tf.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> tf.Tensor:
        if not isinstance(outputs, tf.Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        return tf.argmax(outputs, axis=-1, output_type=tf.int32)

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any, name: str | None = None) -> tuple:
        finished = tf.equal(sample_ids, self._end_token)
        next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                              lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """Inference: a sample from ``softmax(outputs / softmax_temperature)``'s embedding is the next input."""

    def __init__(self, embedding: Any, start_tokens: Any, end_token: Any, softmax_temperature: Any = None,
                 seed: int | None = None) -> None:
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> tf.Tensor:
        if not isinstance(outputs, tf.Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        logits = outputs if self._softmax_temperature is None else outputs / self._softmax_temperature
        return _categorical_sample(logits, self._seed)


class InferenceHelper(Helper):
    """Inference without embeddings: ``sample_fn`` picks, ``next_inputs_fn`` feeds back, ``end_fn`` stops."""

    def __init__(self, sample_fn: Callable, sample_shape: Any, sample_dtype: Any, start_inputs: Any,
                 end_fn: Callable, next_inputs_fn: Callable | None = None) -> None:
        self._sample_fn, self._end_fn, self._next_inputs_fn = sample_fn, end_fn, next_inputs_fn
        self._sample_shape = tf.TensorShape(sample_shape)
        self._sample_dtype = tf.as_dtype(sample_dtype)
        self._start_inputs = tf.convert_to_tensor(start_inputs, name="start_inputs")
        self._batch_size = tf.compat.dimension_value(self._start_inputs.shape[0]) or tf.shape(start_inputs)[0]

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def sample_ids_shape(self) -> tf.TensorShape:
        return self._sample_shape

    @property
    def sample_ids_dtype(self) -> tf.DType:
        return self._sample_dtype

    def initialize(self, name: str | None = None) -> tuple:
        return tf.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> Any:
        return self._sample_fn(outputs)

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any, name: str | None = None) -> tuple:
        next_inputs = sample_ids if self._next_inputs_fn is None else self._next_inputs_fn(sample_ids)
        return self._end_fn(sample_ids), next_inputs, state
