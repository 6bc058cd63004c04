"""Decoupled weight decay (TF 1.15 ``tf.contrib.opt``): ``var -= weight_decay * var`` before the base update."""
from __future__ import annotations

from typing import Any

import tensorflow as tf

_GATE_OP = tf.compat.v1.train.Optimizer.GATE_OP


class DecoupledWeightDecayExtension:
    """Mixin placed first in an optimizer's bases: decays each variable, then runs the base optimizer's update.

    The decay runs before (control-dependent) the gradient update, so it suits optimizers whose update does not
    read the variable. ``decay_var_list`` in ``minimize``/``apply_gradients`` restricts which variables decay.
    """

    def __init__(self, weight_decay: Any, *args: Any, **kwargs: Any) -> None:
        self._decay_var_list: tuple = ()
        self._weight_decay = weight_decay
        self._weight_decay_tensor: tf.Tensor | None = None
        super().__init__(*args, **kwargs)

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=_GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None, decay_var_list=None):
        """``Optimizer.minimize``; ``decay_var_list`` (default: every updated variable) names what decays.

        TF 1.15 lost ``decay_var_list`` here (its ``minimize`` reached ``apply_gradients`` without it, so every
        variable decayed); it is honoured, as documented.
        """
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, gate_gradients=gate_gradients,
                                                aggregation_method=aggregation_method,
                                                colocate_gradients_with_ops=colocate_gradients_with_ops,
                                                grad_loss=grad_loss)
        if all(grad is None for grad, _ in grads_and_vars):
            raise ValueError(f"No gradients provided for any variable, check your graph for ops that do not support "
                             f"gradients, between variables {[str(v) for _, v in grads_and_vars]} and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name, decay_var_list=decay_var_list)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
        """``Optimizer.apply_gradients``; ``decay_var_list`` (default: every updated variable) names what decays."""
        self._decay_var_list = tuple(decay_var_list or ())
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _prepare(self) -> None:
        weight_decay = self._weight_decay() if callable(self._weight_decay) else self._weight_decay
        self._weight_decay_tensor = tf.convert_to_tensor(weight_decay, name="weight_decay")
        super()._prepare()

    def _decays(self, var) -> bool:
        # By identity: TF 2 variables are unhashable while tensor equality is on. Empty means all decay.
        return not self._decay_var_list or any(var is v for v in self._decay_var_list)

    def _decay_weights_op(self, var, grad):
        if not self._decays(var):
            return tf.no_op()
        # After the gradient: it was computed at the undecayed value (TF 1.15 left this order to chance).
        with tf.control_dependencies([grad]):
            return var.assign_sub(self._decay_factor(var) * var, self._use_locking)

    def _decay_weights_sparse_op(self, var, grad_values, indices, scatter_add):
        if not self._decays(var):
            return tf.no_op()
        with tf.control_dependencies([grad_values]):
            return scatter_add(var, indices, -self._decay_factor(var) * tf.gather(var, indices), self._use_locking)

    def _decay_factor(self, var) -> tf.Tensor:
        return tf.cast(self._weight_decay_tensor, var.dtype.base_dtype)

    def _apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var, grad)]):
            return super()._apply_dense(grad, var)

    def _resource_apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var, grad)]):
            return super()._resource_apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        decay = self._decay_weights_sparse_op(var, grad.values, grad.indices, tf.compat.v1.scatter_add)
        with tf.control_dependencies([decay]):
            return super()._apply_sparse(grad, var)

    def _resource_apply_sparse(self, grad, var, indices):
        decay = self._decay_weights_sparse_op(var, grad, indices, _resource_scatter_add)
        with tf.control_dependencies([decay]):
            return super()._resource_apply_sparse(grad, var, indices)


def _resource_scatter_add(var, indices, updates, _use_locking=None) -> tf.Tensor:
    with tf.control_dependencies([tf.raw_ops.ResourceScatterAdd(resource=var.handle, indices=indices,
                                                                updates=updates)]):
        return var.value()


def extend_with_decoupled_weight_decay(base_optimizer: type) -> type:
    """A subclass of ``base_optimizer`` whose constructor takes ``weight_decay`` first and which decays weights."""

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        """``base_optimizer`` with decoupled weight decay."""

        def __init__(self, weight_decay: Any, *args: Any, **kwargs: Any) -> None:
            super().__init__(weight_decay, *args, **kwargs)

    return OptimizerWithDecoupledWeightDecay


class MomentumWOptimizer(DecoupledWeightDecayExtension, tf.compat.v1.train.MomentumOptimizer):
    """``MomentumOptimizer`` with decoupled weight decay (SGDW)."""

    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False, name="MomentumW",
                 use_nesterov=False):
        super().__init__(weight_decay, learning_rate=learning_rate, momentum=momentum, use_locking=use_locking,
                         name=name, use_nesterov=use_nesterov)


class AdamWOptimizer(DecoupledWeightDecayExtension, tf.compat.v1.train.AdamOptimizer):
    """``AdamOptimizer`` with decoupled weight decay (AdamW)."""

    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False,
                 name="AdamW"):
        super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon,
                         use_locking=use_locking, name=name)
