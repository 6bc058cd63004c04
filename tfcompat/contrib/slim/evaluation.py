"""``tf.contrib.slim.evaluation``: the evaluation loop over checkpoints;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.evaluation", "tfcompat.contrib.slim.evaluation", __all__)
