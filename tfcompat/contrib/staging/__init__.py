"""``tf.contrib.staging``: ``StagingArea``, TensorFlow's own class (TF 1.15's module re-exported it from the
data-flow ops; TF 2.21 still has it there, outside the public API)."""
from tensorflow.python.ops.data_flow_ops import StagingArea
from tfcompat.spec.served import exported

__all__ = exported(__name__)
