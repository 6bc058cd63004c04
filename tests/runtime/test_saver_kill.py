"""A save SIGKILLed at any moment never leaves ``latest_checkpoint`` naming a partial checkpoint (issue 11 item 7).

A zygote process imports TensorFlow once and forks one saver per round; each saver saves in a loop (V2 format,
meta graph, ``max_to_keep=2`` so deletions run too) until the test kills it at a random moment.  After each kill
the test checks what ``latest_checkpoint`` names and restores it, then saves once more itself and checks that the
killed save's temporaries and orphan shards are gone.
"""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from runtime_helpers import ROOT
from tfcompat import train

v1 = tf.compat.v1
SIZE = 1 << 20  # 4 MB of float32: a save takes long enough for kills to land inside it
ROUNDS = 15

ZYGOTE = """
    import os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import tensorflow as tf
    from tfcompat.train import Saver

    def save_forever(directory, round_number):
        v1 = tf.compat.v1
        with tf.Graph().as_default():
            w = v1.get_variable("w", initializer=tf.zeros([{size}]), use_resource=False)
            step = v1.placeholder(tf.float32, [])
            fill = v1.assign(w, tf.fill([{size}], step))
            saver = Saver(max_to_keep=2)
            with v1.Session() as sess:
                print("saving", flush=True)
                for n in range(round_number * 1000, round_number * 1000 + 999):
                    sess.run(fill, {{step: float(n)}})
                    saver.save(sess, os.path.join(directory, "model.ckpt"), global_step=n)
        os._exit(0)

    for line in sys.stdin:
        directory, round_number = line.split()
        pid = os.fork()
        if pid == 0:
            save_forever(directory, int(round_number))
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("reaped", flush=True)
"""


def _check_latest(directory: Path) -> None:
    """``latest_checkpoint`` is None or a complete checkpoint, meta graph included, that restores."""
    latest = tf.train.latest_checkpoint(str(directory))
    if latest is None:
        return
    for part in (".index", ".meta"):
        assert os.path.exists(latest + part), f"{latest}{part} missing"
    shards = re.findall(r"\.data-\d{5}-of-(\d{5})$", "\n".join(os.listdir(directory)), re.M)
    assert shards and os.path.exists(f"{latest}.data-00000-of-{shards[0]}")
    with tf.Graph().as_default():
        saver = v1.train.import_meta_graph(latest + ".meta")
        with v1.Session() as sess:
            saver.restore(sess, latest)
            value = sess.run("w:0")
    step = int(latest.rsplit("-", 1)[1])
    np.testing.assert_array_equal(value[[0, -1]], [step, step])


def _save_once(directory: Path, step: int) -> None:
    with tf.Graph().as_default():
        v1.get_variable("w", initializer=tf.fill([SIZE], float(step)), use_resource=False)
        saver = train.Saver(max_to_keep=2)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            saver.save(sess, str(directory / "model.ckpt"), global_step=step)


def _check_clean(directory: Path) -> None:
    """No temporaries, and every data shard belongs to a checkpoint with an index."""
    names = os.listdir(directory)
    assert [n for n in names if re.search(r"tempstate|\.tmp[0-9a-f]{32}$|_temp$", n)] == []
    for name in names:
        if ".data-" in name:
            assert name.split(".data-")[0] + ".index" in names, f"orphan shard {name}"


@pytest.mark.slow
def test_sigkill_during_save_never_leaves_a_partial_latest_checkpoint(tmp_path: Path) -> None:
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    zygote = subprocess.Popen([sys.executable, "-c", textwrap.dedent(ZYGOTE.format(size=SIZE))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environ)
    rng = random.Random(7)
    assert zygote.stdin is not None and zygote.stdout is not None
    try:
        for round_number in range(1, ROUNDS + 1):
            zygote.stdin.write(f"{tmp_path} {round_number}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            assert zygote.stdout.readline().strip() == "saving"
            time.sleep(rng.uniform(0.05, 0.8))
            os.kill(pid, signal.SIGKILL)
            assert zygote.stdout.readline().strip() == "reaped"
            _check_latest(tmp_path)
            _save_once(tmp_path, round_number * 1000 + 999)
            _check_clean(tmp_path)
            _check_latest(tmp_path)
    finally:
        zygote.kill()
        zygote.wait()


def test_state_file_is_written_after_the_meta_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tensorflow.python.checkpoint import checkpoint_management

    native = checkpoint_management.update_checkpoint_state_internal
    seen: list[list[str]] = []

    def spy(**kwargs: Any) -> None:
        seen.append(sorted(os.listdir(tmp_path)))
        native(**kwargs)

    monkeypatch.setattr(checkpoint_management, "update_checkpoint_state_internal", spy)
    _save_once(tmp_path, 3)
    assert seen == [["model.ckpt-3.data-00000-of-00001", "model.ckpt-3.index", "model.ckpt-3.meta"]]


def test_next_save_removes_debris_but_keeps_complete_and_foreign_files(tmp_path: Path) -> None:
    _save_once(tmp_path, 1)
    debris = ["model.ckpt-2.data-00000-of-00001.tempstate123", "model.ckpt-2.index.tempstate9",
              "checkpoint.tmp" + "0123456789abcdef" * 2, "model.ckpt-2_temp/part-00000-of-00001.data-00000-of-00001",
              "model.ckpt-4.data-00000-of-00001", "model.ckpt-4.meta"]  # an index-less, unlisted checkpoint
    kept = ["model.ckpt-0.data-00000-of-00001", "model.ckpt-0.index", "model.ckpt-0.meta",  # complete, unlisted
            "model.ckpt.meta",  # a meta graph exported on its own
            "other.ckpt-4.data-00000-of-00001", "other.ckpt-4.data-00000-of-00001.tempstate1",  # another base
            "model.ckpt-7", "model.ckpt-7.meta"]  # a V1 checkpoint
    for name in debris + kept:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    _save_once(tmp_path, 5)
    names = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")}
    assert names == {*kept, "checkpoint", *(f"model.ckpt-{s}{part}" for s in (1, 5)
                                           for part in (".data-00000-of-00001", ".index", ".meta"))}


def test_interrupted_max_to_keep_deletion_leaves_nothing_restorable(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The index goes first: whatever a kill leaves of a deleted checkpoint is index-less (and cleaned next)."""
    with tf.Graph().as_default():
        v1.get_variable("w", initializer=tf.zeros([2]), use_resource=False)
        saver = train.Saver(max_to_keep=1)
        order: list[str] = []
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            saver.save(sess, str(tmp_path / "model.ckpt"), global_step=1)
            real_remove = os.remove
            monkeypatch.setattr(os, "remove", lambda path: (order.append(os.path.basename(path)), real_remove(path)))
            saver.save(sess, str(tmp_path / "model.ckpt"), global_step=2)
    assert order == ["model.ckpt-1.index"]  # before TF's own deletion of the meta graph and data
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", *(f"model.ckpt-2{part}" for part in
                                                           (".data-00000-of-00001", ".index", ".meta"))]
