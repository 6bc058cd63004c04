"""``tfcompat.contrib.learn``: ``Experiment`` schedules through ``learn_runner.run``, the learn ``RunConfig``,
export strategies and ``run_n``, against the numpy SGD of the shared linear-regression model."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from estimator_helpers import B0, LR, W0, X, Y, batch_mean_loss, model_fn, numpy_sgd, train_input
from tfcompat.contrib import learn
from tfcompat.contrib.estimator import read_eval_metrics
from tfcompat.contrib.training import HParams

v1 = tf.compat.v1
EVAL_INPUT = est.inputs.numpy_input_fn({"x": X}, Y, batch_size=8, shuffle=False)
SERVING_FN = est.export.build_raw_serving_input_receiver_fn({"x": tf.constant(X)})


def _experiment_fn(**experiment_args: Any) -> Any:
    def experiment_fn(run_config: learn.RunConfig, hparams: HParams) -> learn.Experiment:
        estimator = est.Estimator(model_fn, config=run_config, params={"lr": hparams.learning_rate})
        return learn.Experiment(estimator, train_input(), EVAL_INPUT, **experiment_args)
    return experiment_fn


def _sgd_calls(steps_per_call: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """numpy SGD where each training call restarts the input at row 0 (batches of 4 over the 8 rows)."""
    w, b = W0.astype(np.float64), B0.astype(np.float64)
    for steps in steps_per_call:
        for step in range(steps):
            rows = [(step * 4 + i) % 8 for i in range(4)]
            residual = X[rows] @ w + b - Y[rows]
            w, b = w - LR * 2 * X[rows].T @ residual / 4, b - LR * 2 * residual.sum(axis=0) / 4
    return w, b


def _serve(export_dir: bytes) -> np.ndarray:
    with tf.Graph().as_default(), v1.Session() as session:
        meta = v1.saved_model.loader.load(session, ["serve"], export_dir.decode())
        signature = meta.signature_def["serving_default"]
        return session.run(signature.outputs["y"].name, {signature.inputs["x"].name: X})


def test_learn_runner_train_and_evaluate_matches_numpy(tmp_path: Path) -> None:
    config = learn.RunConfig(model_dir=str(tmp_path), tf_random_seed=1)
    experiment_fn = _experiment_fn(train_steps=8, eval_steps=None,
                                   export_strategies=learn.make_export_strategy(SERVING_FN, exports_to_keep=1))
    eval_result, exports = learn.learn_runner.run(experiment_fn, run_config=config,
                                                  hparams=HParams(learning_rate=LR))
    _, w, b = numpy_sgd(8)
    assert eval_result["global_step"] == 8
    np.testing.assert_allclose(eval_result["loss"], batch_mean_loss(w, b, 8), rtol=1e-5)
    # min_eval_frequency=1: the first step evaluates the newest checkpoint (step 0, saved at session creation);
    # no other is saved before the end (every 600 s), then the final evaluation.
    evaluated = read_eval_metrics(str(tmp_path / "eval"))
    assert list(evaluated) == [0, 8]
    np.testing.assert_allclose(evaluated[0]["loss"], batch_mean_loss(W0, B0, 8), rtol=1e-5)
    assert len(exports) == 1 and exports[0].startswith(str(tmp_path / "export" / "Servo").encode())
    np.testing.assert_allclose(_serve(exports[0]), X @ w + b, rtol=1e-5)


def test_checkpoint_and_export_evaluates_each_saved_checkpoint(tmp_path: Path) -> None:
    config = learn.RunConfig(model_dir=str(tmp_path), save_checkpoints_steps=3)
    experiment_fn = _experiment_fn(train_steps=6, eval_steps=None, checkpoint_and_export=True,
                                   export_strategies=[learn.make_export_strategy(SERVING_FN, exports_to_keep=None)])
    eval_result, exports = learn.learn_runner.run(experiment_fn, run_config=config, hparams=HParams(learning_rate=LR))
    evaluated = read_eval_metrics(str(tmp_path / "eval_intermediate_export"))
    assert list(evaluated) == [0, 3, 6]
    for step in (3, 6):
        _, w, b = numpy_sgd(step)
        np.testing.assert_allclose(evaluated[step]["loss"], batch_mean_loss(w, b, 8), rtol=1e-5)
    assert eval_result["global_step"] == 6
    np.testing.assert_allclose(_serve(exports[0]), X @ w + b, rtol=1e-5)


def test_continuous_train_and_eval_alternates(tmp_path: Path) -> None:
    config = learn.RunConfig(model_dir=str(tmp_path))
    experiment_fn = _experiment_fn(train_steps=6, train_steps_per_iteration=3, eval_steps=None)
    seen = []

    def keep_going(eval_results: Any) -> bool:
        seen.append(None if eval_results is None else int(eval_results["global_step"]))
        return True

    experiment = experiment_fn(config, HParams(learning_rate=LR))
    eval_result, exports = experiment.continuous_train_and_eval(keep_going)
    assert seen == [None, 3, 6] and exports == []
    w, b = _sgd_calls([3, 3])
    np.testing.assert_allclose(eval_result["loss"], batch_mean_loss(w, b, 8), rtol=1e-5)
    assert list(read_eval_metrics(str(tmp_path / "eval_one_pass"))) == [3, 6]


def test_continuous_eval_evaluates_new_checkpoints_until_train_steps(tmp_path: Path) -> None:
    config = learn.RunConfig(model_dir=str(tmp_path))
    experiment = _experiment_fn(train_steps=4, eval_steps=None, eval_delay_secs=0, continuous_eval_throttle_secs=0,
                                export_strategies=learn.make_export_strategy(SERVING_FN))(
        config, HParams(learning_rate=LR))
    experiment.train()
    experiment.continuous_eval()  # returns: the step-4 evaluation reached train_steps
    _, w, b = numpy_sgd(4)
    evaluated = read_eval_metrics(str(tmp_path / "eval_continuous"))
    assert list(evaluated) == [4]
    np.testing.assert_allclose(evaluated[4]["loss"], batch_mean_loss(w, b, 8), rtol=1e-5)
    assert len(list((tmp_path / "export" / "Servo").iterdir())) == 1
    calls = []

    def once(eval_results: Any, checkpoint_path: Any) -> bool:
        calls.append((eval_results is None, checkpoint_path))
        return eval_results is None

    on_train_data = _experiment_fn(train_steps=4, eval_steps=2, eval_delay_secs=0,  # rows 0..7 of the train input
                                   continuous_eval_throttle_secs=0)(config, HParams(learning_rate=LR))
    on_train_data.continuous_eval_on_train_data(continuous_eval_predicate_fn=once)
    assert calls == [(True, None), (False, str(tmp_path / "model.ckpt-4"))]
    on_train = read_eval_metrics(str(tmp_path / "eval_continuous_on_train_data"))
    np.testing.assert_allclose(on_train[4]["loss"], batch_mean_loss(w, b, 4), rtol=1e-5)


def test_train_evaluate_and_test_schedules(tmp_path: Path) -> None:
    hparams = HParams(learning_rate=LR)
    config = learn.RunConfig(model_dir=str(tmp_path))
    learn.learn_runner.run(_experiment_fn(train_steps=4), run_config=config, schedule="train", hparams=hparams)
    result = learn.learn_runner.run(_experiment_fn(eval_steps=None, eval_delay_secs=0), run_config=config,
                                    schedule="evaluate", hparams=hparams)
    _, w, b = numpy_sgd(4)
    np.testing.assert_allclose(result["loss"], batch_mean_loss(w, b, 8), rtol=1e-5)
    assert (tmp_path / "eval_one_pass").is_dir()
    result = learn.learn_runner.run(_experiment_fn(), run_config=config, schedule="test", hparams=hparams)
    assert result["global_step"] == 5
    with pytest.raises(ValueError, match="Schedule references non-existent task nope"):
        learn.learn_runner.run(_experiment_fn(), run_config=config, schedule="nope", hparams=hparams)


def test_output_dir_form_and_argument_checks(tmp_path: Path) -> None:
    def old_style(output_dir: str) -> learn.Experiment:
        estimator = est.Estimator(model_fn, model_dir=output_dir, params={"lr": LR})
        return learn.Experiment(estimator, train_input(), EVAL_INPUT, train_steps=2, eval_steps=None)

    eval_result, _ = learn.learn_runner.run(old_style, output_dir=str(tmp_path / "old"))
    assert eval_result["global_step"] == 2
    config = learn.RunConfig(model_dir=str(tmp_path / "new"))
    with pytest.raises(ValueError, match="Cannot provide both `output_dir` and `run_config`"):
        learn.learn_runner.run(old_style, output_dir="x", run_config=config)
    with pytest.raises(ValueError, match="Must set value for `output_dir` or `run_config`"):
        learn.learn_runner.run(old_style)

    def ignores_config(run_config: Any, hparams: Any) -> learn.Experiment:
        return old_style(run_config.model_dir)

    with pytest.raises(RuntimeError, match="Pass `run_config` argument of the `experiment_fn` to the Estimator"):
        learn.learn_runner.run(ignores_config, run_config=config)

    def changes_config(run_config: Any, hparams: Any) -> learn.Experiment:
        estimator = est.Estimator(model_fn, config=run_config.replace(tf_random_seed=7), params={"lr": LR})
        return learn.Experiment(estimator, train_input(), EVAL_INPUT)

    with pytest.raises(RuntimeError, match="`RunConfig` instance is expected to be used by the `Estimator`"):
        learn.learn_runner.run(changes_config, run_config=config)
    with pytest.raises(ValueError, match="`run_config` must be `tf.contrib.learn.RunConfig` instance"):
        learn.learn_runner.run(ignores_config, run_config=est.RunConfig(model_dir=str(tmp_path)))
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": LR})
    with pytest.raises(ValueError, match="`eval_metrics` must be `None`"):
        learn.Experiment(estimator, train_input(), EVAL_INPUT, eval_metrics={"a": None})
    with pytest.raises(ValueError, match="`export_strategies` must be an ExportStrategy"):
        learn.Experiment(estimator, train_input(), EVAL_INPUT, export_strategies=["no"])


def test_learn_run_config_and_mode_keys(tmp_path: Path) -> None:
    config = learn.RunConfig(model_dir=str(tmp_path), num_cores=2, gpu_memory_fraction=0.5)
    assert (config.save_checkpoints_secs, config.save_checkpoints_steps) == (600, None)
    stepped = learn.RunConfig(save_checkpoints_steps=10)
    assert (stepped.save_checkpoints_secs, stepped.save_checkpoints_steps) == (None, 10)
    assert config.tf_config.intra_op_parallelism_threads == 2
    assert config.tf_config.gpu_options.per_process_gpu_memory_fraction == 0.5
    assert config.environment == "local" and config.master == "" and config.get_task_id() == 0
    estimator = est.Estimator(model_fn, config=config, params={"lr": LR})
    assert estimator.config.uid() == config.uid()
    assert config.replace(tf_random_seed=3).uid() != config.uid()
    assert (learn.ModeKeys.TRAIN, learn.ModeKeys.EVAL, learn.ModeKeys.INFER) == (
        est.ModeKeys.TRAIN, est.ModeKeys.EVAL, est.ModeKeys.PREDICT)
    learn.ModeKeys.validate("infer")
    with pytest.raises(ValueError, match="Invalid mode predict"):
        learn.ModeKeys.validate("predict")


def test_export_strategy_passes_what_export_fn_takes(tmp_path: Path) -> None:
    calls = []
    strategy = learn.ExportStrategy("mine", lambda estimator, path, checkpoint_path, eval_result:
                                    calls.append((path, checkpoint_path, eval_result)) or "done")
    assert strategy.export("est", b"/p", checkpoint_path="ckpt", eval_result={"loss": 1}) == "done"
    assert calls == [(b"/p", "ckpt", {"loss": 1})] and strategy.strip_default_attrs is None
    with pytest.raises(ValueError, match="must also accept checkpoint_path"):
        learn.ExportStrategy("bad", lambda estimator, path, eval_result: None).export("est", b"/p")


def test_run_n_runs_one_session_n_times(tmp_path: Path) -> None:
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": LR})
    estimator.train(train_input(), steps=2)
    _, w, _ = numpy_sgd(2)
    with tf.Graph().as_default():
        counter = v1.get_variable("counter", initializer=0, collections=[v1.GraphKeys.LOCAL_VARIABLES])
        restored = v1.get_variable("w", shape=[2, 1])
        results = learn.run_n({"count": counter.assign_add(1), "w": restored}, n=3,
                              restore_checkpoint_path=estimator.latest_checkpoint())
    assert [r["count"] for r in results] == [1, 2, 3]
    for result in results:
        np.testing.assert_allclose(result["w"], w, rtol=1e-5)
    with tf.Graph().as_default():
        doubled = v1.get_variable("v", initializer=np.float32(1.5)) * 2
        assert learn.run_n({"d": doubled}, n=2) == [{"d": 3.0}, {"d": 3.0}]
    with pytest.raises(ValueError, match="output_dict is invalid"):
        learn.run_n({})
