"""``train_and_evaluate`` in a local TF_CONFIG cluster: one process per task over TF's gRPC runtime.

Each task runs the same script (full-batch gradient descent on a linear regression, a fixed data set).
With only a chief and a ps the run is sequential, so the final variables equal numpy's gradient descent;
with a worker too, the two update the ps's variables asynchronously (TF 1.15's between-graph replication),
so the test checks what every interleaving guarantees.  The evaluator, which needs no server, is tested
in this process.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from google.protobuf import text_format

import tfcompat.estimator as est

v1 = tf.compat.v1
RNG = np.random.RandomState(0)
X = RNG.standard_normal((16, 2)).astype(np.float32)
Y = (X @ np.array([[1.5], [-2.0]], np.float32) + 0.5 + 0.1 * RNG.standard_normal((16, 1))).astype(np.float32)
W0 = np.array([[0.3], [-0.1]], np.float32)
B0 = np.array([0.2], np.float32)
LR = 0.02
MAX_STEPS = 100
TIMEOUT_SECS = 120

SCRIPT = '''
import json, os, sys, threading, time
import numpy as np
import tensorflow as tf
import tfcompat.estimator as est

v1 = tf.compat.v1
data_path, model_dir, out_dir, max_steps, lr = sys.argv[1:6]
data = np.load(data_path)
tf_config = json.loads(os.environ["TF_CONFIG"])
task = tf_config["task"]["type"] + str(tf_config["task"]["index"])


def input_fn():
    return {"x": tf.constant(data["x"])}, tf.constant(data["y"])


def model_fn(features, labels, mode):
    w = v1.get_variable("w", initializer=v1.constant_initializer(data["w0"]), shape=data["w0"].shape)
    b = v1.get_variable("b", initializer=v1.constant_initializer(data["b0"]), shape=data["b0"].shape)
    loss = tf.reduce_mean(tf.square(tf.matmul(features["x"], w) + b - labels))
    train_op = v1.train.GradientDescentOptimizer(float(lr)).minimize(loss, global_step=v1.train.get_global_step())
    return est.EstimatorSpec(mode, loss=loss, train_op=train_op)


class Steps(v1.train.SessionRunHook):
    """Counts this task's steps; the chief starts once the workers joined, so that they train together."""
    count = 0

    def after_create_session(self, session, coord):
        open(os.path.join(out_dir, task + ".joined"), "w").close()
        workers = tf_config["cluster"].get("worker", [])
        joined = [os.path.join(out_dir, "worker%d.joined" % i) for i in range(len(workers))]
        deadline = time.time() + 60
        while task == "chief0" and not all(map(os.path.exists, joined)) and time.time() < deadline:
            time.sleep(0.05)

    def after_run(self, run_context, run_values):
        Steps.count += 1


config = est.RunConfig(model_dir=model_dir, save_checkpoints_steps=int(max_steps) // 2)
estimator = est.Estimator(model_fn, config=config)
train_spec = est.TrainSpec(input_fn, max_steps=int(max_steps), hooks=[Steps()])
eval_spec = est.EvalSpec(input_fn, steps=1, start_delay_secs=0, throttle_secs=1)
result = {"steps": 0}
if task == "ps0":
    # A ps serves until it is killed (TF 1.15's ps joined its server for ever): here, until out_dir/stop exists.
    serving = threading.Thread(target=est.train_and_evaluate, args=(estimator, train_spec, eval_spec), daemon=True)
    serving.start()
    while serving.is_alive() and not os.path.exists(os.path.join(out_dir, "stop")):
        serving.join(0.1)
    result["serving"] = serving.is_alive()
else:
    assert est.train_and_evaluate(estimator, train_spec, eval_spec) is None
    result["steps"] = Steps.count
with open(os.path.join(out_dir, task + ".json"), "w") as f:
    json.dump(result, f)
if task == "ps0":
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
'''


def _free_address() -> str:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return f"localhost:{sock.getsockname()[1]}"


def _run_cluster(tmp_path: Path, num_workers: int) -> dict[str, Any]:
    """Runs ps, chief and workers to the end; every process must exit 0 within TIMEOUT_SECS."""
    script, data = tmp_path / "task.py", tmp_path / "data.npz"
    script.write_text(SCRIPT)
    np.savez(data, x=X, y=Y, w0=W0, b0=B0)
    cluster = {"chief": [_free_address()], "ps": [_free_address()]}
    if num_workers:
        cluster["worker"] = [_free_address() for _ in range(num_workers)]
    tasks = [("ps", 0), ("chief", 0), *(("worker", i) for i in range(num_workers))]
    procs = {}
    for task_type, index in tasks:
        name = f"{task_type}{index}"
        env = dict(os.environ, TF_CONFIG=json.dumps({"cluster": cluster, "task": {"type": task_type, "index": index}}),
                   TF_CPP_MIN_LOG_LEVEL="2")
        # The worker gets its own model_dir, to show that only the chief writes checkpoints.
        model_dir = tmp_path / ("worker_model" if task_type == "worker" else "model")
        with open(tmp_path / f"{name}.log", "w") as log:
            procs[name] = subprocess.Popen(
                [sys.executable, str(script), str(data), str(model_dir), str(tmp_path), str(MAX_STEPS), str(LR)],
                env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + TIMEOUT_SECS
    try:
        codes = {name: proc.wait(timeout=max(1.0, deadline - time.time()))
                 for name, proc in procs.items() if name != "ps0"}
        (tmp_path / "stop").touch()
        codes["ps0"] = procs["ps0"].wait(timeout=max(10.0, deadline - time.time()))
    except subprocess.TimeoutExpired:
        pytest.fail(f"the cluster did not finish in {TIMEOUT_SECS} s; logs in {tmp_path}")
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    logs = {name: (tmp_path / f"{name}.log").read_text()[-3000:] for name in procs}
    assert codes == dict.fromkeys(procs, 0), logs
    return {name: json.loads((tmp_path / f"{name}.json").read_text()) for name in procs}


def _numpy_gd(steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on the mean squared error, in float64."""
    w, b = W0.astype(np.float64), B0.astype(np.float64)
    for _ in range(steps):
        residual = X @ w + b - Y
        w, b = w - LR * 2 * X.T @ residual / len(X), b - LR * 2 * residual.sum(axis=0) / len(X)
    return w, b


def _loss(w: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean((X.astype(np.float64) @ w + b - Y) ** 2))


def _final_checkpoint(model_dir: Path) -> tuple[int, np.ndarray, np.ndarray]:
    path = v1.train.latest_checkpoint(str(model_dir))
    assert path is not None
    step = int(v1.train.load_variable(path, "global_step"))
    assert path.endswith(f"model.ckpt-{step}")
    return step, v1.train.load_variable(path, "w"), v1.train.load_variable(path, "b")


def _devices(model_dir: Path) -> dict[str, str]:
    """Node name -> device in the graph the chief wrote."""
    graph = text_format.Parse((model_dir / "graph.pbtxt").read_text(), v1.GraphDef())
    return {node.name: node.device for node in graph.node}


def _eval_losses(eval_dir: Path) -> dict[int, float]:
    """Step -> the evaluation loss written to ``eval_dir``'s events files."""
    losses = {}
    for path in v1.gfile.Glob(str(eval_dir / "events.*")):
        for event in v1.train.summary_iterator(path):
            losses.update({event.step: value.simple_value for value in event.summary.value if value.tag == "loss"})
    return losses


def test_chief_and_ps_train_like_numpy_gradient_descent(tmp_path: Path) -> None:
    results = _run_cluster(tmp_path, num_workers=0)
    assert results == {"chief0": {"steps": MAX_STEPS}, "ps0": {"steps": 0, "serving": True}}
    step, w, b = _final_checkpoint(tmp_path / "model")
    assert step == MAX_STEPS
    w_np, b_np = _numpy_gd(MAX_STEPS)
    np.testing.assert_allclose(w, w_np, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b, b_np, rtol=1e-5, atol=1e-6)
    # The checkpoint halfway, from save_checkpoints_steps.
    half = str(tmp_path / "model" / f"model.ckpt-{MAX_STEPS // 2}")
    np.testing.assert_allclose(v1.train.load_variable(half, "w"), _numpy_gd(MAX_STEPS // 2)[0], rtol=1e-5, atol=1e-6)
    devices = _devices(tmp_path / "model")
    assert devices["w"] == devices["b"] == devices["global_step"] == "/job:ps/task:0"
    assert devices["MatMul"] == "/job:chief/task:0"


@pytest.mark.slow  # 28-35 s on a loaded 2-core VM, mostly three TensorFlow imports at once
def test_chief_worker_and_ps_train_asynchronously(tmp_path: Path) -> None:
    results = _run_cluster(tmp_path, num_workers=1)
    chief, worker = results["chief0"], results["worker0"]
    assert chief["steps"] > 0 and worker["steps"] > 0 and results["ps0"] == {"steps": 0, "serving": True}
    step, w, b = _final_checkpoint(tmp_path / "model")
    # Each step adds one to global_step; the last one may overshoot max_steps by the other task's step.
    assert MAX_STEPS <= step <= chief["steps"] + worker["steps"]
    # Stale reads may waste part of a step, never more than half of them: the loss is at most numpy's
    # after MAX_STEPS // 2 sequential steps (and well below the initial loss).
    assert _loss(w.astype(np.float64), b.astype(np.float64)) <= _loss(*_numpy_gd(MAX_STEPS // 2))
    assert not (tmp_path / "worker_model").exists() or not list((tmp_path / "worker_model").iterdir())
    assert _devices(tmp_path / "model")["w"] == "/job:ps/task:0"


def _model_fn(features: Any, labels: Any, mode: str) -> est.EstimatorSpec:
    w = v1.get_variable("w", initializer=v1.constant_initializer(W0), shape=[2, 1])
    b = v1.get_variable("b", initializer=v1.constant_initializer(B0), shape=[1])
    loss = tf.reduce_mean(tf.square(tf.matmul(features["x"], w) + b - labels))
    train_op = v1.train.GradientDescentOptimizer(LR).minimize(loss, global_step=v1.train.get_global_step())
    return est.EstimatorSpec(mode, loss=loss, train_op=train_op)


def _input_fn() -> tuple[dict, Any]:
    return {"x": tf.constant(X)}, tf.constant(Y)


def test_evaluator_evaluates_new_checkpoints_until_max_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cluster = {"chief": ["localhost:1"], "ps": ["localhost:2"]}
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": cluster, "task": {"type": "evaluator", "index": 0}}))
    evaluator = est.Estimator(_model_fn, model_dir=str(tmp_path))
    monkeypatch.delenv("TF_CONFIG")
    trainer = est.Estimator(_model_fn, model_dir=str(tmp_path), config=est.RunConfig(save_checkpoints_steps=10))
    train_spec = est.TrainSpec(_input_fn, max_steps=30)
    eval_spec = est.EvalSpec(_input_fn, steps=1, start_delay_secs=0, throttle_secs=0)
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(est.train_and_evaluate(evaluator, train_spec, eval_spec)))
    thread.start()  # before any checkpoint exists: the evaluator waits for one
    time.sleep(0.5)
    trainer.train(_input_fn, max_steps=30)
    thread.join(timeout=60)
    assert not thread.is_alive() and outcome == [None]
    evaluated = _eval_losses(tmp_path / "eval")
    # Whichever checkpoints it saw, the last evaluation is the final one, with numpy's loss.
    assert max(evaluated) == 30 and set(evaluated) <= {0, 10, 20, 30}
    np.testing.assert_allclose(evaluated[30], _loss(*_numpy_gd(30)), rtol=1e-5)


def test_train_refuses_ps_and_evaluator_tasks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cluster = {"chief": ["localhost:1"], "ps": ["localhost:2"]}
    for task_type in ("ps", "evaluator"):
        monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": cluster, "task": {"type": task_type, "index": 0}}))
        estimator = est.Estimator(_model_fn, model_dir=str(tmp_path))
        with pytest.raises(ValueError, match="Train has been called wrong configuration"):
            estimator.train(_input_fn, max_steps=1)
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": cluster, "task": {"type": "evaluator", "index": 1}}))
    spec = est.EvalSpec(_input_fn)
    with pytest.raises(ValueError, match="there can only be one `evaluator` task"):
        est.train_and_evaluate(est.Estimator(_model_fn, model_dir=str(tmp_path)), est.TrainSpec(_input_fn), spec)


@pytest.mark.parametrize("job", ["chief", "master"])
def test_one_node_cluster_trains_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, job: str) -> None:
    # One node: TF 1.15 started no server and trained on a local session; a legacy master also evaluated.
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {job: ["localhost:1"]}, "task": {"type": job, "index": 0}}))
    estimator = est.Estimator(_model_fn, model_dir=str(tmp_path), config=est.RunConfig(save_checkpoints_steps=10))
    eval_spec = est.EvalSpec(_input_fn, steps=1, start_delay_secs=0, throttle_secs=0)
    assert est.train_and_evaluate(estimator, est.TrainSpec(_input_fn, max_steps=20), eval_spec) is None
    step, w, b = _final_checkpoint(tmp_path)
    w_np, b_np = _numpy_gd(20)
    assert step == 20
    np.testing.assert_allclose(w, w_np, rtol=1e-5)
    np.testing.assert_allclose(b, b_np, rtol=1e-5)
    expected = {10: _loss(*_numpy_gd(10)), 20: _loss(w_np, b_np)} if job == "master" else {}
    np.testing.assert_allclose(sorted(_eval_losses(tmp_path / "eval").items()), sorted(expected.items()), rtol=1e-5)
