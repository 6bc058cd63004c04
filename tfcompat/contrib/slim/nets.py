"""``tf.contrib.slim.nets``: TF-Slim's networks (alexnet_v2, overfeat, vgg_16/19, inception_v1..v3, resnet_v1/v2)
with the variable names of the published TF-Slim checkpoints; served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.nets", "tfcompat.contrib.slim.nets", __all__)
