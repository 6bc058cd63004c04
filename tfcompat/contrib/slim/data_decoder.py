"""``tf.contrib.slim.data_decoder``: the decoder interface of the slim data pipeline;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.data.data_decoder", "tfcompat.contrib.slim.data_decoder", __all__)
