"""``tf.contrib.slim.nets``: TF-Slim's networks (alexnet_v2, overfeat, vgg_16/19, inception_v1..v3, resnet_v1/v2)
with the variable names of the published TF-Slim checkpoints; served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder

__all__ = [
    "alexnet", "inception", "inception_v1", "inception_v2", "inception_v3", "overfeat", "resnet_utils",
    "resnet_v1", "resnet_v2", "vgg",
]
__getattr__ = forwarder("tf_slim.nets", "tfcompat.contrib.slim.nets", __all__)
