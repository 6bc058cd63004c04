"""Attention mechanisms of TF 1.15 ``tf.contrib.seq2seq``: Bahdanau, Luong and their monotonic forms.

A mechanism projects its ``memory`` once (``memory_layer``, a Dense without bias named ``memory_layer``) and,
per decoder step, scores a query against the keys inside a ``bahdanau_attention`` / ``luong_attention`` /
``*_monotonic_attention`` variable scope.

Source compared: uve/tensorflow@e08079463bf43e5963acc41da1f57e95603f8080 (TF master of 2019-08-06, the tree
r1.15 was cut from), tensorflow/contrib/seq2seq/python/ops/attention_wrapper.py: ``memory_layer/kernel``,
``query_layer/kernel``, ``attention_v``, ``attention_g``, ``attention_b``, ``attention_score_bias``.
"""
from __future__ import annotations

import functools
import math
from typing import Any, Callable

import numpy as np
import tensorflow as tf

from ...layers import Dense
from ._decoder import zero_tensors

v1 = tf.compat.v1

__all__ = ["AttentionMechanism", "BahdanauAttention", "BahdanauMonotonicAttention", "LuongAttention",
           "LuongMonotonicAttention", "hardmax", "monotonic_attention", "safe_cumprod"]


class AttentionMechanism:
    """Marker base class of the attention mechanisms."""

    @property
    def alignments_size(self) -> Any:
        raise NotImplementedError

    @property
    def state_size(self) -> Any:
        raise NotImplementedError


def _prepare_memory(memory: Any, memory_sequence_length: Any, check_inner_dims_defined: bool) -> Any:
    """Zero the memory past each example's length."""
    memory = tf.nest.map_structure(lambda m: tf.convert_to_tensor(m, name="memory"), memory)
    if check_inner_dims_defined:
        for m in tf.nest.flatten(memory):
            if not m.shape[2:].is_fully_defined():
                raise ValueError(f"Expected memory {m.name} to have fully defined inner dims, but saw shape: "
                                 f"{m.shape}")
    if memory_sequence_length is None:
        return memory
    memory_sequence_length = tf.convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    first = tf.nest.flatten(memory)[0]
    mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(first)[1], dtype=first.dtype)

    def apply_mask(m: tf.Tensor) -> tf.Tensor:
        rank = m.shape.rank if m.shape.rank is not None else tf.rank(m)
        extra_ones = tf.ones(rank - 2, dtype=tf.int32)
        return m * tf.reshape(mask, tf.concat((tf.shape(mask), extra_ones), 0))

    return tf.nest.map_structure(apply_mask, memory)


def _mask_score(score: tf.Tensor, memory_sequence_length: Any, score_mask_value: Any) -> tf.Tensor:
    if memory_sequence_length is None:
        return score
    check = v1.assert_positive(memory_sequence_length,
                               message="All values in memory_sequence_length must be greater than zero.")
    with tf.control_dependencies([check]):
        score_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(score)[1])
        return tf.where(score_mask, score, score_mask_value * tf.ones_like(score))


class _BaseAttentionMechanism(AttentionMechanism):
    """Memory preparation, key projection and score masking shared by the mechanisms."""

    def __init__(self, query_layer: Any, memory: Any, probability_fn: Callable, memory_sequence_length: Any = None,
                 memory_layer: Any = None, check_inner_dims_defined: bool = True, score_mask_value: Any = None,
                 custom_key_value_fn: Callable | None = None, name: str | None = None) -> None:
        if not callable(probability_fn):
            raise TypeError(f"probability_fn must be callable, saw type: {type(probability_fn).__name__}")
        self._query_layer, self._memory_layer = query_layer, memory_layer
        self.dtype = memory_layer.dtype
        if score_mask_value is None:
            score_mask_value = tf.as_dtype(self.dtype).as_numpy_dtype(-np.inf)
        self._probability_fn = lambda score, prev: probability_fn(
            _mask_score(score, memory_sequence_length, score_mask_value), prev)
        with tf.name_scope(name or "BaseAttentionMechanismInit"):
            self._values = _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined)
            self._keys = self._memory_layer(self._values) if self._memory_layer else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = tf.compat.dimension_value(self._keys.shape[0]) or tf.shape(self._keys)[0]
            self._alignments_size = tf.compat.dimension_value(self._keys.shape[1]) or tf.shape(self._keys)[1]

    @property
    def memory_layer(self) -> Any:
        return self._memory_layer

    @property
    def query_layer(self) -> Any:
        return self._query_layer

    @property
    def values(self) -> tf.Tensor:
        return self._values

    @property
    def keys(self) -> tf.Tensor:
        return self._keys

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def alignments_size(self) -> Any:
        return self._alignments_size

    @property
    def state_size(self) -> Any:
        return self._alignments_size

    def initial_alignments(self, batch_size: Any, dtype: Any) -> tf.Tensor:
        """All-zero alignments ``[batch_size, max_time]``."""
        return zero_tensors(self._alignments_size, batch_size, dtype)

    def initial_state(self, batch_size: Any, dtype: Any) -> tf.Tensor:
        return self.initial_alignments(batch_size, dtype)


def _luong_score(query: tf.Tensor, keys: tf.Tensor, attention_g: Any) -> tf.Tensor:
    """``query . key`` per memory position, times ``attention_g`` when scaled."""
    if query.shape[-1] != keys.shape[-1]:
        raise ValueError(f"Incompatible or unknown inner dimensions between query and keys.  Query ({query}) has "
                         f"units: {query.shape[-1]}.  Keys ({keys}) have units: {keys.shape[-1]}.  Perhaps you "
                         f"need to set num_units to the keys' dimension ({keys.shape[-1]})?")
    score = tf.squeeze(tf.matmul(tf.expand_dims(query, 1), keys, transpose_b=True), [1])
    return score if attention_g is None else attention_g * score


def _bahdanau_score(processed_query: tf.Tensor, keys: tf.Tensor, attention_v: tf.Variable,
                    attention_g: Any = None, attention_b: Any = None) -> tf.Tensor:
    """``v . tanh(keys + query)``; normalized: ``g v / |v| . tanh(keys + query + b)``."""
    processed_query = tf.expand_dims(processed_query, 1)
    if attention_g is None:
        return tf.reduce_sum(attention_v * tf.tanh(keys + processed_query), [2])
    normed_v = attention_g * attention_v * tf.math.rsqrt(tf.reduce_sum(tf.square(attention_v)))
    return tf.reduce_sum(normed_v * tf.tanh(keys + processed_query + attention_b), [2])


def _bahdanau_variables(num_units: int, dtype: Any, normalize: bool) -> tuple:
    attention_v = v1.get_variable("attention_v", [num_units], dtype=dtype)
    if not normalize:
        return attention_v, None, None
    attention_g = v1.get_variable("attention_g", dtype=dtype, shape=(),
                                  initializer=tf.constant_initializer(math.sqrt(1. / num_units)))
    attention_b = v1.get_variable("attention_b", [num_units], dtype=dtype, initializer=tf.zeros_initializer())
    return attention_v, attention_g, attention_b


def _luong_g(scale: bool, dtype: Any) -> Any:
    return v1.get_variable("attention_g", dtype=dtype, initializer=tf.ones_initializer(), shape=()) if scale else None


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention (Luong et al. 2015); ``scale`` adds a scalar ``attention_g``."""

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None, scale: bool = False,
                 probability_fn: Callable | None = None, score_mask_value: Any = None, dtype: Any = None,
                 custom_key_value_fn: Callable | None = None, name: str = "LuongAttention") -> None:
        probability_fn = probability_fn or tf.nn.softmax
        super().__init__(
            query_layer=None, memory_layer=Dense(num_units, name="memory_layer", use_bias=False,
                                                 dtype=dtype or tf.float32),
            memory=memory, probability_fn=lambda score, _: probability_fn(score),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn, name=name)
        self._num_units, self._scale, self._name = num_units, scale, name

    def __call__(self, query: tf.Tensor, state: Any) -> tuple:
        with v1.variable_scope(None, "luong_attention", [query]):
            score = _luong_score(query, self._keys, _luong_g(self._scale, query.dtype))
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention (Bahdanau et al. 2015); ``normalize`` is weight normalization (Salimans et al. 2016)."""

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None, normalize: bool = False,
                 probability_fn: Callable | None = None, score_mask_value: Any = None, dtype: Any = None,
                 custom_key_value_fn: Callable | None = None, name: str = "BahdanauAttention") -> None:
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or tf.float32
        super().__init__(
            query_layer=Dense(num_units, name="query_layer", use_bias=False, dtype=dtype),
            memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
            memory=memory, probability_fn=lambda score, _: probability_fn(score),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn, name=name)
        self._num_units, self._normalize, self._name = num_units, normalize, name

    def __call__(self, query: tf.Tensor, state: Any) -> tuple:
        with v1.variable_scope(None, "bahdanau_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            variables = _bahdanau_variables(self._num_units, processed_query.dtype, self._normalize)
            score = _bahdanau_score(processed_query, self._keys, *variables)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def safe_cumprod(x: Any, *args: Any, **kwargs: Any) -> tf.Tensor:
    """``cumprod`` as ``exp(cumsum(log(clip(x, tiny, 1))))`` (defined gradients near 0)."""
    with tf.name_scope("SafeCumprod"):
        x = tf.convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return tf.exp(tf.math.cumsum(tf.math.log(tf.clip_by_value(x, tiny, 1)), *args, **kwargs))


def monotonic_attention(p_choose_i: Any, previous_attention: Any, mode: str) -> tf.Tensor:
    """Expected monotonic alignment (Raffel et al. 2017) in ``"recursive"``, ``"parallel"`` or ``"hard"`` mode."""
    p_choose_i = tf.convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = tf.convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        batch_size = tf.compat.dimension_value(p_choose_i.shape[0]) or tf.shape(p_choose_i)[0]
        shifted_1mp = tf.concat([tf.ones((batch_size, 1)), 1 - p_choose_i[:, :-1]], 1)
        scanned = tf.scan(lambda x, yz: tf.reshape(yz[0] * x + yz[1], (batch_size,)),
                          [tf.transpose(shifted_1mp), tf.transpose(previous_attention)], tf.zeros((batch_size,)))
        return p_choose_i * tf.transpose(scanned)
    if mode == "parallel":
        cumprod_1mp = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        return p_choose_i * cumprod_1mp * tf.math.cumsum(
            previous_attention / tf.clip_by_value(cumprod_1mp, 1e-10, 1.), axis=1)
    if mode == "hard":
        p_choose_i *= tf.math.cumsum(previous_attention, axis=1)  # nothing before the last chosen index
        return p_choose_i * tf.math.cumprod(1 - p_choose_i, axis=1, exclusive=True)  # the first chosen only
    raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")


def _monotonic_probability_fn(score: tf.Tensor, previous_alignments: tf.Tensor, sigmoid_noise: float, mode: str,
                              seed: int | None = None) -> tf.Tensor:
    if sigmoid_noise > 0:
        score += sigmoid_noise * v1.random_normal(tf.shape(score), dtype=score.dtype, seed=seed)
    p_choose_i = tf.cast(score > 0, score.dtype) if mode == "hard" else tf.sigmoid(score)
    return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    """Monotonic mechanisms start with all attention on the first memory entry."""

    def initial_alignments(self, batch_size: Any, dtype: Any) -> tf.Tensor:
        return tf.one_hot(tf.zeros((batch_size,), dtype=tf.int32), self._alignments_size, dtype=dtype)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Bahdanau scores plus ``attention_score_bias`` through ``monotonic_attention``."""

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None, normalize: bool = False,
                 score_mask_value: Any = None, sigmoid_noise: float = 0., sigmoid_noise_seed: int | None = None,
                 score_bias_init: float = 0., mode: str = "parallel", dtype: Any = None,
                 name: str = "BahdanauMonotonicAttention") -> None:
        dtype = dtype or tf.float32
        probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                                           seed=sigmoid_noise_seed)
        super().__init__(
            query_layer=Dense(num_units, name="query_layer", use_bias=False, dtype=dtype),
            memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
            memory=memory, probability_fn=probability_fn, memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value, name=name)
        self._num_units, self._normalize, self._name = num_units, normalize, name
        self._score_bias_init = score_bias_init

    def __call__(self, query: tf.Tensor, state: Any) -> tuple:
        with v1.variable_scope(None, "bahdanau_monotonic_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            variables = _bahdanau_variables(self._num_units, processed_query.dtype, self._normalize)
            score = _bahdanau_score(processed_query, self._keys, *variables)
            score += v1.get_variable("attention_score_bias", dtype=processed_query.dtype,
                                     initializer=self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Luong scores plus ``attention_score_bias`` through ``monotonic_attention``."""

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None, scale: bool = False,
                 score_mask_value: Any = None, sigmoid_noise: float = 0., sigmoid_noise_seed: int | None = None,
                 score_bias_init: float = 0., mode: str = "parallel", dtype: Any = None,
                 name: str = "LuongMonotonicAttention") -> None:
        probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                                           seed=sigmoid_noise_seed)
        super().__init__(
            query_layer=None, memory_layer=Dense(num_units, name="memory_layer", use_bias=False,
                                                 dtype=dtype or tf.float32),
            memory=memory, probability_fn=probability_fn, memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value, name=name)
        self._num_units, self._scale, self._name = num_units, scale, name
        self._score_bias_init = score_bias_init

    def __call__(self, query: tf.Tensor, state: Any) -> tuple:
        with v1.variable_scope(None, "luong_monotonic_attention", [query]):
            score = _luong_score(query, self._keys, _luong_g(self._scale, query.dtype))
            score += v1.get_variable("attention_score_bias", dtype=query.dtype, initializer=self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def hardmax(logits: Any, name: str | None = None) -> tf.Tensor:
    """One-hot of the argmax along the last axis."""
    with tf.name_scope(name or "Hardmax"):
        logits = tf.convert_to_tensor(logits, name="logits")
        depth = tf.compat.dimension_value(logits.shape[-1]) or tf.shape(logits)[-1]
        return tf.one_hot(tf.argmax(logits, -1), depth, dtype=logits.dtype)
