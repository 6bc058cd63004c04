"""``tf.contrib.slim.dataset_data_provider``: a provider reading a Dataset through parallel readers;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_slim.data.dataset_data_provider", "tfcompat.contrib.slim.dataset_data_provider", __all__)
