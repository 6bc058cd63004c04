"""``tf.contrib.slim.parallel_reader``: queue-based parallel readers of data files;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder

__all__ = ["ParallelReader", "get_data_files", "parallel_read", "single_pass_read"]
__getattr__ = forwarder("tf_slim.data.parallel_reader", "tfcompat.contrib.slim.parallel_reader", __all__)
