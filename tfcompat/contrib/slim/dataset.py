"""``tf.contrib.slim.dataset``: the description of a dataset (data sources, reader, decoder);
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder

__all__ = ["Dataset"]
__getattr__ = forwarder("tf_slim.data.dataset", "tfcompat.contrib.slim.dataset", __all__)
