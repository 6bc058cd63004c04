"""``tf.contrib.slim.prefetch_queue``: a queue prefetching batched tensors;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder

__all__ = ["prefetch_queue"]
__getattr__ = forwarder("tf_slim.data.prefetch_queue", "tfcompat.contrib.slim.prefetch_queue", __all__)
