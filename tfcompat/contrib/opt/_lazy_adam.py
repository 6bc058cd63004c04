"""``LazyAdamOptimizer`` (TF 1.15 ``tf.contrib.opt``): Adam whose sparse updates touch only the gathered rows."""
from __future__ import annotations

import tensorflow as tf

_Adam = tf.compat.v1.train.AdamOptimizer


class LazyAdamOptimizer(_Adam):
    """Adam where an ``IndexedSlices`` gradient updates ``m``, ``v`` and the variable only at its indices.

    Dense gradients take Adam's own update. Rows absent from a batch keep their moments (unlike Adam, which decays
    them every step), so results differ from Adam on sparse gradients, as in TF 1.15.
    """

    def _sparse_coefficients(self, dtype: tf.DType) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]:
        beta1_power, beta2_power = (tf.cast(p, dtype) for p in self._get_beta_accumulators())
        beta1, beta2, epsilon = (tf.cast(t, dtype) for t in (self._beta1_t, self._beta2_t, self._epsilon_t))
        lr = tf.cast(self._lr_t, dtype) * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
        return lr, beta1, beta2, epsilon

    def _lazy_update(self, var, values: tf.Tensor, indices: tf.Tensor, scatter_update, scatter_sub) -> tf.Operation:
        lr, beta1, beta2, epsilon = self._sparse_coefficients(var.dtype.base_dtype)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        m_t = scatter_update(m, indices, beta1 * tf.gather(m, indices) + (1 - beta1) * values)
        v_t = scatter_update(v, indices, beta2 * tf.gather(v, indices) + (1 - beta2) * tf.square(values))
        # Reading through m_t / v_t orders the variable step after both moment writes.
        step = lr * tf.gather(m_t, indices) / (tf.sqrt(tf.gather(v_t, indices)) + epsilon)
        return tf.group(scatter_sub(var, indices, step), m_t, v_t)

    def _apply_sparse(self, grad: tf.IndexedSlices, var) -> tf.Operation:
        def update(ref, indices, updates):
            return tf.compat.v1.scatter_update(ref, indices, updates, use_locking=self._use_locking)

        def sub(ref, indices, updates):
            return tf.compat.v1.scatter_sub(ref, indices, updates, use_locking=self._use_locking)

        return self._lazy_update(var, grad.values, grad.indices, update, sub)

    def _resource_apply_sparse(self, grad: tf.Tensor, var, indices: tf.Tensor) -> tf.Operation:
        def update(ref, idx, updates):
            with tf.control_dependencies([tf.raw_ops.ResourceScatterUpdate(resource=ref.handle, indices=idx,
                                                                           updates=updates)]):
                return ref.value()

        def sub(ref, idx, updates):
            return tf.raw_ops.ResourceScatterSub(resource=ref.handle, indices=idx, updates=updates)

        return self._lazy_update(var, grad, indices, update, sub)
