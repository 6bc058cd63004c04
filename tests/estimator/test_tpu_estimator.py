"""``tfcompat.contrib.tpu``: a BERT-style TPUEstimator classifier with use_tpu=False against numpy."""
from __future__ import annotations

import glob
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.contrib.tpu as tpu
from tfcompat.contrib.training import HParams
from tfcompat.estimator import EstimatorSpec, ModeKeys

v1 = tf.compat.v1
ROOT = Path(__file__).resolve().parents[2]
RNG = np.random.RandomState(3)
X = RNG.standard_normal((8, 3)).astype(np.float32)
LABELS = np.array([0, 1, 1, 0, 1, 0, 0, 1], np.int32)
W_CKPT = RNG.standard_normal((3, 2)).astype(np.float32)  # the "pre-trained" values scaffold_fn loads
B_CKPT = np.array([0.1, -0.2], np.float32)
LR, STEPS, TRAIN_BATCH = 0.5, 6, 4


def softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def numpy_training() -> tuple[list[float], np.ndarray, np.ndarray]:
    """GradientDescent on the mean softmax cross entropy from the checkpoint values, batches in order."""
    w, b = W_CKPT.astype(np.float64), B_CKPT.astype(np.float64)
    losses = []
    for step in range(STEPS):
        rows = [(step * TRAIN_BATCH + i) % len(X) for i in range(TRAIN_BATCH)]
        x, onehot = X[rows].astype(np.float64), np.eye(2)[LABELS[rows]]
        probs = softmax(x @ w + b)
        losses.append(float(-np.mean(np.sum(onehot * np.log(probs), axis=1))))
        grad = (probs - onehot) / TRAIN_BATCH
        w, b = w - LR * x.T @ grad, b - LR * grad.sum(axis=0)
    return losses, w, b


@pytest.fixture(scope="module")
def init_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A checkpoint of bert/classifier weights, written as a TF 1.x pre-training run would have."""
    path = str(tmp_path_factory.mktemp("pretrained") / "bert_model.ckpt")
    with tf.Graph().as_default(), v1.Session() as session:
        variables = [v1.get_variable("bert/output_weights", initializer=W_CKPT),
                     v1.get_variable("bert/output_bias", initializer=B_CKPT)]
        session.run(v1.global_variables_initializer())
        v1.train.Saver(variables).save(session, path)
    return path


def make_model_fn(init_checkpoint: str, seen: dict, host_losses: list) -> Any:
    """BERT's run_classifier model_fn shape: scaffold_fn restoring the checkpoint, eval_metrics, host_call."""

    def model_fn(features: Any, labels: Any, mode: str, params: Any) -> tpu.TPUEstimatorSpec:
        seen.setdefault("model_fn", {})[mode] = (params["batch_size"] if "batch_size" in params else None,
                                                 params["use_tpu"])
        weights = v1.get_variable("output_weights", [3, 2], initializer=v1.zeros_initializer())
        bias = v1.get_variable("output_bias", [2], initializer=v1.zeros_initializer())
        logits = tf.matmul(features["x"], weights) + bias

        def scaffold_fn() -> Any:
            v1.train.init_from_checkpoint(init_checkpoint, {"bert/output_weights": "output_weights",
                                                            "bert/output_bias": "output_bias"})
            return v1.train.Scaffold()

        if mode == ModeKeys.PREDICT:
            return tpu.TPUEstimatorSpec(mode, predictions={"probabilities": tf.nn.softmax(logits)},
                                        scaffold_fn=scaffold_fn)
        per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        loss = tf.reduce_mean(per_example)
        if mode == ModeKeys.EVAL:
            def metric_fn(per_example_loss: Any, label_ids: Any, logits: Any) -> dict:
                predictions = tf.argmax(logits, axis=-1, output_type=tf.int32)
                return {"eval_accuracy": v1.metrics.accuracy(label_ids, predictions),
                        "eval_loss": v1.metrics.mean(per_example_loss)}

            return tpu.TPUEstimatorSpec(mode, loss=loss, eval_metrics=(metric_fn, [per_example, labels, logits]),
                                        scaffold_fn=scaffold_fn)
        optimizer = tpu.CrossShardOptimizer(v1.train.GradientDescentOptimizer(LR))
        train_op = optimizer.minimize(loss, global_step=v1.train.get_global_step())

        def host_call_fn(global_step: Any, loss: Any) -> Any:  # a dict of tensors goes in by keyword
            record = v1.py_func(lambda s, value: host_losses.append((int(s[0]), float(value[0]))) or np.int64(0),
                                [global_step, loss], tf.int64)
            return [record]

        host_call = (host_call_fn, {"global_step": tf.reshape(v1.train.get_global_step(), [1]),
                                    "loss": tf.reshape(loss, [1])})
        return tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op, scaffold_fn=scaffold_fn, host_call=host_call)

    return model_fn


def make_input_fn(seen: dict, labelled: bool = True, repeat: bool = True) -> Any:
    def input_fn(params: Any) -> Any:
        seen.setdefault("input_fn", []).append(params["batch_size"])
        data = {"x": X}
        dataset = tf.data.Dataset.from_tensor_slices((data, LABELS) if labelled else data)
        dataset = dataset.repeat() if repeat else dataset
        return dataset.batch(params["batch_size"], drop_remainder=True)

    return input_fn


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, init_checkpoint: str) -> dict:
    """Trains STEPS steps, evaluates and predicts a BERT-style TPUEstimator with use_tpu=False."""
    seen: dict = {}
    host_losses: list = []
    config = tpu.RunConfig(model_dir=str(tmp_path_factory.mktemp("bert_cls")), save_checkpoints_steps=100,
                           tpu_config=tpu.TPUConfig(iterations_per_loop=100, num_shards=8,
                                                    per_host_input_for_training=tpu.InputPipelineConfig.PER_HOST_V2))
    estimator = tpu.TPUEstimator(use_tpu=False, model_fn=make_model_fn(init_checkpoint, seen, host_losses),
                                 config=config, train_batch_size=TRAIN_BATCH, eval_batch_size=8, predict_batch_size=2)
    estimator.train(make_input_fn(seen), max_steps=STEPS)
    metrics = estimator.evaluate(make_input_fn(seen, repeat=False), steps=None)
    predictions = list(estimator.predict(make_input_fn(seen, labelled=False, repeat=False)))
    return {"estimator": estimator, "seen": seen, "host_losses": host_losses, "metrics": metrics,
            "predictions": predictions}


def test_training_from_the_scaffold_checkpoint_equals_numpy(run: dict) -> None:
    losses, w, b = numpy_training()
    estimator = run["estimator"]
    np.testing.assert_allclose(estimator.get_variable_value("output_weights"), w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(estimator.get_variable_value("output_bias"), b, rtol=1e-5, atol=1e-6)
    # host_call ran with every step (as 1.15's CPU hook did) on that step's loss; the global step it reads is
    # racy against the update (as in 1.15), so only its count is checked.
    assert len(run["host_losses"]) == STEPS
    np.testing.assert_allclose([loss for _, loss in run["host_losses"]], losses, rtol=1e-5)
    assert estimator.get_variable_value("global_step") == STEPS


def test_eval_metrics_and_predictions_equal_numpy(run: dict) -> None:
    _, w, b = numpy_training()
    probs = softmax(X.astype(np.float64) @ w + b)
    per_example = -np.log(probs[np.arange(8), LABELS])
    metrics = run["metrics"]
    assert metrics["global_step"] == STEPS
    assert metrics["eval_accuracy"] == pytest.approx(np.mean(probs.argmax(axis=1) == LABELS))
    assert metrics["eval_loss"] == pytest.approx(per_example.mean(), rel=1e-5)
    assert metrics["loss"] == pytest.approx(per_example.mean(), rel=1e-5)
    np.testing.assert_allclose([p["probabilities"] for p in run["predictions"]], probs, rtol=1e-5, atol=1e-6)


def test_params_carry_the_batch_size_of_each_mode(run: dict) -> None:
    assert run["seen"]["input_fn"] == [TRAIN_BATCH, 8, 2]
    assert run["seen"]["model_fn"] == {ModeKeys.TRAIN: (TRAIN_BATCH, False), ModeKeys.EVAL: (8, False),
                                       ModeKeys.PREDICT: (2, False)}


def test_examples_per_second_replaces_step_logging(run: dict) -> None:
    estimator = run["estimator"]
    assert estimator.config.log_step_count_steps is None  # 1.15 moved step logging into ExamplesPerSecondHook
    assert estimator.config.tpu_config.iterations_per_loop == 100


def test_use_tpu_true_is_refused_with_what_to_do(tmp_path: Any) -> None:
    with pytest.raises(ValueError, match=r"^TPUs are not supported by tfcompat; pass use_tpu=False to run on CPU/GPU$"):
        tpu.TPUEstimator(model_fn=lambda features, labels, mode, params: None, config=tpu.RunConfig(),
                         train_batch_size=8)


def test_constructor_checks_of_1_15(tmp_path: Any) -> None:
    model_fn = lambda features, labels, mode, params: None  # noqa: E731
    with pytest.raises(ValueError, match="must be provided with type `tpu_config.RunConfig`"):
        tpu.TPUEstimator(model_fn=model_fn, use_tpu=False)
    with pytest.raises(ValueError, match="reserved keys"):
        tpu.TPUEstimator(model_fn=model_fn, use_tpu=False, config=tpu.RunConfig(model_dir=str(tmp_path)),
                         params={"batch_size": 3})


def test_input_fn_without_params_is_refused(tmp_path: Any) -> None:
    estimator = tpu.TPUEstimator(model_fn=lambda features, labels, mode, params: None, use_tpu=False,
                                 config=tpu.RunConfig(model_dir=str(tmp_path)), train_batch_size=2)
    with pytest.raises(ValueError, match=r'does not include params argument, required by TPUEstimator'):
        estimator.train(lambda: ({"x": tf.zeros([2, 3])}, tf.zeros([2])), steps=1)


def test_estimator_spec_and_hparams_params_pass_through(tmp_path: Any) -> None:
    """A model_fn returning a plain EstimatorSpec runs as is; HParams params get batch_size via add_hparam."""
    seen = []

    def model_fn(features: Any, labels: Any, mode: str, params: Any) -> EstimatorSpec:
        seen.append((params.batch_size, params.use_tpu, params.lr))
        w = v1.get_variable("w", [3, 2], initializer=v1.zeros_initializer())
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                             logits=tf.matmul(features["x"], w)))
        train_op = v1.train.GradientDescentOptimizer(params.lr).minimize(loss, v1.train.get_global_step())
        return EstimatorSpec(mode, loss=loss, train_op=train_op)

    estimator = tpu.TPUEstimator(model_fn=model_fn, use_tpu=False, params=HParams(lr=0.1), train_batch_size=4,
                                 config=tpu.RunConfig(model_dir=str(tmp_path), log_step_count_steps=1))
    estimator.train(lambda params: tf.data.Dataset.from_tensor_slices(({"x": X}, LABELS)).batch(params.batch_size),
                    steps=2)
    assert seen == [(4, False, 0.1)]
    assert estimator.get_variable_value("global_step") == 2


def test_host_call_summaries_are_written_every_step(tmp_path: Any) -> None:
    """T2T's host_call: a v2 summary writer made inside host_fn, initialized and flushed by the host-call hook."""
    logdir = str(tmp_path / "host")

    def model_fn(features: Any, labels: Any, mode: str, params: Any) -> tpu.TPUEstimatorSpec:
        w = v1.get_variable("w", [3, 2], initializer=v1.zeros_initializer())
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                             logits=tf.matmul(features["x"], w)))
        train_op = v1.train.GradientDescentOptimizer(0.1).minimize(loss, v1.train.get_global_step())

        def host_call_fn(gs: Any, loss: Any) -> Any:
            with tf.summary.create_file_writer(logdir).as_default(), tf.summary.record_if(True):
                tf.summary.write("host_loss", loss[0], step=gs[0])
                return v1.summary.all_v2_summary_ops()

        host_call = (host_call_fn, [tf.reshape(v1.train.get_global_step(), [1]), tf.reshape(loss, [1])])
        return tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op, host_call=host_call)

    estimator = tpu.TPUEstimator(model_fn=model_fn, use_tpu=False, train_batch_size=4,
                                 config=tpu.RunConfig(model_dir=str(tmp_path / "model")))
    estimator.train(make_input_fn({}), steps=3)
    steps = [event.step for path in glob.glob(os.path.join(logdir, "events.out.tfevents*"))
             for event in v1.train.summary_iterator(path) for value in event.summary.value
             if value.tag == "host_loss"]
    assert sorted(steps) == [0, 1, 2]


def test_tpu_estimator_spec_validation_of_1_15() -> None:
    with pytest.raises(RuntimeError, match="length of tensors 1 does not match method args"):
        tpu.TPUEstimatorSpec(ModeKeys.EVAL, eval_metrics=(lambda a, b: {}, [1]))
    with pytest.raises(ValueError, match=r"eval_metrics\[1\] should be tuple or list, or dict"):
        tpu.TPUEstimatorSpec(ModeKeys.EVAL, eval_metrics=(lambda a: {}, 1))
    with pytest.raises(TypeError, match=r"host_call\[0\] should be callable"):
        tpu.TPUEstimatorSpec(ModeKeys.TRAIN, host_call=(1, []))
    with pytest.raises(TypeError, match="All hooks must be SessionRunHook instances"):
        tpu.TPUEstimatorSpec(ModeKeys.TRAIN, training_hooks=[object()])


def test_tpu_config_defaults_and_checks_of_1_15() -> None:
    config = tpu.TPUConfig()
    assert config._fields == ("iterations_per_loop", "num_shards", "num_cores_per_replica",
                              "per_host_input_for_training", "tpu_job_name", "initial_infeed_sleep_secs",
                              "input_partition_dims", "eval_training_input_configuration",
                              "experimental_host_call_every_n_steps")
    assert tuple(config) == (2, None, None, tpu.InputPipelineConfig.PER_HOST_V1, None, None, None,
                             tpu.InputPipelineConfig.PER_HOST_V1, 1)
    assert tpu.TPUConfig(per_host_input_for_training=False).per_host_input_for_training == 1
    with pytest.raises(ValueError, match="iterations_per_loop must be positive integer"):
        tpu.TPUConfig(iterations_per_loop=0)
    with pytest.raises(ValueError, match="num_cores_per_replica must be 1, 2, 4, 8, or 16; got 3"):
        tpu.TPUConfig(num_cores_per_replica=3)


def test_run_config_keeps_tpu_config_through_replace(tmp_path: Any) -> None:
    tpu_config = tpu.TPUConfig(iterations_per_loop=7)
    config = tpu.RunConfig(model_dir=str(tmp_path), master="grpc://10.0.0.2:8470", tpu_config=tpu_config)
    assert (config.master, config.evaluation_master, config.cluster) == ("grpc://10.0.0.2:8470",) * 2 + (None,)
    replaced = config.replace(save_summary_steps=7)
    assert replaced.tpu_config is tpu_config and replaced.save_summary_steps == 7 and replaced.master == config.master
    assert config.replace(tpu_config=tpu.TPUConfig(iterations_per_loop=3)).tpu_config.iterations_per_loop == 3
    with pytest.raises(ValueError, match="Both master and cluster are set"):
        tpu.RunConfig(master="a", cluster=object())


def test_cross_shard_optimizer_delegates_to_the_wrapped_optimizer() -> None:
    with tf.Graph().as_default(), v1.Session() as session:
        var = v1.get_variable("v", initializer=np.float32(2.0))
        inner = v1.train.MomentumOptimizer(0.1, momentum=0.9)
        train_op = tpu.CrossShardOptimizer(inner).minimize(tf.square(var))
        session.run(v1.global_variables_initializer())
        session.run(train_op)
        session.run(train_op)
        # momentum: v1 = 2 - 0.1*4 = 1.6; accum = 0.9*4 + 3.2 = 6.8; v2 = 1.6 - 0.68 = 0.92
        assert session.run(var) == pytest.approx(0.92)
        assert tpu.CrossShardOptimizer(inner).get_slot_names() == ["momentum"]
    with pytest.raises(ValueError, match="Unsupported reduction: none"):
        tpu.CrossShardOptimizer(inner, reduction="none")


def test_v1_contrib_tpu_is_this_module() -> None:
    """In a fresh process: tfcompat.v1 switches TensorFlow to v1 behaviour."""
    script = ("import tfcompat.v1 as tf, tfcompat.contrib.tpu as tpu\n"
              "assert tf.contrib.tpu is tpu and tf.contrib.tpu.TPUEstimator is tpu.TPUEstimator\n")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, capture_output=True, timeout=120)


def test_other_names_are_tf_compat_v1_tpus() -> None:
    assert tpu.bfloat16_scope is v1.tpu.bfloat16_scope
    with pytest.raises(AttributeError, match="tfcompat.contrib.tpu has no attribute 'TPUDistributionStrategy'"):
        tpu.TPUDistributionStrategy  # noqa: B018


def test_codemod_writes_tfcompat_contrib_tpu() -> None:
    """CrossShardOptimizer goes to tfcompat's (TF 2's sums with CrossReplicaSum, which CPU/GPU lack)."""
    from tfcompat_lint.migrate import migrate_python

    text = ("import tensorflow as tf\n"
            "opt = tf.contrib.tpu.CrossShardOptimizer(opt)\n"
            "mode = tf.contrib.tpu.InputPipelineConfig.PER_HOST_V2\n"
            "est = tf.contrib.tpu.TPUEstimator(use_tpu=False, model_fn=fn, config=tf.contrib.tpu.RunConfig())\n"
            "with tf.contrib.tpu.bfloat16_scope():\n    pass\n")
    assert migrate_python(text, lambda d: d.fix is not None).text == (
        "import tensorflow as tf\nimport tfcompat\n"
        "opt = tfcompat.contrib.tpu.CrossShardOptimizer(opt)\n"
        "mode = tfcompat.contrib.tpu.InputPipelineConfig.PER_HOST_V2\n"
        "est = tfcompat.contrib.tpu.TPUEstimator(use_tpu=False, model_fn=fn, "
        "config=tfcompat.contrib.tpu.RunConfig())\n"
        "with tf.compat.v1.tpu.bfloat16_scope():\n    pass\n")
