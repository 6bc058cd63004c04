"""``EmbeddingWrapper``: the encoder cell of the embedding seq2seq models (TF 1.x ``tf.contrib.rnn``).

TF 1.15: tensorflow/contrib/rnn/python/ops/core_rnn_cell.py (EmbeddingWrapper). The wrapped cell runs inside
the wrapper's scope, so its variables are ``.../embedding_wrapper/gru_cell/...``, as TF 1.2+ wrote them.
"""
from __future__ import annotations

import math
from typing import Any

import tensorflow as tf

from ...rnn_cell import RNNCell
from ...rnn_cell._wrappers import _CellWrapper

v1 = tf.compat.v1


class EmbeddingWrapper(_CellWrapper):
    """Looks the int ids up in an ``embedding`` variable, then runs ``cell`` on the vectors."""

    def __init__(self, cell: RNNCell, embedding_classes: int, embedding_size: int, initializer: Any = None,
                 reuse: bool | None = None) -> None:
        if not callable(cell) or not hasattr(cell, "state_size") or not hasattr(cell, "output_size"):
            raise TypeError("The parameter cell is not RNNCell.")
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError(f"Both embedding_classes and embedding_size must be > 0: "
                             f"{embedding_classes}, {embedding_size}.")
        super().__init__(cell, _reuse=reuse)
        self._embedding_classes = embedding_classes
        self._embedding_size = embedding_size
        self._initializer = initializer
        self._embedding: tf.Variable | None = None

    @property
    def variables(self) -> list:
        return list(getattr(self, "_variables", [])) + self._cell.variables

    @property
    def trainable_variables(self) -> list:
        return list(getattr(self, "_trainable_variables", [])) + self._cell.trainable_variables

    weights, trainable_weights = variables, trainable_variables

    def _initializer_or_default(self) -> Any:
        # The wrapper's own, else the scope's, else U(-sqrt(3), sqrt(3)), whose variance is 1.
        if self._initializer:
            return self._initializer
        if v1.get_variable_scope().initializer:
            return v1.get_variable_scope().initializer
        return v1.random_uniform_initializer(-math.sqrt(3), math.sqrt(3))

    def call(self, inputs: tf.Tensor, state: Any) -> tuple:
        # TF 1.15 placed the whole step on the CPU; only the table and its lookup need to be there.
        with tf.device("/cpu:0"):
            if self._embedding is None:
                self._embedding = self.add_variable(
                    "embedding", [self._embedding_classes, self._embedding_size],
                    dtype=tf.nest.flatten(state)[0].dtype, initializer=self._initializer_or_default())
            embedded = tf.nn.embedding_lookup(self._embedding, tf.reshape(inputs, [-1]))
        return self._cell(embedded, state)
