"""``tf.contrib.cudnn_rnn``: the cuDNN RNN layers and their per-step compatible cells, on TF 1.x's
canonical variables (a checkpoint written by either loads into the other)."""

from ._cells import CudnnCompatibleGRUCell, CudnnCompatibleLSTMCell
from ._layers import (
    CUDNN_GRU,
    CUDNN_GRU_PARAMS_PER_LAYER,
    CUDNN_INPUT_AUTO_MODE,
    CUDNN_INPUT_LINEAR_MODE,
    CUDNN_INPUT_SKIP_MODE,
    CUDNN_LSTM,
    CUDNN_LSTM_PARAMS_PER_LAYER,
    CUDNN_RNN_BIDIRECTION,
    CUDNN_RNN_RELU,
    CUDNN_RNN_RELU_PARAMS_PER_LAYER,
    CUDNN_RNN_TANH,
    CUDNN_RNN_TANH_PARAMS_PER_LAYER,
    CUDNN_RNN_UNIDIRECTION,
    CudnnGRU,
    CudnnLSTM,
    CudnnRNNRelu,
    CudnnRNNTanh,
)
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
