"""``tfcompat.estimator.Estimator`` train / evaluate / predict against a numpy SGD of the same model."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from estimator_helpers import B0, LR, W0, X, Y, LossRecorder, batch_mean_loss, model_fn, numpy_sgd, train_input

v1 = tf.compat.v1


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[est.Estimator, LossRecorder]:
    """An estimator trained 10 steps (5 + 5, two train calls) with its recorded step losses."""
    model_dir = tmp_path_factory.mktemp("linreg")
    estimator = est.Estimator(model_fn, model_dir=str(model_dir), params={"lr": LR})
    recorder = LossRecorder()
    estimator.train(train_input(), hooks=[recorder], steps=5)
    estimator.train(train_input(), hooks=[recorder], steps=5)
    return estimator, recorder


def test_ten_steps_in_two_calls_equal_numpy_sgd(trained: Any) -> None:
    estimator, recorder = trained
    # The second call resumes at global step 5 but restarts the input_fn, so its batches start at row 0.
    losses_a, w_a, b_a = numpy_sgd(5)
    expected = losses_a[:]
    w, b = w_a, b_a
    for step in range(5):
        rows = [(step * 4 + i) % 8 for i in range(4)]
        residual = X[rows].astype(np.float64) @ w + b - Y[rows]
        expected.append(float(np.mean(residual ** 2)))
        w, b = w - LR * 2 * X[rows].T @ residual / 4, b - LR * 2 * residual.sum(axis=0) / 4
    np.testing.assert_allclose(recorder.losses, expected, rtol=1e-5)
    np.testing.assert_allclose(estimator.get_variable_value("w"), w, rtol=1e-5)
    np.testing.assert_allclose(estimator.get_variable_value("b"), b, rtol=1e-5)
    assert estimator.get_variable_value("global_step") == 10
    assert sorted(estimator.get_variable_names()) == ["b", "global_step", "w"]


def test_resume_equals_one_call_when_batches_line_up(tmp_path: Path) -> None:
    # 4 + 4 steps of batch 4 over 8 rows: each call sees whole epochs, so 4+4 == 8 in one call.
    one = est.Estimator(model_fn, model_dir=str(tmp_path / "one"), params={"lr": LR})
    one.train(train_input(), steps=8)
    two = est.Estimator(model_fn, model_dir=str(tmp_path / "two"), params={"lr": LR})
    two.train(train_input(), steps=4)
    two.train(train_input(), max_steps=8)
    _, w, b = numpy_sgd(8)
    for estimator in (one, two):
        np.testing.assert_allclose(estimator.get_variable_value("w"), w, rtol=1e-5)
        np.testing.assert_allclose(estimator.get_variable_value("b"), b, rtol=1e-5)
        assert estimator.get_variable_value("global_step") == 8
    two.train(train_input(), max_steps=8)  # already there: skipped
    assert two.get_variable_value("global_step") == 8


def test_model_dir_holds_tf1_layout(trained: Any) -> None:
    estimator, _ = trained
    names = os.listdir(estimator.model_dir)
    assert {"checkpoint", "graph.pbtxt"} <= set(names)
    for step in (0, 5, 10):  # saved at session creation and at the end of each call
        assert {f"model.ckpt-{step}.index", f"model.ckpt-{step}.meta"} <= set(names)
    events = [os.path.join(estimator.model_dir, n) for n in names if n.startswith("events.out.tfevents.")]
    # save_summary_steps=100: the loss summary of each call's first step (TF's SummarySaverHook logs it as step+1).
    logged = sorted(event.step for path in events for event in v1.train.summary_iterator(path)
                    for value in event.summary.value if value.tag == "loss")
    assert logged == [1, 6]
    assert estimator.latest_checkpoint() == os.path.join(estimator.model_dir, "model.ckpt-10")


def test_evaluate_reports_mean_of_batch_losses(trained: Any) -> None:
    estimator, _ = trained
    w, b = estimator.get_variable_value("w"), estimator.get_variable_value("b")
    eval_input = est.inputs.numpy_input_fn({"x": X}, Y, batch_size=3, shuffle=False)  # batches of 3, 3, 2
    results = estimator.evaluate(eval_input)
    assert set(results) == {"loss", "mae", "global_step"}
    assert results["global_step"] == 10
    np.testing.assert_allclose(results["loss"], batch_mean_loss(w, b, 3), rtol=1e-5)
    np.testing.assert_allclose(results["mae"], np.mean(np.abs(X @ w + b - Y)), rtol=1e-5)
    assert any(n.startswith("events.out.tfevents.") for n in os.listdir(os.path.join(estimator.model_dir, "eval")))


def test_evaluate_steps_and_name(trained: Any) -> None:
    estimator, _ = trained
    w, b = estimator.get_variable_value("w"), estimator.get_variable_value("b")
    eval_input = est.inputs.numpy_input_fn({"x": X}, Y, batch_size=2, num_epochs=None, shuffle=False)
    results = estimator.evaluate(eval_input, steps=2, name="first_half")
    residual = X[:4] @ w + b - Y[:4]
    np.testing.assert_allclose(results["loss"], np.mean(residual ** 2), rtol=1e-5)
    assert os.path.isdir(os.path.join(estimator.model_dir, "eval_first_half"))
    with pytest.raises(ValueError, match=r"Must specify steps > 0, given: 0"):
        estimator.evaluate(eval_input, steps=0)


def test_predict_yields_numpy_predictions(trained: Any) -> None:
    estimator, _ = trained
    w, b = estimator.get_variable_value("w"), estimator.get_variable_value("b")
    predict_input = est.inputs.numpy_input_fn({"x": X}, batch_size=3, shuffle=False)
    predictions = list(estimator.predict(predict_input))
    assert len(predictions) == 8 and set(predictions[0]) == {"y", "twice"}
    np.testing.assert_allclose(np.stack([p["y"] for p in predictions]), X @ w + b, rtol=1e-5)
    only_y = list(estimator.predict(predict_input, predict_keys=["y"]))
    assert set(only_y[0]) == {"y"}
    batches = list(estimator.predict(predict_input, predict_keys="twice", yield_single_examples=False))
    assert [len(batch["twice"]) for batch in batches] == [3, 3, 2]
    np.testing.assert_allclose(np.concatenate([batch["twice"] for batch in batches]), 2 * (X @ w + b), rtol=1e-5)
    with pytest.raises(ValueError, match=r"Expected to run at least one output from \['y', 'twice'\]"):
        next(estimator.predict(predict_input, predict_keys=["nope"]))


def test_checkpoint_path_selects_an_older_checkpoint(trained: Any) -> None:
    estimator, _ = trained
    predict_input = est.inputs.numpy_input_fn({"x": X}, batch_size=8, shuffle=False)
    first = next(estimator.predict(predict_input, checkpoint_path=os.path.join(estimator.model_dir, "model.ckpt-0")))
    np.testing.assert_allclose(first["y"], X[0] @ W0 + B0, rtol=1e-6)


def test_untrained_model_dir(tmp_path: Path) -> None:
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": LR})
    assert estimator.latest_checkpoint() is None
    with pytest.raises(ValueError, match="Could not find trained model in model_dir"):
        estimator.get_variable_value("w")
    # evaluate and predict run from the initializers, as TF 1.15 did
    results = estimator.evaluate(est.inputs.numpy_input_fn({"x": X}, Y, batch_size=8, shuffle=False))
    np.testing.assert_allclose(results["loss"], np.mean((X @ W0 + B0 - Y) ** 2), rtol=1e-5)
    assert results["global_step"] == 0
