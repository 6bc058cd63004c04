"""``tf.contrib.slim.tfexample_decoder``: decoding tf.Example protos into tensors;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.data.tfexample_decoder", "tfcompat.contrib.slim.tfexample_decoder", __all__)
