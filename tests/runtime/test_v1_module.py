"""``tfcompat.v1``: lazy forwarding, complete ``dir()``, namespaces, module imports and wiring."""
from __future__ import annotations

import importlib
import json
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.ops as ops
from runtime_helpers import run_graph, run_python

pytestmark = pytest.mark.filterwarnings("ignore::tfcompat._warnings.TFCompatDeprecationWarning")


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        pytest.skip(f"{name} is not built yet")


def test_dir_lists_compat_v1_and_removed_names(v1: Any) -> None:
    names = set(dir(v1))
    assert {n for n in dir(tf.compat.v1) if not n.startswith("_")} <= names
    assert {"pack", "batch_matmul", "batch_mul", "scalar_summary", "nest", "contrib", "examples"} <= names
    assert {"rnn_cell", "rnn", "bidirectional_rnn", "softmax"} <= set(dir(v1.nn))
    assert "per_image_whitening" in dir(v1.image)
    assert {"Saver", "SummaryWriter", "latest_checkpoint"} <= set(dir(v1.train))


def test_compat_v1_names_are_forwarded_unchanged(v1: Any) -> None:
    for name in ("placeholder", "Session", "get_variable", "variable_scope", "reduce_sum", "Dimension", "to_float"):
        assert getattr(v1, name) is getattr(tf.compat.v1, name)
    assert v1.nn.softmax is tf.compat.v1.nn.softmax
    assert v1.linalg.inv is tf.compat.v1.linalg.inv
    assert issubclass(v1.train.Saver, tf.compat.v1.train.Saver)  # the subclass whose state file moves last
    assert v1.summary.scalar is tf.compat.v1.summary.scalar


def test_removed_names_come_from_tfcompat_ops(v1: Any) -> None:
    for name in ("pack", "unpack", "batch_matmul", "batch_mul", "split", "concat", "reverse", "cond", "select",
                 "batch_matrix_inverse", "batch_fft", "scalar_summary", "merge_all_summaries"):
        assert getattr(v1, name) is getattr(ops, name)
    assert v1.nn.softmax_cross_entropy_with_logits is ops.softmax_cross_entropy_with_logits
    assert v1.image.per_image_whitening is ops.per_image_whitening
    assert issubclass(v1.train.SummaryWriter, tf.compat.v1.summary.FileWriter)


def test_unknown_names_raise_attribute_error(v1: Any) -> None:
    with pytest.raises(AttributeError):
        v1.no_such_thing  # noqa: B018
    with pytest.raises(AttributeError):
        v1.nn.no_such_thing  # noqa: B018


def test_module_style_imports(v1: Any) -> None:
    from tfcompat.v1 import nest
    from tfcompat.v1.examples.tutorials.mnist import input_data

    import tfcompat.examples.tutorials.mnist.input_data as real_input_data
    import tfcompat.nest as real_nest
    import tfcompat.v1.linalg as linalg
    import tfcompat.v1.train as train

    assert nest is real_nest and nest.is_sequence((1, 2)) and not nest.is_sequence(3)
    assert input_data is real_input_data
    assert linalg is v1.linalg and linalg.inv is tf.compat.v1.linalg.inv
    assert train is v1.train


def test_tfcompat_v1_stands_in_for_internal_modules(v1: Any) -> None:
    """Notes item 7: ``vs.variable_scope``, ``array_ops.concat(1, states)``, ``array_ops.slice``."""
    import tfcompat.v1.array_ops as array_ops

    vs = v1
    x = np.arange(12, dtype=np.float32).reshape(2, 6)

    def build() -> Any:
        with vs.variable_scope("cell"):
            u = vs.get_variable("U", [2, 2], initializer=v1.constant_initializer(1.0))
        assert u.name == "cell/U:0"
        first = array_ops.slice(tf.constant(x), [0, 0], [-1, 2])
        return array_ops.concat(1, [first, u])

    np.testing.assert_array_equal(run_graph(build), np.concatenate([x[:, :2], np.ones((2, 2))], 1))
    assert array_ops is v1 and v1.__spec__.name == "tfcompat.v1"


def test_tensorflow_import_paths_work_under_tfcompat_v1(v1: Any) -> None:
    """Replacing ``tensorflow`` by ``tfcompat.v1`` in an import line is enough."""
    from tfcompat.v1.python.ops import array_ops, math_ops
    from tfcompat.v1.python.ops import variable_scope as vs
    from tfcompat.v1.python.util import nest

    import tfcompat.nest as real_nest

    assert array_ops is v1 and math_ops is v1 and vs is v1 and nest is real_nest
    assert {"array_ops", "variable_scope", "rnn_cell", "rnn"} <= set(dir(v1.python.ops))


def test_rnn_cell_imports_are_tfcompat_rnn_cell(v1: Any) -> None:
    real = _optional("tfcompat.rnn_cell")
    import tfcompat.v1.nn.rnn_cell as rnn_cell_module
    from tfcompat.v1.nn import rnn_cell

    from tfcompat.v1.models.rnn import rnn_cell as models_rnn_cell
    from tfcompat.v1.python.ops.rnn_cell import RNNCell

    assert rnn_cell is real and rnn_cell_module is real and v1.nn.rnn_cell is real and models_rnn_cell is real
    assert v1.nn.rnn_cell.RNNCell is real.RNNCell is RNNCell


def test_rnn_functions_are_wired_to_tfcompat_rnn(v1: Any) -> None:
    rnn = _optional("tfcompat.rnn")
    for name in ("dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn", "static_bidirectional_rnn"):
        if hasattr(rnn, name):
            assert getattr(v1.nn, name) is getattr(rnn, name)
    assert v1.nn.rnn.__wrapped__ is rnn.static_rnn
    assert v1.nn.bidirectional_rnn.__wrapped__ is rnn.static_bidirectional_rnn


def test_layers_and_contrib_are_tfcompat_modules(v1: Any) -> None:
    layers, contrib = _optional("tfcompat.layers"), _optional("tfcompat.contrib")
    assert v1.layers is layers and v1.contrib is contrib


V1_PROGRAM = """
import json, warnings
import numpy as np
import tfcompat.v1 as tf

out = {"eager": tf.executing_eagerly()}
x = tf.placeholder(tf.float32, [50, 128])
out["dim_value"] = x.get_shape()[1].value
out["with_rank_value"] = x.get_shape().with_rank(2)[1].value
out["as_list"] = x.get_shape().with_rank_at_least(2).as_list()

# Notes item 25: TensorArray written in a while_loop, then .pack().
n = 4
ta = tf.TensorArray(tf.float32, size=n)
def body(i, ta):
    return i + 1, ta.write(i, tf.cast(i, tf.float32) * 2.0)
_, ta = tf.while_loop(lambda i, ta: i < n, body, [tf.constant(0), ta])
packed = ta.pack()
unpacked = tf.TensorArray(tf.float32, size=3).unpack(tf.constant([1.0, 2.0, 3.0])).read(2)

# Notes item 1: [batch, n_step, n_input] -> list of n_step [batch, n_input] via split(0, ...).
batch, n_step, n_input = 2, 3, 4
seq = tf.placeholder(tf.float32, [batch, n_step, n_input])
steps = tf.split(0, n_step, tf.reshape(tf.transpose(seq, [1, 0, 2]), [-1, n_input]))
restacked = tf.pack(steps, axis=1)
gated = tf.batch_matmul(tf.expand_dims(steps[0], 2), tf.expand_dims(steps[1], 1))
with tf.Session() as sess:
    feed = np.arange(batch * n_step * n_input, dtype=np.float32).reshape(batch, n_step, n_input)
    p, u, r, g = sess.run([packed, unpacked, restacked, gated], {seq: feed})
out["packed"] = p.tolist()
out["unpacked"] = float(u)
out["restack_ok"] = bool(np.array_equal(r, feed))
out["gated_ok"] = bool(np.allclose(g, feed[:, 0, :, None] * feed[:, 1, None, :]))
out["n_steps"] = len(steps)
tf.reset_default_graph()
print(json.dumps(out))
"""


def test_import_switches_to_v1_behaviour() -> None:
    result = run_python(V1_PROGRAM)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["eager"] is False
    assert out["dim_value"] == 128 and out["with_rank_value"] == 128 and out["as_list"] == [50, 128]
    assert out["packed"] == [[0.0], [2.0], [4.0], [6.0]] or out["packed"] == [0.0, 2.0, 4.0, 6.0]
    assert out["unpacked"] == 3.0
    assert out["restack_ok"] and out["gated_ok"] and out["n_steps"] == 3


def test_keep_v2_env_var_opts_out() -> None:
    result = run_python(
        "import tfcompat.v1 as tf; import tensorflow; print(tf.executing_eagerly(), tf.pack([1, 2]).numpy().tolist())",
        env={"TFCOMPAT_KEEP_V2": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["True", "[1,", "2]"]


def test_import_tfcompat_has_no_side_effect() -> None:
    result = run_python(
        "import sys, tfcompat; assert issubclass(tfcompat.TFCompatDeprecationWarning, FutureWarning);"
        "print('tensorflow' in sys.modules, sorted(dir(tfcompat))[:2]);"
        "import tensorflow as tf; print(tf.executing_eagerly(), tfcompat.pack is tfcompat.ops.pack)"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = result.stdout.strip().splitlines()[-2:]
    assert first.startswith("False")
    assert second == "True True"
