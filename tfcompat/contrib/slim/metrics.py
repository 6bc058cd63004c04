"""``tf.contrib.slim.metrics`` is ``tf.contrib.metrics``: tfcompat.contrib.metrics."""
from ..metrics import *  # noqa: F401,F403
from ..metrics import __all__, __getattr__  # noqa: F401
