"""``tf.contrib.slim.dataset``: the description of a dataset (data sources, reader, decoder);
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.data.dataset", "tfcompat.contrib.slim.dataset", __all__)
