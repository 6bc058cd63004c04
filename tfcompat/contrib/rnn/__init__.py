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
from tfcompat.spec.served import exported

GRUBlockCellV2 = GRUBlockCell

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
