"""``tf.contrib.slim.model_analyzer``: printing the ops and variables of a model;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder

__all__ = ["analyze_ops", "analyze_vars", "tensor_description"]
__getattr__ = forwarder("tf_slim.model_analyzer", "tfcompat.contrib.slim.model_analyzer", __all__)
