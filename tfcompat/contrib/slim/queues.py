"""``tf.contrib.slim.queues``: starting and stopping queue runners;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder

__all__ = ["NestedQueueRunnerError", "QueueRunners"]
__getattr__ = forwarder("tf_slim.queues", "tfcompat.contrib.slim.queues", __all__)
