"""``tf.contrib.slim.model_analyzer``: printing the ops and variables of a model;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.model_analyzer", "tfcompat.contrib.slim.model_analyzer", __all__)
