"""``CrossShardOptimizer`` for CPU/GPU: one replica, so the cross-replica sum is the gradient itself.

TF 1.15's wrapper summed gradients with ``CrossReplicaSum`` (an op with no CPU/GPU kernel), so 1.15 programs
wrapped the optimizer only when ``use_tpu`` was set.  Here it delegates to the wrapped optimizer and gives the
same numbers as training without it; with one shard 1.15 did not rescale the loss either.
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf

_V1 = tf.compat.v1


class CrossShardOptimizer(_V1.train.Optimizer):
    """Delegates compute_gradients / apply_gradients / slots / variables to ``opt`` (a single replica)."""

    def __init__(self, opt: Any, reduction: str = _V1.losses.Reduction.MEAN, name: str = "CrossShardOptimizer",
                 group_assignment: Any = None) -> None:
        if reduction not in (_V1.losses.Reduction.SUM, _V1.losses.Reduction.MEAN):
            raise ValueError(f"Unsupported reduction: {reduction}.")
        super().__init__(False, name)
        self._opt = opt
        self._reduction = reduction
        self._group_assignment = group_assignment

    def compute_gradients(self, loss: Any, var_list: Any = None, **kwargs: Any) -> list:
        """The wrapped optimizer's gradients (the loss is not rescaled: there is one shard)."""
        return self._opt.compute_gradients(loss, var_list=var_list, **kwargs)

    def apply_gradients(self, grads_and_vars: Any, global_step: Any = None, name: str | None = None) -> Any:
        """The wrapped optimizer's update (the sum over one replica is the gradient itself)."""
        return self._opt.apply_gradients(grads_and_vars, global_step, name)

    def get_slot(self, *args: Any, **kwargs: Any) -> Any:
        return self._opt.get_slot(*args, **kwargs)

    def get_slot_names(self, *args: Any, **kwargs: Any) -> list:
        return self._opt.get_slot_names(*args, **kwargs)

    def variables(self) -> list:
        return self._opt.variables()
