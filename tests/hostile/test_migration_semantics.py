"""Migration keeps a TF 1.x program's numbers when its graph code lives in a library module (issue 11, item 17).

A model library (`get_variable`, `variable_scope`, a learning rate read from `global_step` in the step that
increments it, collections) and a driver with a `MonitoredTrainingSession` loop are migrated as a directory with
the CLI, then the migrated driver runs on TF 2 and must print TF 1.x's numbers.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("tensorflow")

from tfcompat_lint.cli_migrate import main as migrate  # noqa: E402

X = [[1.0, 2.0], [3.0, 1.0], [0.5, -1.0], [2.0, 0.0]]
Y = [[1.0], [2.0], [-1.0], [0.5]]
STEPS = 5

MODEL = f'''"""A TF 1.x model library: variables, scopes, a step-dependent schedule, collections."""
import numpy as np
import tensorflow as tf

X = np.array({X}, dtype=np.float32)
Y = np.array({Y}, dtype=np.float32)


def build():
    with tf.variable_scope("linear"):
        w = tf.get_variable("w", [2, 1], initializer=tf.zeros_initializer())
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(tf.constant(X), w) + b - tf.constant(Y)))
    tf.add_to_collection("train_losses", loss)
    step = tf.train.get_or_create_global_step()
    rate = 0.1 / (1.0 + tf.cast(step, tf.float32))  # read in the step that increments it
    return tf.train.GradientDescentOptimizer(rate).minimize(loss, global_step=step)
'''

DRIVER = f'''"""The driver: an Estimator-style loop in a monitored session."""
import tensorflow as tf

import model

train_op = model.build()
loss = tf.get_collection("train_losses")[0]
counter = tf.Variable(0.0, "counter")  # "counter" is `trainable`, not the name
with tf.train.MonitoredTrainingSession() as sess:
    for _ in range({STEPS}):
        sess.run(train_op)
    print("loss", repr(float(sess.run(loss))))
print("counter", counter.name, counter in tf.trainable_variables())
'''


def tf1_loss() -> float:
    """TF 1.x graph semantics in numpy: step k's rate reads global_step == k, before `minimize` increments it."""
    x, y = np.array(X), np.array(Y)
    w, b = np.zeros((2, 1)), np.zeros(1)
    for k in range(STEPS):
        residual = x @ w + b - y
        rate = 0.1 / (1.0 + k)
        w, b = w - rate * 2 * x.T @ residual / len(x), b - rate * 2 * residual.mean(0)
    return float(np.mean((x @ w + b - y) ** 2))


@pytest.mark.slow
def test_library_module_and_driver_keep_tf1_numbers(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    (tmp_path / "train.py").write_text(DRIVER)
    assert migrate(["--write", "-q", "--isolated", str(tmp_path)]) == 0
    library = (tmp_path / "model.py").read_text()
    assert "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n" in library  # its own switch, at import
    assert 'tf.compat.v1.Variable(0.0, trainable="counter")' in (tmp_path / "train.py").read_text()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "train.py"], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if line.startswith(("loss", "counter")))
    assert float(lines["loss"]) == pytest.approx(tf1_loss(), rel=1e-5)
    assert lines["counter"] == "Variable:0 True"  # TF 1.x's meaning of `Variable(init, "counter")`, kept
