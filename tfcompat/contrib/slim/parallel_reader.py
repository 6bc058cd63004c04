"""``tf.contrib.slim.parallel_reader``: queue-based parallel readers of data files;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.data.parallel_reader", "tfcompat.contrib.slim.parallel_reader", __all__)
