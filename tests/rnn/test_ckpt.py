"""tfcompat-ckpt: TF 0.12/1.0 names -> today's, V1 and V2 checkpoints, CLI and restore API."""
from __future__ import annotations

import json

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import ckpt, rnn, rnn_cell
from tfcompat.ckpt.cli import main

v1 = tf.compat.v1
RNG = np.random.default_rng(7)

OLD_0_12 = {  # TF 0.12 name -> shape; a 2-layer BasicLSTM, a peephole+projection LSTMCell, a GRU
    "RNN/MultiRNNCell/Cell0/BasicLSTMCell/Linear/Matrix": [7, 12],  # 4 inputs + 3 units
    "RNN/MultiRNNCell/Cell0/BasicLSTMCell/Linear/Bias": [12],
    "RNN/MultiRNNCell/Cell1/BasicLSTMCell/Linear/Matrix": [6, 12],
    "RNN/MultiRNNCell/Cell1/BasicLSTMCell/Linear/Bias": [12],
    "lstm/RNN/LSTMCell/W_0": [4, 12],
    "lstm/RNN/LSTMCell/B": [12],
    "lstm/RNN/LSTMCell/W_F_diag": [3],
    "lstm/RNN/LSTMCell/W_I_diag": [3],
    "lstm/RNN/LSTMCell/W_O_diag": [3],
    "lstm/RNN/LSTMCell/W_P_0": [3, 1],
    "BiRNN/FW/GRUCell/Gates/Linear/Matrix": [5, 4],
    "BiRNN/FW/GRUCell/Gates/Linear/Bias": [4],
    "BiRNN/FW/GRUCell/Candidate/Linear/Matrix": [5, 2],
    "BiRNN/FW/GRUCell/Candidate/Linear/Bias": [2],
}


@pytest.mark.parametrize("old, new", [
    ("RNN/BasicLSTMCell/Linear/Matrix", "rnn/basic_lstm_cell/kernel"),
    ("RNN/BasicLSTMCell/Linear/Bias", "rnn/basic_lstm_cell/bias"),
    ("RNN/MultiRNNCell/Cell1/LSTMCell/W_0", "rnn/multi_rnn_cell/cell_1/lstm_cell/kernel"),
    ("RNN/LSTMCell/B", "rnn/lstm_cell/bias"),
    ("RNN/LSTMCell/W_P_0", "rnn/lstm_cell/projection/kernel"),
    ("BiRNN/BW/BasicRNNCell/Linear/Matrix", "bidirectional_rnn/bw/basic_rnn_cell/kernel"),
    ("RNN/BasicLSTMCell/Linear/Matrix/Adam_1", "rnn/basic_lstm_cell/kernel/Adam_1"),
    ("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/weights", "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel"),
    ("bidirectional_rnn/fw/lstm_cell/biases", "bidirectional_rnn/fw/lstm_cell/bias"),
    ("rnn/gru_cell/gates/weights", "rnn/gru_cell/gates/kernel"),
    ("rnn/lstm_cell/projection/weights", "rnn/lstm_cell/projection/kernel"),
    ("rnn/output_projection_wrapper/biases", "rnn/output_projection_wrapper/bias"),
    ("conv1/weights", "conv1/weights"),  # slim names are today's names
    ("fully_connected/biases", "fully_connected/biases"),
    ("global_step", "global_step"),
])
def test_modern_name(old, new):
    assert ckpt.modern_name(old) == new


def write_old_checkpoint(directory, version) -> tuple[str, dict]:
    values = {name: RNG.standard_normal(shape).astype(np.float32) for name, shape in OLD_0_12.items()}
    with tf.Graph().as_default():
        for name, value in values.items():
            v1.get_variable(name, initializer=value)
        saver = v1.train.Saver(write_version=version)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            path = saver.save(sess, str(directory / "old.ckpt"))
    return path, values


def build_today_model():
    """The same three models written with today's API (creating today's names)."""
    x = tf.zeros([2, 3, 4])
    steps = tf.unstack(tf.zeros([2, 3, 4]), axis=1)
    rnn.static_rnn(rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(3), rnn_cell.BasicLSTMCell(3)]), steps,
                   dtype=tf.float32)
    with v1.variable_scope("lstm"):
        rnn.dynamic_rnn(rnn_cell.LSTMCell(3, use_peepholes=True, num_proj=1), tf.zeros([2, 3, 3]), dtype=tf.float32)
    rnn.bidirectional_dynamic_rnn(rnn_cell.GRUCell(2), rnn_cell.GRUCell(2), tf.zeros([2, 3, 3]), dtype=tf.float32)
    return x


@pytest.mark.parametrize("version", ["V1", "V2"])
def test_convert_then_plain_saver_restore(tmp_path, capsys, version):
    old_path, values = write_old_checkpoint(tmp_path, getattr(v1.train.SaverDef, version))
    assert main(["inspect", old_path]) == 0
    listing = capsys.readouterr().out
    assert "lstm/RNN/LSTMCell/W_P_0\t[3, 1]\tfloat32" in listing
    new_prefix = str(tmp_path / "new" / "model.ckpt")
    assert main(["convert", old_path, new_prefix]) == 0
    assert "->  rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel" in capsys.readouterr().out
    mapping = ckpt.checkpoint_name_map(old_path)
    with tf.Graph().as_default():
        build_today_model()
        by_name = {v.op.name: v for v in v1.global_variables() if not v.op.name.startswith("bidirectional_rnn/bw")}
        assert sorted(by_name) == sorted(mapping.values())
        with v1.Session() as sess:
            v1.train.Saver(list(by_name.values())).restore(sess, new_prefix)
            for old, new in mapping.items():
                np.testing.assert_array_equal(sess.run(by_name[new]), values[old])
    assert tf.train.latest_checkpoint(str(tmp_path / "new")).endswith("model.ckpt")


def test_restore_api_reads_old_names_directly(tmp_path):
    old_path, values = write_old_checkpoint(tmp_path, v1.train.SaverDef.V2)
    with tf.Graph().as_default():
        build_today_model()
        wanted = [v for v in v1.global_variables() if not v.op.name.startswith("bidirectional_rnn/bw")]
        with v1.Session() as sess:
            ckpt.restore(sess, old_path, var_list=wanted)
            kernel = sess.run(wanted[0])
            with pytest.raises(ValueError, match="bidirectional_rnn/bw"):
                ckpt.restore(sess, old_path)
    np.testing.assert_array_equal(kernel, values["RNN/MultiRNNCell/Cell0/BasicLSTMCell/Linear/Matrix"])


def test_dry_run_and_custom_map(tmp_path, capsys):
    old_path, _ = write_old_checkpoint(tmp_path, v1.train.SaverDef.V2)
    map_file = tmp_path / "renames.txt"
    map_file.write_text("# mine\nlstm/ -> encoder/\nBiRNN/FW/GRUCell/Gates/Linear/Bias  gates_bias\n")
    new_prefix = tmp_path / "dry" / "m.ckpt"
    assert main(["convert", old_path, str(new_prefix), "--map", str(map_file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "lstm/RNN/LSTMCell/W_0" in out and "->  encoder/RNN/LSTMCell/W_0" in out
    assert "->  gates_bias" in out
    assert not (tmp_path / "dry").exists()
    json_map = tmp_path / "m.json"
    json_map.write_text(json.dumps({"lstm/RNN/LSTMCell/B": "rnn/basic_lstm_cell/kernel/x",
                                    "RNN/MultiRNNCell/Cell0/BasicLSTMCell/Linear/Matrix": "same"}))
    assert ckpt.read_map_file(json_map)["lstm/RNN/LSTMCell/B"] == "rnn/basic_lstm_cell/kernel/x"
    collide = tmp_path / "collide.txt"
    collide.write_text("lstm/RNN/LSTMCell/B rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel\n")
    assert main(["convert", old_path, str(new_prefix), "--map", str(collide)]) == 2
    assert "would be renamed" in capsys.readouterr().err


def test_inspect_missing_checkpoint_is_an_error(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "nothing")]) == 2
    assert "error" in capsys.readouterr().err


@pytest.mark.parametrize("out", ["new/deeper/model.ckpt", "existing/model.ckpt"], ids=["new dirs", "existing dir"])
def test_convert_truncated_data_is_one_line_exit_2_and_leaves_nothing(tmp_path, capsys, out):
    old_path, _ = write_old_checkpoint(tmp_path, v1.train.SaverDef.V2)
    (data,) = tmp_path.glob("old.ckpt.data-*")
    data.write_bytes(data.read_bytes()[:100])
    (tmp_path / "existing").mkdir()
    assert main(["convert", old_path, str(tmp_path / out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"tfcompat-ckpt: error: {data}: cannot read variable ")
    assert err.rstrip().endswith("truncated or damaged; copy the checkpoint again from where it was saved")
    assert not (tmp_path / "new").exists()
    assert list((tmp_path / "existing").iterdir()) == []
