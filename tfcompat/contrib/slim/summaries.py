"""``tf.contrib.slim.summaries``: summary helpers; served by tf-slim (``pip install 'tfcompat[slim]'``)."""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.summaries", "tfcompat.contrib.slim.summaries", __all__)
