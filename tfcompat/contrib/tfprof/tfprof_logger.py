"""``tf.contrib.tfprof.tfprof_logger.write_op_log``: ``tf.compat.v1.profiler.write_op_log``."""
import tensorflow as tf
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

write_op_log = tf.compat.v1.profiler.write_op_log

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
