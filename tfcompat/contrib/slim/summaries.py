"""``tf.contrib.slim.summaries``: summary helpers; served by tf-slim (``pip install 'tfcompat[slim]'``)."""
from .._extras import forwarder

__all__ = [
    "add_histogram_summaries", "add_histogram_summary", "add_image_summaries", "add_image_summary",
    "add_scalar_summaries", "add_scalar_summary", "add_zero_fraction_summaries", "add_zero_fraction_summary",
]
__getattr__ = forwarder("tf_slim.summaries", "tfcompat.contrib.slim.summaries", __all__)
