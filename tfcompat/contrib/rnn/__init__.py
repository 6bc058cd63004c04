"""``tf.contrib.rnn``: the core cells, block-kernel cells, fused-cell adaptors, layer-norm LSTM and attention
wrapper."""

from ...rnn import static_bidirectional_rnn, static_rnn
from ...rnn_cell import (
    BasicLSTMCell,
    BasicRNNCell,
    DeviceWrapper,
    DropoutWrapper,
    GRUCell,
    InputProjectionWrapper,
    LayerRNNCell,
    LSTMCell,
    LSTMStateTuple,
    MultiRNNCell,
    OutputProjectionWrapper,
    ResidualWrapper,
    RNNCell,
)
from ._block import GRUBlockCell, LSTMBlockCell, LSTMBlockFusedCell
from ._extra import AttentionCellWrapper, LayerNormBasicLSTMCell
from ._fused_rnn import FusedRNNCell, FusedRNNCellAdaptor, TimeReversedFusedRNN
from tfcompat._left_out import left_out

GRUBlockCellV2 = GRUBlockCell

__all__ = [
    "AttentionCellWrapper",
    "BasicLSTMCell",
    "BasicRNNCell",
    "DeviceWrapper",
    "DropoutWrapper",
    "FusedRNNCell",
    "FusedRNNCellAdaptor",
    "GRUBlockCell",
    "GRUBlockCellV2",
    "GRUCell",
    "InputProjectionWrapper",
    "LSTMBlockCell",
    "LSTMBlockFusedCell",
    "LSTMCell",
    "LSTMStateTuple",
    "LayerNormBasicLSTMCell",
    "LayerRNNCell",
    "MultiRNNCell",
    "OutputProjectionWrapper",
    "RNNCell",
    "ResidualWrapper",
    "TimeReversedFusedRNN",
    "static_bidirectional_rnn",
    "static_rnn",
]


__getattr__ = left_out(__name__)
