"""``tf.contrib.slim.evaluation``: the evaluation loop over checkpoints;
served by tf-slim (``pip install 'tfcompat[slim]'``).
"""
from .._extras import forwarder

__all__ = ["checkpoints_iterator", "evaluate_once", "evaluation_loop", "wait_for_new_checkpoint"]
__getattr__ = forwarder("tf_slim.evaluation", "tfcompat.contrib.slim.evaluation", __all__)
