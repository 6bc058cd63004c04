"""Private TF 1.x ``rnn_cell_impl`` helpers that user cells imported: ``_Linear`` and ``_like_rnncell``.

TF 1.15: tensorflow/contrib/rnn/python/ops/core_rnn_cell.py (``_Linear``: ``kernel`` and ``bias`` in the
current variable scope, the bias without the scope's partitioner) and rnn_cell_impl.py (``_like_rnncell``).
``_linear`` is :func:`tfcompat.rnn_cell.linear`.
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf

from ._base import BIAS_NAME, WEIGHTS_NAME, v1


class _Linear:
    """``concat(args, 1) @ kernel (+ bias)``; the variables are made once, at construction."""

    def __init__(self, args: Any, output_size: int, build_bias: bool, bias_initializer: Any = None,
                 kernel_initializer: Any = None) -> None:
        if args is None or (isinstance(args, (list, tuple)) and not args):
            raise ValueError("`args` must be specified")
        self._is_sequence = isinstance(args, (list, tuple))
        args = list(args) if self._is_sequence else [args]
        depths = []
        for arg in args:
            if arg.shape.rank != 2:
                raise ValueError(f"linear is expecting 2D arguments: {[a.shape for a in args]}")
            depth = tf.compat.dimension_value(arg.shape[1])
            if depth is None:
                raise ValueError(f"linear expects shape[1] to be provided for shape {arg.shape}, but saw None")
            depths.append(depth)
        dtype = args[0].dtype
        self._build_bias = build_bias
        with v1.variable_scope(v1.get_variable_scope()) as outer:
            self._weights = v1.get_variable(WEIGHTS_NAME, [sum(depths), output_size], dtype=dtype,
                                            initializer=kernel_initializer)
            if build_bias:
                with v1.variable_scope(outer) as inner:
                    inner.set_partitioner(None)
                    self._biases = v1.get_variable(
                        BIAS_NAME, [output_size], dtype=dtype,
                        initializer=bias_initializer or tf.constant_initializer(0.0))

    def __call__(self, args: Any) -> tf.Tensor:
        args = list(args) if self._is_sequence else [args]
        result = tf.matmul(args[0] if len(args) == 1 else tf.concat(args, 1), self._weights)
        return tf.nn.bias_add(result, self._biases) if self._build_bias else result


def _like_rnncell(cell: Any) -> bool:
    """Whether ``cell`` quacks like an RNN cell (``output_size``, ``state_size``, ``zero_state``, callable)."""
    return (hasattr(cell, "output_size") and hasattr(cell, "state_size") and hasattr(cell, "zero_state")
            and callable(cell))
