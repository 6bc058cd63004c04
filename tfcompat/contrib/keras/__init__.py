"""``tf.contrib.keras``: Keras 2's TF 1.x API, from tf-keras (``pip install 'tfcompat[keras2]'``).

TF 1.x's ``tf.contrib.keras`` was Keras 2 inside TensorFlow; TF 2.16+ ships Keras 3, which has no ``Session``
(``backend.get_session``) and no v1 graph semantics. tf-keras, maintained by the TensorFlow team, keeps Keras 2 and
its v1 API (what ``tf.compat.v1.keras`` was), which this module serves (``tfcompat.v1.keras`` is that API too when
tf-keras is installed). ``wrappers`` (scikit-learn) is left out: tf-keras removed it.
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tf_keras.api._v1.keras", "tfcompat.contrib.keras", __all__)
