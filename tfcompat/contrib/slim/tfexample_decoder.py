"""``tf.contrib.slim.tfexample_decoder``: decoding tf.Example protos into tensors;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder

__all__ = [
    "BackupHandler", "BoundingBox", "Image", "ItemHandler", "ItemHandlerCallback", "LookupTensor",
    "SparseTensor", "TFExampleDecoder", "Tensor",
]
__getattr__ = forwarder("tf_slim.data.tfexample_decoder", "tfcompat.contrib.slim.tfexample_decoder", __all__)
