"""``CudnnLSTM``, ``CudnnGRU``, ``CudnnRNNTanh``, ``CudnnRNNRelu`` on TF 1.x's canonical variables.

TF 1.15 (``contrib/cudnn_rnn/python/layers/cudnn_rnn.py``) kept one opaque parameter buffer and saved it,
through ``CudnnOpaqueParamsSaveable``, under the names of the equivalent per-cell graph.  Here those
canonical variables are the layer's own variables, so the same checkpoint names are written and read:
``<scope>/rnn/multi_rnn_cell/cell_<l>/cudnn_compatible_lstm_cell/kernel`` and ``.../bias`` (one direction),
``<scope>/stack_bidirectional_rnn/cell_<l>/bidirectional_rnn/fw|bw/...`` (two; ``_TFCanonicalNamePrefix``).
The LSTM runs tfcompat's fused LSTM path, the others a loop with the input projection hoisted out; with
``TFCOMPAT_CUDNN=1`` and a GPU visible each layer and direction is one ``CudnnRNNV3`` call.
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf

from ...layers._base import Layer
from ...rnn_cell._base import v1
from ...rnn_cell._fused import fused_lstm
from ...rnn_cell._layout import run_time_major
from ._sequence import gru_sequence, simple_rnn_sequence

CUDNN_RNN_UNIDIRECTION = "unidirectional"
CUDNN_RNN_BIDIRECTION = "bidirectional"
CUDNN_LSTM, CUDNN_GRU, CUDNN_RNN_TANH, CUDNN_RNN_RELU = "lstm", "gru", "rnn_tanh", "rnn_relu"
CUDNN_INPUT_LINEAR_MODE, CUDNN_INPUT_SKIP_MODE, CUDNN_INPUT_AUTO_MODE = "linear_input", "skip_input", "auto_select"
# Weight (and bias) tensors per layer and direction: half on the inputs, half on the state.
CUDNN_LSTM_PARAMS_PER_LAYER, CUDNN_GRU_PARAMS_PER_LAYER = 8, 6
CUDNN_RNN_TANH_PARAMS_PER_LAYER = CUDNN_RNN_RELU_PARAMS_PER_LAYER = 2

# TF 1.x LSTM gates are i, j (= c), f, o; cuDNN's are i, f, c, o (CudnnLSTMSaveable._cudnn_to_tf_gate_params).
_LSTM_TF_FROM_CUDNN = (0, 2, 1, 3)


def _stitch(inputs: list, recurrent: list, gates: tuple) -> tf.Tensor:
    """TF 1.x kernel ``[D + n, k n]`` from cuDNN's ``[n, D]`` and ``[n, n]`` matrices of ``gates``."""
    return tf.transpose(tf.concat([tf.concat([inputs[g], recurrent[g]], 1) for g in gates], 0))


def _last_as_tuple(result: tuple) -> tuple:
    """``(outputs, h_T)`` -> ``(outputs, (h_T,))``: the final state as the layer's state tuple."""
    outputs, h_last = result
    return outputs, (h_last,)


class _CudnnRNN(Layer):
    """Shared construction and ``call`` of the cuDNN layers (TF 1.15's ``_CudnnRNN``)."""

    _rnn_mode = ""
    _num_params_per_layer = 0
    _cell_name = ""

    def __init__(self, num_layers: int, num_units: int, input_mode: str = CUDNN_INPUT_LINEAR_MODE,
                 direction: str = CUDNN_RNN_UNIDIRECTION, dropout: float = 0.0, seed: int | None = None,
                 dtype: Any = tf.float32, kernel_initializer: Any = None, bias_initializer: Any = None,
                 name: str | None = None) -> None:
        if direction not in (CUDNN_RNN_UNIDIRECTION, CUDNN_RNN_BIDIRECTION):
            raise ValueError(f"Invalid direction: {direction}, expecting {CUDNN_RNN_UNIDIRECTION} or "
                             f"{CUDNN_RNN_BIDIRECTION}")
        if input_mode not in (CUDNN_INPUT_LINEAR_MODE, CUDNN_INPUT_SKIP_MODE, CUDNN_INPUT_AUTO_MODE):
            raise ValueError(f"Invalid input_mode: {input_mode}")
        if tf.as_dtype(dtype) not in (tf.float16, tf.float32, tf.float64):
            raise ValueError(f"Only support float16, float32, float64, provided {dtype}")
        super().__init__(name=name, dtype=dtype)
        self._num_layers, self._num_units = num_layers, num_units
        self._input_mode, self._direction = input_mode, direction
        self._dropout, self._seed = dropout, seed
        self._kernel_initializer = kernel_initializer or v1.glorot_uniform_initializer(seed=seed)
        self._bias_initializer = bias_initializer or tf.zeros_initializer()
        self._input_size: int | None = None
        self._units: list[dict] = []  # per layer and direction (cuDNN's order): variable suffix -> variable

    @property
    def num_layers(self) -> int:
        return self._num_layers

    @property
    def num_units(self) -> int:
        return self._num_units

    @property
    def input_mode(self) -> str:
        return self._input_mode

    @property
    def direction(self) -> str:
        return self._direction

    @property
    def rnn_mode(self) -> str:
        return self._rnn_mode

    @property
    def num_dirs(self) -> int:
        return 1 if self._direction == CUDNN_RNN_UNIDIRECTION else 2

    @property
    def input_size(self) -> int:
        if not self._input_size:
            raise ValueError("'input_size' is unknown since layer has not been built.")
        return self._input_size

    def _input_width(self, layer: int) -> int:
        return self.input_size if layer == 0 else self._num_units * self.num_dirs

    def _canonical_weight_shape(self, layer: int) -> list:
        """cuDNN's canonical weight shapes of one layer (TF 1.15 ``_canonical_weight_shape``)."""
        gates, n = self._num_params_per_layer // 2, self._num_units
        shapes = [(n, self._input_width(layer))] * gates + [(n, n)] * gates
        return shapes * self.num_dirs

    @property
    def canonical_weight_shapes(self) -> list:
        return [shape for layer in range(self._num_layers) for shape in self._canonical_weight_shape(layer)]

    @property
    def canonical_bias_shapes(self) -> list:
        return [[self._num_units]] * self.num_dirs * self._num_params_per_layer * self._num_layers

    def state_shape(self, batch_size: Any) -> tuple:
        shape = [self._num_layers * self.num_dirs, batch_size, self._num_units]
        return (shape, shape) if self._rnn_mode == CUDNN_LSTM else (shape,)

    def _prefix(self, layer: int, direction: int) -> str:
        """The TF 1.x per-cell scope the canonical weights are saved under (``_TFCanonicalNamePrefix``)."""
        if self._direction == CUDNN_RNN_UNIDIRECTION:
            return f"rnn/multi_rnn_cell/cell_{layer}/{self._cell_name}"
        return f"stack_bidirectional_rnn/cell_{layer}/bidirectional_rnn/{('fw', 'bw')[direction]}/{self._cell_name}"

    def _pieces(self, shapes: list, initializer: Any) -> list:
        """One draw of ``initializer`` per canonical tensor, called as TF 1.15 calls it."""
        return [tf.convert_to_tensor(initializer(shape, dtype=self._dtype), dtype=self._dtype)
                for shape in shapes]

    def build(self, input_shape: tf.TensorShape) -> None:
        input_shape = tf.TensorShape(input_shape)
        if input_shape.rank != 3:
            raise ValueError(f"Expecting input_shape with 3 dims, got {input_shape.rank}")
        if tf.compat.dimension_value(input_shape[-1]) is None:
            raise ValueError("The last dimension of the inputs to `CudnnRNN` should be defined. Found `None`.")
        self._input_size = int(input_shape[-1])
        skip = self._input_mode == CUDNN_INPUT_SKIP_MODE or (
            self._input_mode == CUDNN_INPUT_AUTO_MODE and self._input_size == self._num_units)
        if skip:
            raise NotImplementedError("tfcompat's cuDNN layers support input_mode 'linear_input' only "
                                      "('skip_input' feeds the inputs to the gates unprojected)")
        # TF 1.15's build draws every canonical weight (layer by layer, forward then backward), then every bias.
        weights = self._pieces(self.canonical_weight_shapes, self._kernel_initializer)
        biases = self._pieces(self.canonical_bias_shapes, self._bias_initializer)
        per_unit = self._num_params_per_layer
        for unit in range(self._num_layers * self.num_dirs):
            layer, direction = divmod(unit, self.num_dirs)
            values = self._tf_canonical(weights[unit * per_unit:(unit + 1) * per_unit],
                                        biases[unit * per_unit:(unit + 1) * per_unit])
            with v1.variable_scope(self._prefix(layer, direction)):
                self._units.append({name: self.add_weight(name, value.shape, dtype=self._dtype,
                                                          initializer=lambda *_, value=value, **__: value)
                                    for name, value in values.items()})

    def _tf_canonical(self, weights: list, biases: list) -> dict:
        """cuDNN's canonical tensors of one layer and direction -> the TF 1.x variables' values by name
        (TF 1.15 ``Cudnn*Saveable._cudnn_to_tf_weights``/``_cudnn_to_tf_biases``)."""
        raise NotImplementedError

    def call(self, inputs: Any, initial_state: tuple | None = None, sequence_lengths: Any = None,
             time_major: bool = True, training: bool = True) -> tuple:
        """``inputs`` [time, batch, depth] (or batch-major) -> ``(outputs, output_states)``; the states are
        ``(h, c)`` for the LSTM, ``(h,)`` otherwise, each ``[num_layers * num_dirs, batch, num_units]``."""
        if initial_state is not None and not isinstance(initial_state, tuple):
            raise TypeError(f"Invalid initial_state type: {initial_state}, expecting tuple.")
        inputs = tf.convert_to_tensor(inputs, dtype=self._dtype)
        if not time_major:
            inputs = tf.transpose(inputs, [1, 0, 2])
        if initial_state is None:
            initial_state = tuple(tf.zeros(shape, self._dtype) for shape in self.state_shape(tf.shape(inputs)[1]))
        states = [tf.unstack(tf.convert_to_tensor(s, dtype=self._dtype), self._num_layers * self.num_dirs)
                  for s in initial_state]
        x, finals = inputs, []
        for layer in range(self._num_layers):
            if layer > 0 and training and self._dropout > 0:  # cuDNN drops each layer's output but the last's
                x = tf.nn.dropout(x, rate=self._dropout, seed=self._seed)
            outputs = []
            for direction in range(self.num_dirs):
                k = layer * self.num_dirs + direction
                out, final = self._run_unit(x, self._units[k], [s[k] for s in states], sequence_lengths,
                                            reverse=direction == 1)
                outputs.append(out)
                finals.append(final)
            x = tf.concat(outputs, 2) if len(outputs) > 1 else outputs[0]
        if not time_major:
            x = tf.transpose(x, [1, 0, 2])
        return x, tuple(tf.stack([f[i] for f in finals]) for i in range(len(initial_state)))

    def _run_unit(self, inputs: tf.Tensor, variables: dict, state: list, sequence_lengths: Any,
                  reverse: bool) -> tuple:
        """One layer and direction over time-major ``inputs`` (``reverse``: each sequence read backwards from its
        last valid step, the outputs at their own steps) -> (outputs [T, B, n], final state as in ``state``)."""
        raise NotImplementedError


class CudnnLSTM(_CudnnRNN):
    """cuDNN's LSTM (no forget bias); variables as ``CudnnCompatibleLSTMCell``'s."""

    _rnn_mode = CUDNN_LSTM
    _num_params_per_layer = CUDNN_LSTM_PARAMS_PER_LAYER
    _cell_name = "cudnn_compatible_lstm_cell"

    def _tf_canonical(self, weights: list, biases: list) -> dict:
        # Input and recurrent biases are saved as their sum.
        return {"kernel": _stitch(weights[:4], weights[4:], _LSTM_TF_FROM_CUDNN),
                "bias": tf.concat([biases[g] + biases[4 + g] for g in _LSTM_TF_FROM_CUDNN], 0)}

    def _run_unit(self, inputs: tf.Tensor, variables: dict, state: list, sequence_lengths: Any,
                  reverse: bool) -> tuple:
        h0, c0 = state
        outputs, c_last, h_last = fused_lstm(inputs, variables["kernel"], variables["bias"], c0, h0,
                                             sequence_lengths, 0.0, reverse=reverse)
        return outputs, (h_last, c_last)


class CudnnGRU(_CudnnRNN):
    """cuDNN's GRU (reset gate after the recurrent matmul); variables as ``CudnnCompatibleGRUCell``'s."""

    _rnn_mode = CUDNN_GRU
    _num_params_per_layer = CUDNN_GRU_PARAMS_PER_LAYER
    _cell_name = "cudnn_compatible_gru_cell"

    def _tf_canonical(self, weights: list, biases: list) -> dict:
        # Gates r, u, h; r and u share one kernel and the sum of their biases, h keeps both of its own.
        return {"gates/kernel": _stitch(weights[:3], weights[3:], (0, 1)),
                "gates/bias": tf.concat([biases[0] + biases[3], biases[1] + biases[4]], 0),
                "candidate/input_projection/kernel": tf.transpose(weights[2]),
                "candidate/input_projection/bias": biases[2],
                "candidate/hidden_projection/kernel": tf.transpose(weights[5]),
                "candidate/hidden_projection/bias": biases[5]}

    def _run_unit(self, inputs: tf.Tensor, variables: dict, state: list, sequence_lengths: Any,
                  reverse: bool) -> tuple:
        return run_time_major(lambda x: _last_as_tuple(gru_sequence(x, variables, state[0], sequence_lengths)),
                              inputs, sequence_lengths, True, reverse)


class _CudnnSimpleRNN(_CudnnRNN):
    _num_params_per_layer = CUDNN_RNN_TANH_PARAMS_PER_LAYER
    _cell_name = "basic_rnn_cell"

    def _tf_canonical(self, weights: list, biases: list) -> dict:
        return {"kernel": _stitch(weights[:1], weights[1:], (0,)), "bias": biases[0] + biases[1]}

    def _run_unit(self, inputs: tf.Tensor, variables: dict, state: list, sequence_lengths: Any,
                  reverse: bool) -> tuple:
        return run_time_major(
            lambda x: _last_as_tuple(simple_rnn_sequence(self._rnn_mode, x, variables, state[0], sequence_lengths)),
            inputs, sequence_lengths, True, reverse)


class CudnnRNNTanh(_CudnnSimpleRNN):
    """cuDNN's tanh RNN; variables as ``BasicRNNCell``'s."""

    _rnn_mode = CUDNN_RNN_TANH


class CudnnRNNRelu(_CudnnSimpleRNN):
    """cuDNN's relu RNN; variables as ``BasicRNNCell(activation=tf.nn.relu)``'s."""

    _rnn_mode = CUDNN_RNN_RELU
