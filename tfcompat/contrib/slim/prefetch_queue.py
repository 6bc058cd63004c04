"""``tf.contrib.slim.prefetch_queue``: a queue prefetching batched tensors;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.data.prefetch_queue", "tfcompat.contrib.slim.prefetch_queue", __all__)
