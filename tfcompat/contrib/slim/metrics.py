"""``tf.contrib.slim.metrics`` is ``tf.contrib.metrics``: this module is tfcompat.contrib.metrics itself."""
import sys

from .. import metrics

sys.modules[__name__] = metrics
