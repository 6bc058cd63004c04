"""``tfcompat.v1.estimator`` / ``tfcompat.v1.contrib.training`` resolve to tfcompat's modules, and an Estimator
trains under ``import tfcompat.v1 as tf`` (v1 behaviour: ref variables, v1 control flow) in a fresh process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys, tempfile
import numpy as np
import tfcompat.v1 as tf
import tfcompat.estimator
import tfcompat.contrib.training
import tfcompat.v1.estimator.inputs as inputs_module
from tfcompat.v1.contrib.training import HParams

assert tf.estimator is tfcompat.estimator and inputs_module is tfcompat.estimator.inputs
assert tf.contrib.training.HParams is HParams is tfcompat.contrib.training.HParams
import tfcompat.contrib.estimator as contrib_estimator
from tfcompat.v1.estimator.experimental import stop_if_no_decrease_hook
# TF 1.15 had the early-stopping hooks under both names.
assert stop_if_no_decrease_hook is tf.estimator.experimental.stop_if_no_decrease_hook
assert stop_if_no_decrease_hook is contrib_estimator.stop_if_no_decrease_hook
# TF 1.15 also exported TPUEstimator and its spec/config as tf.estimator.tpu.*.
import tfcompat.contrib.tpu as contrib_tpu
assert tf.estimator.tpu.TPUEstimator is contrib_tpu.TPUEstimator
assert tf.estimator.tpu.RunConfig is contrib_tpu.RunConfig

hparams = HParams(learning_rate=0.5, steps=1)
hparams.parse("learning_rate=0.05,steps=3")
x = np.array([[1.0], [2.0], [3.0], [4.0]], np.float32)
y = np.array([[3.0], [5.0], [7.0], [9.0]], np.float32)

def model_fn(features, labels, mode, params):
    w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
    pred = tf.matmul(features, w)
    loss = tf.losses.mean_squared_error(labels, pred)
    opt = tf.train.GradientDescentOptimizer(params.learning_rate)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=opt.minimize(loss, tf.train.get_global_step()))

estimator = tf.estimator.Estimator(model_fn, model_dir=tempfile.mkdtemp(), params=hparams)
estimator.train(tf.estimator.inputs.numpy_input_fn(x, y, batch_size=4, num_epochs=None, shuffle=False),
                steps=hparams.steps)
print(json.dumps({"w": float(estimator.get_variable_value("w")[0, 0]),
                  "step": int(estimator.get_variable_value("global_step"))}))
"""


def test_estimator_under_tfcompat_v1_matches_numpy() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TFCOMPAT_KEEP_V2"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(SCRIPT)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    x, y, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0]), 0.0
    for _ in range(3):
        w -= 0.05 * np.mean(2 * (w * x - y) * x)
    assert result["step"] == 3
    np.testing.assert_allclose(result["w"], w, rtol=1e-5)


def test_estimator_tpu_names_are_rewritten_to_what_serves_them() -> None:
    from tfcompat_lint.migrate import migrate_python

    source = ("import tensorflow as tf\n"
              "e = tf.compat.v1.estimator.tpu.TPUEstimator(model_fn=f, use_tpu=False)\n"
              "c = tf.estimator.tpu.RunConfig()\n")
    migrated = migrate_python(source, lambda d: d.fix is not None).text
    assert "tfcompat.estimator.tpu.TPUEstimator(model_fn=f, use_tpu=False)" in migrated
    assert "c = tfcompat.estimator.tpu.RunConfig()" in migrated
