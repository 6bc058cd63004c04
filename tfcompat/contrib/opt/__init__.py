"""``tf.contrib.opt`` (TF 1.15): LazyAdam and decoupled weight decay (AdamW, MomentumW), Keras-free."""
from tfcompat.contrib.opt._lazy_adam import LazyAdamOptimizer
from tfcompat.contrib.opt._weight_decay import (
    AdamWOptimizer, DecoupledWeightDecayExtension, MomentumWOptimizer, extend_with_decoupled_weight_decay)
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
