"""``tf.contrib.training``'s parameter-server placement: the greedy least-loaded strategy and the byte-size load."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


class GreedyLoadBalancingStrategy:
    """A ``ps_strategy`` for ``tf.compat.v1.train.replica_device_setter``: each op goes to the ps task with the
    least load so far (the first one on ties), whose load then grows by ``load_fn(op)``."""

    def __init__(self, num_tasks: int, load_fn: Callable[[Any], float]) -> None:
        self._num_tasks = num_tasks
        self._load_fn = load_fn
        self._ps_loads = np.zeros(num_tasks)

    def __call__(self, op: Any) -> int:
        task = int(np.argmin(self._ps_loads))
        self._ps_loads[task] += self._load_fn(op)
        return task


def byte_size_load_fn(op: Any) -> int:
    """The bytes of a single-output op's output (a variable's contents): elements times the dtype's size. A
    variable op whose output shape is not known yet is measured by its ``shape`` attribute."""
    if len(op.outputs) != 1:
        raise ValueError(f"Op {op} must have a single output")
    output = op.outputs[0]
    shape = output.get_shape()
    if not shape.is_fully_defined():
        import tensorflow as tf

        shape = tf.TensorShape(op.get_attr("shape"))
    shape.assert_is_fully_defined()
    return shape.num_elements() * output.dtype.size
