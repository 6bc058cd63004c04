"""Estimator plumbing as TF 1.15 had it: argument introspection, input_fn shapes, validation, warm start,
``train_and_evaluate``."""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from estimator_helpers import B0, LR, W0, X, Y, model_fn, numpy_sgd, train_input

v1 = tf.compat.v1


def _full_batch_dataset() -> tf.data.Dataset:
    return tf.data.Dataset.from_tensors(({"x": X}, Y)).repeat()


def test_model_fn_receives_only_the_arguments_it_names(tmp_path: Path) -> None:
    seen: dict[str, Any] = {}

    def minimal_fn(features, labels, config):  # no mode, no params
        seen["config_dir"] = config.model_dir
        w = v1.get_variable("w", initializer=v1.constant_initializer(W0), shape=[2, 1])
        loss = tf.reduce_mean(tf.square(tf.matmul(features["x"], w) - labels))
        step = v1.train.get_global_step()
        return est.EstimatorSpec("train", loss=loss, train_op=v1.assign_add(step, 1))

    estimator = est.Estimator(minimal_fn, model_dir=str(tmp_path))
    estimator.train(_full_batch_dataset, steps=2)
    assert seen["config_dir"] == str(tmp_path)
    assert estimator.get_variable_value("global_step") == 2
    np.testing.assert_array_equal(estimator.get_variable_value("w"), W0)  # the train_op only counted steps


def test_input_fn_dataset_with_params_and_mode(tmp_path: Path) -> None:
    calls: list[tuple[str, float]] = []

    def input_fn(params, mode):
        calls.append((mode, params["lr"]))
        return _full_batch_dataset()

    estimator = est.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": LR})
    estimator.train(input_fn, steps=3)
    w = estimator.get_variable_value("w")
    full = numpy_sgd(3, batch_size=8)[1]
    np.testing.assert_allclose(w, full, rtol=1e-5)
    features_only = functools.partial(lambda: tf.data.Dataset.from_tensor_slices({"x": X}).batch(5))
    predictions = [p["y"] for p in estimator.predict(features_only)]
    np.testing.assert_allclose(np.stack(predictions), X @ w + estimator.get_variable_value("b"), rtol=1e-5)
    assert calls == [("train", LR)]


def test_input_fn_tuple_of_wrong_length(tmp_path: Path) -> None:
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": LR})
    with pytest.raises(ValueError, match=r"input_fn should return \(features, labels\) as a len 2 tuple\."):
        estimator.train(lambda: (tf.constant(X), tf.constant(Y), tf.constant(Y)), steps=1)


def test_constructor_checks_model_fn_and_config(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must include features argument"):
        est.Estimator(lambda inputs, labels: None)
    with pytest.raises(ValueError, match="does not include params argument"):
        est.Estimator(lambda features, labels: None, params={"a": 1})
    with pytest.raises(ValueError, match=r"has following not expected args: \['extra'\]"):
        est.Estimator(lambda features, extra: None)
    with pytest.raises(ValueError, match="config must be an instance of `RunConfig`"):
        est.Estimator(model_fn, config={"model_dir": "x"})
    with pytest.raises(ValueError, match="model_dir are set both in constructor and RunConfig"):
        est.Estimator(model_fn, model_dir=str(tmp_path / "a"), config=est.RunConfig(model_dir=str(tmp_path / "b")),
                      params={})
    estimator = est.Estimator(model_fn, config=est.RunConfig(model_dir=str(tmp_path)), params={"lr": 1.0})
    assert estimator.model_dir == str(tmp_path) and estimator.config.model_dir == str(tmp_path)
    estimator.params["lr"] = 2.0  # a copy: the estimator keeps its own
    assert estimator.params == {"lr": 1.0}
    assert os.path.isdir(est.Estimator(model_fn, params={}).model_dir)  # a temporary directory


def test_train_argument_errors(tmp_path: Path) -> None:
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": LR})
    with pytest.raises(ValueError, match="Can not provide both steps and max_steps."):
        estimator.train(train_input(), steps=1, max_steps=2)
    with pytest.raises(ValueError, match="Must specify steps > 0, given: 0"):
        estimator.train(train_input(), steps=0)
    with pytest.raises(ValueError, match="Must specify max_steps > 0, given: -1"):
        estimator.train(train_input(), max_steps=-1)
    with pytest.raises(TypeError, match="Hooks must be a SessionRunHook"):
        estimator.train(train_input(), steps=1, hooks=["not a hook"])


def test_model_fn_must_return_an_estimator_spec(tmp_path: Path) -> None:
    estimator = est.Estimator(lambda features, labels: {"loss": None}, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="model_fn should return an EstimatorSpec."):
        estimator.train(_full_batch_dataset, steps=1)
    no_labels = est.Estimator(lambda features, mode: None, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="model_fn does not take labels, but input_fn returns labels."):
        no_labels.train(_full_batch_dataset, steps=1)


def test_training_stops_when_input_ends(tmp_path: Path) -> None:
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": LR})
    one_epoch = est.inputs.numpy_input_fn({"x": X}, Y, batch_size=4, num_epochs=1, shuffle=False)
    estimator.train(one_epoch)  # no steps: two batches, then OutOfRange ends training
    assert estimator.get_variable_value("global_step") == 2
    np.testing.assert_allclose(estimator.get_variable_value("w"), numpy_sgd(2)[1], rtol=1e-5)


def test_warm_start_from_another_model_dir(tmp_path: Path) -> None:
    source = est.Estimator(model_fn, model_dir=str(tmp_path / "source"), params={"lr": LR})
    source.train(train_input(), steps=2)
    ws = est.WarmStartSettings(str(tmp_path / "source"), vars_to_warm_start="w")
    target = est.Estimator(model_fn, model_dir=str(tmp_path / "target"), params={"lr": 1e-30}, warm_start_from=ws)
    target.train(train_input(), steps=1)  # a learning rate too small to move the weights
    np.testing.assert_allclose(target.get_variable_value("w"), source.get_variable_value("w"), rtol=1e-6)
    np.testing.assert_array_equal(target.get_variable_value("b"), B0)  # not warm-started
    assert target.get_variable_value("global_step") == 1
    with pytest.raises(ValueError, match="warm_start_from must be a string or a WarmStartSettings"):
        est.Estimator(model_fn, params={}, warm_start_from=3)


def test_train_and_evaluate_evaluates_the_last_checkpoint(tmp_path: Path) -> None:
    config = est.RunConfig(model_dir=str(tmp_path), save_checkpoints_steps=3, log_step_count_steps=1)
    estimator = est.Estimator(model_fn, config=config, params={"lr": LR})
    eval_input = est.inputs.numpy_input_fn({"x": X}, Y, batch_size=8, shuffle=False)
    metrics, exports = est.train_and_evaluate(estimator, est.TrainSpec(train_input(), max_steps=7),
                                              est.EvalSpec(eval_input, steps=None, throttle_secs=0))
    _, w, b = numpy_sgd(7)
    assert exports == [] and metrics["global_step"] == 7
    # Evaluated after each checkpoint but the first (steps 3, 6, then 7 at the end), as TensorBoard reads it.
    events = [os.path.join(tmp_path, "eval", name) for name in os.listdir(tmp_path / "eval")]
    evaluated = [(event.step, value.tag) for path in events for event in v1.train.summary_iterator(path)
                 for value in event.summary.value if value.tag == "loss"]
    assert sorted(evaluated) == [(3, "loss"), (6, "loss"), (7, "loss")]
    np.testing.assert_allclose(metrics["loss"], np.mean((X @ w + b - Y) ** 2), rtol=1e-5)
    with pytest.raises(ValueError, match="Must specify max_steps > 0, given: 0"):
        est.TrainSpec(train_input(), max_steps=0)
    with pytest.raises(TypeError, match="`exporters` must be an Exporter, an iterable of Exporter, or `None`"):
        est.EvalSpec(eval_input, exporters=[object()])


def test_tf_random_seed_makes_initial_values_repeatable(tmp_path: Path) -> None:
    def random_fn(features, labels, mode):
        w = v1.get_variable("w", [2, 1], initializer=v1.random_normal_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(features["x"], w) - labels))
        return est.EstimatorSpec(mode, loss=loss, train_op=v1.assign_add(v1.train.get_global_step(), 1))

    def initial_w(seed: int, name: str) -> np.ndarray:
        config = est.RunConfig(model_dir=str(tmp_path / name), tf_random_seed=seed)
        est.Estimator(random_fn, config=config).train(_full_batch_dataset, steps=1)
        return v1.train.load_variable(str(tmp_path / name / "model.ckpt-0"), "w")

    first, again, other = initial_w(3, "a"), initial_w(3, "b"), initial_w(4, "c")
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first, other)


def test_device_fn_places_the_graph(tmp_path: Path) -> None:
    placed: list[str] = []

    def device_fn(op):
        placed.append(op.name)
        return "/cpu:0"

    config = est.RunConfig(model_dir=str(tmp_path), device_fn=device_fn)
    est.Estimator(model_fn, config=config, params={"lr": LR}).train(train_input(), steps=1)
    assert "global_step" in placed and "w" in placed
    with pytest.raises(ValueError, match="An input_receiver_fn must be defined."):
        est.Estimator(model_fn, config=config, params={"lr": LR}).export_savedmodel("dir", None)


class _CountingHook(v1.train.SessionRunHook):
    def __init__(self) -> None:
        self.runs = 0

    def after_run(self, run_context: Any, run_values: Any) -> None:
        self.runs += 1


class _SaveRecorder(v1.train.CheckpointSaverListener):
    def __init__(self) -> None:
        self.steps: list[int] = []

    def after_save(self, session: Any, global_step_value: int) -> None:
        self.steps.append(int(global_step_value))


def test_spec_hooks_and_saving_listeners_run(tmp_path: Path) -> None:
    hooks = {mode: _CountingHook() for mode in ("chief", "train", "eval", "predict")}

    def hooked_fn(features, labels, mode, params):
        spec = model_fn(features, labels, mode, params)
        return spec._replace(training_chief_hooks=[hooks["chief"]], training_hooks=[hooks["train"]],
                             evaluation_hooks=[hooks["eval"]], prediction_hooks=[hooks["predict"]])

    def input_with_config(config):
        assert config.save_checkpoints_steps == 2
        return _full_batch_dataset()

    config = est.RunConfig(model_dir=str(tmp_path), save_checkpoints_steps=2)
    estimator = est.Estimator(hooked_fn, config=config, params={"lr": LR})
    listener = _SaveRecorder()
    estimator.train(input_with_config, steps=5, saving_listeners=[listener])
    assert listener.steps == [0, 2, 4, 5]
    estimator.evaluate(est.inputs.numpy_input_fn({"x": X}, Y, batch_size=3, shuffle=False))
    list(estimator.predict(est.inputs.numpy_input_fn({"x": X}, batch_size=4, shuffle=False)))
    assert {mode: hook.runs for mode, hook in hooks.items()} == {"chief": 5, "train": 5, "eval": 3, "predict": 2}
