"""``tf.contrib.slim.queues``: starting and stopping queue runners;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.queues", "tfcompat.contrib.slim.queues", __all__)
