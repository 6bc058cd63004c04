"""``tf.contrib.keras``: Keras 2, from tf-keras (``pip install 'tfcompat[keras2]'``).

TF 1.x's ``tf.contrib.keras`` was Keras 2 inside TensorFlow; TF 2.16+ ships Keras 3, which runs neither in
``tf.compat.v1`` graphs nor with a ``tf.Session``. tf-keras, maintained by the TensorFlow team, is that Keras 2.
"""
from .._extras import forwarder

__all__ = [
    "activations", "applications", "backend", "callbacks", "constraints", "datasets", "initializers", "layers",
    "losses", "metrics", "models", "optimizers", "preprocessing", "regularizers", "utils", "wrappers",
]
__getattr__ = forwarder("tf_keras", "tfcompat.contrib.keras", __all__)
