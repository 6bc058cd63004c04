"""contrib.cudnn_rnn: the layers against numpy cuDNN equations, TF 1.15's variable names, checkpoints that move
between a layer and its compatible cells, and (with a GPU) cuDNN against the CPU path."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import rnn, rnn_cell
from tfcompat.contrib import cudnn_rnn
from tfcompat.contrib.cudnn_rnn import _sequence
from tfcompat.rnn_cell import _cudnn

from .numpy_rnn import sigmoid

v1 = tf.compat.v1
GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1}
LAYERS = {"lstm": cudnn_rnn.CudnnLSTM, "gru": cudnn_rnn.CudnnGRU, "rnn_tanh": cudnn_rnn.CudnnRNNTanh,
          "rnn_relu": cudnn_rnn.CudnnRNNRelu}


class Recorder:
    """An initializer that draws fresh random values on each call and keeps them, in call order."""

    def __init__(self, seed: int, scale: float = 0.5) -> None:
        self.rng, self.scale, self.values = np.random.default_rng(seed), scale, []

    def __call__(self, shape, dtype=None, partition_info=None):
        value = (self.rng.standard_normal(shape) * self.scale).astype(np.float32)
        self.values.append(value)
        return value


# -- numpy: cuDNN's equations over its canonical tensors (NVIDIA cuDNN API reference, cudnnRNNMode_t) ---------

def _cudnn_step(mode: str, x, h, c, w, r, bw, br):
    """One step; ``w[g]`` [n, D], ``r[g]`` [n, n], biases [n]; gates lstm (i, f, c, o), gru (r, u, h)."""
    if mode == "lstm":
        z = [x @ w[g].T + h @ r[g].T + bw[g] + br[g] for g in range(4)]
        c = sigmoid(z[1]) * c + sigmoid(z[0]) * np.tanh(z[2])
        return sigmoid(z[3]) * np.tanh(c), c
    if mode == "gru":
        reset = sigmoid(x @ w[0].T + h @ r[0].T + bw[0] + br[0])
        update = sigmoid(x @ w[1].T + h @ r[1].T + bw[1] + br[1])
        new = np.tanh(x @ w[2].T + bw[2] + reset * (h @ r[2].T + br[2]))
        return (1 - update) * new + update * h, c
    act = np.tanh if mode == "rnn_tanh" else (lambda v: np.maximum(v, 0))
    return act(x @ w[0].T + h @ r[0].T + bw[0] + br[0]), c


def _cudnn_direction(mode, xs, weights, biases, h, c, lengths):
    """Time-major ``xs`` [T, B, D] through one layer and direction; outputs zero past each length."""
    g = GATES[mode]
    outputs = np.zeros(xs.shape[:2] + (h.shape[-1],))
    for t in range(xs.shape[0]):
        new_h, new_c = _cudnn_step(mode, xs[t], h, c, weights[:g], weights[g:], biases[:g], biases[g:])
        live = (t < lengths)[:, None]
        h, c = np.where(live, new_h, h), np.where(live, new_c, c)
        outputs[t] = np.where(live, new_h, 0.0)
    return outputs, h, c


def _reverse(xs, lengths):
    out = xs.copy()
    for b, n in enumerate(lengths):
        out[:n, b] = xs[:n, b][::-1]
    return out


def cudnn_numpy(mode, xs, weights, biases, layers, dirs, h0, c0, lengths):
    """The whole stack: per layer, forward (and backward on the reversed sequences), outputs concatenated."""
    per_unit = 2 * GATES[mode]
    lengths = np.full(xs.shape[1], xs.shape[0]) if lengths is None else np.asarray(lengths)
    hs, cs, x = [], [], xs
    for layer in range(layers):
        outs = []
        for d in range(dirs):
            k = layer * dirs + d
            run_x = x if d == 0 else _reverse(x, lengths)
            out, h, c = _cudnn_direction(mode, run_x, weights[k * per_unit:(k + 1) * per_unit],
                                         biases[k * per_unit:(k + 1) * per_unit], h0[k], c0[k], lengths)
            outs.append(out if d == 0 else _reverse(out, lengths))
            hs.append(h)
            cs.append(c)
        x = np.concatenate(outs, -1)
    return x, np.stack(hs), np.stack(cs)


# -- the layers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", sorted(GATES))
@pytest.mark.parametrize("layers, direction", [(1, "unidirectional"), (2, "unidirectional"), (2, "bidirectional")])
def test_layer_matches_numpy_cudnn(graph, mode, layers, direction):
    """Canonical tensors drawn by the initializers, in TF 1.15's order (every weight, then every bias),
    give cuDNN's numbers; with initial states and sequence lengths."""
    steps, batch, depth, n = 5, 3, 4, 6
    rng = np.random.default_rng(1)
    xs = rng.standard_normal((steps, batch, depth)).astype(np.float32)
    lengths = [5, 2, 4]
    kernels, biases = Recorder(2), Recorder(3, 0.3)
    layer = LAYERS[mode](layers, n, direction=direction, kernel_initializer=kernels, bias_initializer=biases)
    dirs = layer.num_dirs
    h0 = rng.standard_normal((layers * dirs, batch, n)).astype(np.float32)
    c0 = rng.standard_normal((layers * dirs, batch, n)).astype(np.float32)
    initial = (h0, c0) if mode == "lstm" else (h0,)
    outputs, states = layer(xs, initial_state=initial, sequence_lengths=lengths)
    grads = tf.gradients(tf.reduce_sum(outputs * outputs) + tf.reduce_sum(states[0]), layer.trainable_variables)
    assert len(kernels.values) == layers * dirs * 2 * GATES[mode] == len(biases.values)
    assert [v.shape for v in kernels.values] == [tuple(s) for s in layer.canonical_weight_shapes]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        got_outputs, got_states, got_grads = sess.run([outputs, states, grads])
    want_outputs, want_h, want_c = cudnn_numpy(mode, xs, kernels.values, biases.values, layers, dirs, h0, c0, lengths)
    np.testing.assert_allclose(got_outputs, want_outputs, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_states[0], want_h, rtol=1e-5, atol=1e-5)
    if mode == "lstm":
        np.testing.assert_allclose(got_states[1], want_c, rtol=1e-5, atol=1e-5)
    assert all(np.isfinite(g).all() for g in got_grads)


def test_batch_major_inputs_and_default_state(graph):
    xs = np.random.default_rng(4).standard_normal((3, 5, 4)).astype(np.float32)
    layer = cudnn_rnn.CudnnLSTM(1, 6, kernel_initializer=Recorder(5), bias_initializer=Recorder(6))
    outputs, (h, c) = layer(xs, time_major=False)
    assert outputs.shape.as_list() == [3, 5, 6] and h.shape.as_list() == [1, 3, 6]
    (got,) = _run(outputs)
    zeros = np.zeros((1, 3, 6))
    want, _, _ = cudnn_numpy("lstm", xs.transpose(1, 0, 2), layer._kernel_initializer.values,
                             layer._bias_initializer.values, 1, 1, zeros, zeros, None)
    np.testing.assert_allclose(got, want.transpose(1, 0, 2), rtol=1e-5, atol=1e-5)


def _run(*fetches):
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        return sess.run(list(fetches))


# -- names ----------------------------------------------------------------------------------------------------

def test_variable_names_are_tf115_canonical_names(graph):
    """TF 1.15 ``CudnnOpaqueParamsSaveable`` names: ``<scope>/rnn/multi_rnn_cell/cell_<l>/<cell>/...`` (one
    direction), ``<scope>/stack_bidirectional_rnn/cell_<l>/bidirectional_rnn/fw|bw/<cell>/...`` (two)."""
    x = np.zeros((2, 3, 4), np.float32)
    lstm = cudnn_rnn.CudnnLSTM(2, 5)
    lstm(x)
    gru = cudnn_rnn.CudnnGRU(1, 5, direction="bidirectional", name="encoder")
    gru(x)
    cudnn_rnn.CudnnRNNTanh(1, 5)(x)
    cell = "cudnn_lstm/rnn/multi_rnn_cell/cell_{}/cudnn_compatible_lstm_cell/{}:0"
    gru_cell = "encoder/stack_bidirectional_rnn/cell_0/bidirectional_rnn/{}/cudnn_compatible_gru_cell/{}:0"
    gru_names = ["gates/kernel", "gates/bias", "candidate/input_projection/kernel", "candidate/input_projection/bias",
                 "candidate/hidden_projection/kernel", "candidate/hidden_projection/bias"]
    assert [v.name for v in v1.trainable_variables()] == (
        [cell.format(layer, name) for layer in (0, 1) for name in ("kernel", "bias")]
        + [gru_cell.format(d, name) for d in ("fw", "bw") for name in gru_names]
        + ["cudnn_rnn_tanh/rnn/multi_rnn_cell/cell_0/basic_rnn_cell/kernel:0",
           "cudnn_rnn_tanh/rnn/multi_rnn_cell/cell_0/basic_rnn_cell/bias:0"])
    assert [v.name for v in lstm.trainable_variables][:2] == [cell.format(0, "kernel"), cell.format(0, "bias")]
    shapes = [v.shape.as_list() for v in lstm.trainable_variables]
    assert shapes == [[4 + 5, 20], [20], [5 + 5, 20], [20]]


def test_skip_input_is_refused(graph):
    with pytest.raises(NotImplementedError, match="linear_input"):
        cudnn_rnn.CudnnLSTM(1, 4, input_mode="skip_input")(np.zeros((2, 3, 4), np.float32))


# -- checkpoints between the layers and the compatible cells ----------------------------------------------------

def _save_restore(tmp_path, build_a, build_b):
    """Build ``a`` with random weights, save, restore into ``b``: both graphs' outputs."""
    path = str(tmp_path / "ckpt")
    with tf.Graph().as_default():
        out_a = build_a()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for var in v1.global_variables():
                var.load(np.random.default_rng(len(var.name)).standard_normal(var.shape.as_list()) * 0.5, sess)
            result_a = sess.run(out_a)
            v1.train.Saver().save(sess, path)
    with tf.Graph().as_default():
        out_b = build_b()
        with v1.Session() as sess:
            v1.train.Saver().restore(sess, path)
            return result_a, sess.run(out_b)


XS = np.random.default_rng(7).standard_normal((6, 3, 4)).astype(np.float32)


def _layer_outputs(cls, layers, direction="unidirectional"):
    return lambda: cls(layers, 5, direction=direction)(XS)[0]


def _compatible_outputs(make_cell, layers):
    """TF 1.x's recipe: the compatible cells in a MultiRNNCell under the layer's scope, scope arg unset."""
    def build():
        with v1.variable_scope("cudnn_lstm" if make_cell is cudnn_rnn.CudnnCompatibleLSTMCell else "cudnn_gru"):
            cell = rnn_cell.MultiRNNCell([make_cell(5) for _ in range(layers)])
            return rnn.dynamic_rnn(cell, XS, dtype=tf.float32, time_major=True)[0]
    return build


@pytest.mark.parametrize("layer, cell", [(cudnn_rnn.CudnnLSTM, cudnn_rnn.CudnnCompatibleLSTMCell),
                                         (cudnn_rnn.CudnnGRU, cudnn_rnn.CudnnCompatibleGRUCell)])
def test_checkpoint_moves_between_layer_and_compatible_cells(tmp_path, layer, cell):
    a, b = _save_restore(tmp_path, _layer_outputs(layer, 2), _compatible_outputs(cell, 2))
    np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-5)
    a, b = _save_restore(tmp_path, _compatible_outputs(cell, 2), _layer_outputs(layer, 2))
    np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-5)


def test_bidirectional_checkpoint_loads_into_bidirectional_cells(tmp_path):
    def cells():
        with v1.variable_scope("cudnn_lstm/stack_bidirectional_rnn/cell_0"):
            (fw, bw), _ = rnn.bidirectional_dynamic_rnn(cudnn_rnn.CudnnCompatibleLSTMCell(5),
                                                        cudnn_rnn.CudnnCompatibleLSTMCell(5), XS,
                                                        dtype=tf.float32, time_major=True)
            return tf.concat([fw, bw], 2)

    a, b = _save_restore(tmp_path, _layer_outputs(cudnn_rnn.CudnnLSTM, 1, "bidirectional"), cells)
    np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-5)


# -- the compatible cells -------------------------------------------------------------------------------------

def test_compatible_gru_cell_is_cudnn_gru(graph):
    """Reset gate after the recurrent matmul: ``tanh(W_h x + b_Wh + r * (R_h h + b_Rh))``."""
    xs = np.random.default_rng(8).standard_normal((3, 4, 5)).astype(np.float32)
    cell = cudnn_rnn.CudnnCompatibleGRUCell(6)
    outputs, _ = rnn.dynamic_rnn(cell, xs, dtype=tf.float32)
    assert cell.name == "cudnn_compatible_gru_cell"
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        for var in v1.global_variables():
            var.load(np.random.default_rng(len(var.name)).standard_normal(var.shape.as_list()) * 0.5, sess)
        got, (gk, gb, ik, ib, hk, hb) = sess.run([outputs, v1.global_variables()])
    h, want = np.zeros((3, 6)), []
    for t in range(4):
        x = xs[:, t]
        r, u = np.split(sigmoid(np.concatenate([x, h], 1) @ gk + gb), 2, axis=1)
        h = (1 - u) * np.tanh(x @ ik + ib + r * (h @ hk + hb)) + u * h
        want.append(h)
    np.testing.assert_allclose(got, np.stack(want, 1), rtol=1e-5, atol=1e-5)


def test_compatible_lstm_cell_runs_the_fused_path(graph):
    cell = cudnn_rnn.CudnnCompatibleLSTMCell(6)
    rnn.dynamic_rnn(cell, np.zeros((2, 3, 4), np.float32), dtype=tf.float32)
    graph_def = graph.as_graph_def()
    types = {node.op for function in graph_def.library.function for node in function.node_def}
    assert "MatMul" in types and "LSTMBlockCell" not in types and cell._forget_bias == 0.0
    assert [v.name for v in v1.global_variables()] == ["rnn/cudnn_compatible_lstm_cell/kernel:0",
                                                       "rnn/cudnn_compatible_lstm_cell/bias:0"]


# -- cuDNN's parameter buffers (what the GPU path feeds CudnnRNNV3), checked on the CPU --------------------------

@pytest.mark.parametrize("mode", ["gru", "rnn_tanh"])
def test_parameter_buffer_layout_gives_the_cpu_numbers(graph, mode):
    """The buffer split as cuDNN documents it (weights [n, D] then [n, n], then input and recurrent biases,
    row-major, gate order r, u, h) through numpy's cuDNN equations equals the CPU path."""
    xs = np.random.default_rng(9).standard_normal((5, 3, 4)).astype(np.float32)
    layer = LAYERS[mode](1, 6, bias_initializer=Recorder(10))
    outputs, _ = layer(xs)
    variables = layer._units[0]
    params = (_sequence.gru_params if mode == "gru" else _sequence.simple_rnn_params)(variables, 4)
    got, buffer = _run(outputs, params)
    g, n = GATES[mode], 6
    sizes = [n * 4] * g + [n * n] * g + [n] * 2 * g
    parts = np.split(buffer, np.cumsum(sizes)[:-1])
    weights = [p.reshape(n, 4) for p in parts[:g]] + [p.reshape(n, n) for p in parts[g:2 * g]]
    zeros = np.zeros((1, 3, n))
    want, _, _ = cudnn_numpy(mode, xs, weights, parts[2 * g:], 1, 1, zeros, zeros, None)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.gpu
@pytest.mark.parametrize("mode", sorted(GATES))
def test_cudnn_gpu_matches_cpu(monkeypatch, mode):
    """With ``TFCOMPAT_CUDNN=1`` on a GPU each layer and direction is a CudnnRNNV3 call: outputs, states and
    gradients as on the CPU path."""
    if not tf.config.list_physical_devices("GPU"):
        pytest.skip("no GPU visible")
    xs = np.random.default_rng(11).standard_normal((7, 4, 5)).astype(np.float32)
    results = []
    for device, enabled in (("/cpu:0", "0"), ("/gpu:0", "1")):
        monkeypatch.setenv(_cudnn.CUDNN_ENV, enabled)
        with tf.Graph().as_default() as graph:
            with tf.device(device):
                layer = LAYERS[mode](2, 6, direction="bidirectional", kernel_initializer=Recorder(12),
                                     bias_initializer=Recorder(13))
                outputs, states = layer(xs, sequence_lengths=[7, 3, 5, 1])
                loss = tf.reduce_sum(tf.square(outputs)) + tf.reduce_sum(states[0])
                grads = tf.gradients(loss, layer.trainable_variables)
            assert ("CudnnRNNV3" in {op.type for op in graph.get_operations()}) == (enabled == "1")
            results.append(_run(outputs, *states, *grads))
    for cpu, gpu in zip(*results):
        np.testing.assert_allclose(gpu, cpu, rtol=1e-4, atol=1e-4)


def test_dropout_only_between_layers_and_only_in_training(graph):
    """cuDNN drops each layer's outputs but the last layer's, when training."""
    xs = np.random.default_rng(14).standard_normal((4, 3, 5)).astype(np.float32)
    two = cudnn_rnn.CudnnGRU(2, 6, dropout=0.5, seed=1)
    one = cudnn_rnn.CudnnGRU(1, 6, dropout=0.5, seed=1)
    train_two, infer_two = two(xs, training=True)[0], two(xs, training=False)[0]
    train_one, infer_one = one(xs, training=True)[0], one(xs, training=False)[0]
    got = _run(train_two, infer_two, train_one, infer_one)
    assert not np.allclose(got[0], got[1])
    np.testing.assert_allclose(got[2], got[3], rtol=1e-6, atol=1e-6)


def test_gru_layer_gradients_equal_the_compatible_cells(graph):
    """The layer's hand-written GRU backward against autodiff through CudnnCompatibleGRUCell's steps, on the same
    variables (the cells reuse the layer's canonical names): weights, inputs and initial state."""
    rng = np.random.default_rng(15)
    x = tf.constant(rng.standard_normal((6, 3, 4)).astype(np.float32))
    h0 = tf.constant(rng.standard_normal((1, 3, 5)).astype(np.float32))
    layer = cudnn_rnn.CudnnGRU(1, 5, kernel_initializer=Recorder(16), bias_initializer=Recorder(17))
    outputs, (h_last,) = layer(x, initial_state=(h0,), sequence_lengths=[6, 2, 4])
    with v1.variable_scope("cudnn_gru", reuse=True):
        cell = rnn_cell.MultiRNNCell([cudnn_rnn.CudnnCompatibleGRUCell(5)])
        cell_outputs, (cell_h,) = rnn.dynamic_rnn(cell, x, sequence_length=[6, 2, 4], initial_state=(h0[0],),
                                                  time_major=True)
    assert len(v1.global_variables()) == 6
    targets = layer.trainable_variables + [x, h0]
    grads = (tf.gradients(tf.reduce_sum(tf.sin(outputs)) + tf.reduce_sum(h_last * h_last), targets)
             + tf.gradients(tf.reduce_sum(tf.sin(cell_outputs)) + tf.reduce_sum(cell_h * cell_h), targets))
    got = _run(outputs, cell_outputs, *grads)
    np.testing.assert_allclose(got[0], got[1], rtol=1e-5, atol=1e-5)
    half = len(targets)
    for a, b in zip(got[2:2 + half], got[2 + half:]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
