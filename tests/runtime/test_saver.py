"""TF 1.x Saver semantics (notes items 15-17, 23, 27) through ``tfcompat.train``.

Variables are created as ``tfcompat.v1`` creates them (``disable_v2_behavior``
turns resource variables off), whatever this process's global mode is.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import train

v1 = tf.compat.v1
W0 = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)


def _model() -> tuple[Any, Any]:
    """A variable ``w`` and an op that adds one to it."""
    w = v1.get_variable("w", initializer=tf.constant(W0), use_resource=False)
    return w, v1.assign_add(w, tf.ones_like(w))


def _state_file(paths: list[str], latest: str) -> str:
    lines = [f'model_checkpoint_path: "{latest}"'] + [f'all_model_checkpoint_paths: "{p}"' for p in paths]
    return "\n".join(lines) + "\n"


def test_global_step_max_to_keep_default_and_state_file(tmp_path: Path) -> None:
    prefix = str(tmp_path / "model.ckpt")
    with tf.Graph().as_default():
        w, bump = _model()
        saver = train.Saver()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            saved = [saver.save(sess, prefix, global_step=step) for step in range(7)]
    assert saved == [f"{prefix}-{step}" for step in range(7)]
    kept = [f"{prefix}-{step}" for step in range(2, 7)]  # the default max_to_keep is 5
    assert (tmp_path / "checkpoint").read_text() == _state_file(kept, kept[-1])
    on_disk = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in on_disk if n.endswith(".index")] == [f"model.ckpt-{s}.index" for s in range(2, 7)]
    assert [n for n in on_disk if n.endswith(".meta")] == [f"model.ckpt-{s}.meta" for s in range(2, 7)]
    state = train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == kept[-1] and list(state.all_model_checkpoint_paths) == kept
    assert train.latest_checkpoint(str(tmp_path)) == kept[-1]


def test_relative_prefix_latest_filename_and_restore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notes' example: ``model0.ckpt-N`` paths, a custom state file name, then restore."""
    monkeypatch.chdir(tmp_path)
    with tf.Graph().as_default():
        w, bump = _model()
        saver = train.Saver(max_to_keep=2)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for step in range(3):
                sess.run(bump)
                saver.save(sess, "model0.ckpt", global_step=step, latest_filename="latest", write_meta_graph=False)
            sess.run(bump)
            assert (tmp_path / "latest").read_text() == _state_file(["model0.ckpt-1", "model0.ckpt-2"],
                                                                    "model0.ckpt-2")
            assert not (tmp_path / "model0.ckpt-2.meta").exists()
            saver.restore(sess, train.latest_checkpoint(".", latest_filename="latest"))
            np.testing.assert_array_equal(sess.run(w), W0 + 3)


@pytest.mark.parametrize("version", ["V1", "V2"])
def test_both_checkpoint_formats_round_trip(tmp_path: Path, version: str) -> None:
    write_version = getattr(v1.train.SaverDef, version)
    prefix = str(tmp_path / "m.ckpt")
    with tf.Graph().as_default():
        w, bump = _model()
        saver = train.Saver(write_version=write_version)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            path = saver.save(sess, prefix, global_step=1)
            sess.run(bump)
            saver.restore(sess, path)
            np.testing.assert_array_equal(sess.run(w), W0)
    single_file = (tmp_path / "m.ckpt-1").is_file()
    assert single_file == (version == "V1")
    assert (tmp_path / "m.ckpt-1.index").exists() == (version == "V2")


def test_import_meta_graph_restores_collections(tmp_path: Path) -> None:
    """Notes items 17 and 23: import the .meta, restore, read ``get_collection('vars')``."""
    prefix = str(tmp_path / "my-model")
    with tf.Graph().as_default():
        w = v1.get_variable("w", initializer=tf.constant(W0), use_resource=False)
        b = v1.get_variable("b", initializer=tf.constant([5.0, 6.0]), use_resource=False)
        v1.add_to_collection("vars", w)
        v1.add_to_collection("vars", b)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            train.Saver().save(sess, prefix)
    v1.reset_default_graph()
    with tf.Graph().as_default():
        saver = train.import_meta_graph(prefix + ".meta")
        with v1.Session() as sess:
            saver.restore(sess, train.latest_checkpoint(str(tmp_path)))
            restored = v1.get_collection("vars")
            assert [v.name for v in restored] == ["w:0", "b:0"]
            values = [sess.run(v) for v in restored]
    np.testing.assert_array_equal(values[0], W0)
    np.testing.assert_array_equal(values[1], [5.0, 6.0])


def test_var_list_dict_restores_under_new_names(tmp_path: Path) -> None:
    prefix = str(tmp_path / "renamed.ckpt")
    with tf.Graph().as_default():
        w, _ = _model()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            train.Saver({"layer/old_weights": w}).save(sess, prefix)
    with tf.Graph().as_default():
        new = v1.get_variable("new_weights", shape=[2, 2], use_resource=False)
        with v1.Session() as sess:
            train.Saver({"layer/old_weights": new}).restore(sess, prefix)
            np.testing.assert_array_equal(sess.run(new), W0)


def test_keep_checkpoint_every_n_hours_keeps_files(tmp_path: Path) -> None:
    prefix = str(tmp_path / "k.ckpt")
    with tf.Graph().as_default():
        _model()
        saver = train.Saver(max_to_keep=2, keep_checkpoint_every_n_hours=1e-9)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for step in range(4):
                saver.save(sess, prefix, global_step=step, write_meta_graph=False)
    kept = [f"{prefix}-{step}" for step in (2, 3)]
    assert (tmp_path / "checkpoint").read_text() == _state_file(kept, kept[-1])
    # Older checkpoints leave the state file but stay on disk: each is older than n hours.
    assert sorted(p.name for p in tmp_path.glob("*.index")) == [f"k.ckpt-{s}.index" for s in range(4)]


def test_interrupted_save_leaves_state_file_on_last_complete_checkpoint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = str(tmp_path / "model.ckpt")
    with tf.Graph().as_default():
        w, bump = _model()
        saver = train.Saver()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            saver.save(sess, prefix, global_step=1)
            before = (tmp_path / "checkpoint").read_text()
            real_run = sess.run

            def dies_while_writing(fetches: Any, feed_dict: Any = None, **kwargs: Any) -> Any:
                if fetches == saver.saver_def.save_tensor_name:
                    (tmp_path / "model.ckpt-2.index").write_bytes(b"partial")
                    raise KeyboardInterrupt
                return real_run(fetches, feed_dict, **kwargs)

            sess.run(bump)
            monkeypatch.setattr(sess, "run", dies_while_writing)
            with pytest.raises(KeyboardInterrupt):
                saver.save(sess, prefix, global_step=2)
            monkeypatch.undo()
            assert (tmp_path / "checkpoint").read_text() == before
            saver.restore(sess, train.latest_checkpoint(str(tmp_path)))
            np.testing.assert_array_equal(sess.run(w), W0)
