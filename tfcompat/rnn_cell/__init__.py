"""Keras-free TF 1.x RNN cells (``tf.nn.rnn_cell``) with TF 1.x variable names.

Importing this module does not switch TensorFlow to v1 behaviour.
"""
from ._base import LayerRNNCell, LSTMStateTuple, RNNCell, linear
from ._cells import BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell, MultiRNNCell
from ._linear import _like_rnncell, _Linear  # noqa: F401  (private TF 1.x helpers user cells imported)
from ._wrappers import (
    DeviceWrapper,
    DropoutWrapper,
    InputProjectionWrapper,
    OutputProjectionWrapper,
    ResidualWrapper,
)
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)

_linear = linear  # the private name TF 0.x/1.x user cells import


__getattr__ = left_out(__name__)
