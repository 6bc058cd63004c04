"""``tfcompat.contrib.estimator``'s early-stopping hooks: decisions read from eval event files, as TF 1.15 made them.

Training runs the shared linear-regression model; where the hook stops is predicted from numpy's SGD and
evaluation losses.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from estimator_helpers import LR, X, Y, batch_mean_loss, model_fn, numpy_sgd, train_input
from tfcompat.contrib import estimator as contrib_estimator

v1 = tf.compat.v1
EVAL_INPUT = est.inputs.numpy_input_fn({"x": X}, Y, batch_size=8, shuffle=False)


def _write_events(eval_dir: Path, rows: list[tuple[int, dict[str, float]]]) -> None:
    with tf.Graph().as_default():
        writer = v1.summary.FileWriter(str(eval_dir))
        for step, metrics in rows:
            summary = v1.Summary(value=[v1.Summary.Value(tag=k, simple_value=v) for k, v in metrics.items()])
            writer.add_summary(summary, step)
        writer.close()


def _estimator(tmp_path: Path, every: int = 2) -> est.Estimator:
    config = est.RunConfig(model_dir=str(tmp_path / "model"), save_checkpoints_steps=every)
    return est.Estimator(model_fn, config=config, params={"lr": LR})


def _eval_losses(steps: range) -> dict[int, float]:
    """The full-batch eval loss after each number of SGD steps."""
    out = {}
    for step in steps:
        _, w, b = numpy_sgd(step)
        out[step] = batch_mean_loss(w, b, 8)
    return out


def test_read_eval_metrics_orders_by_step_and_merges(tmp_path: Path) -> None:
    _write_events(tmp_path, [(20, {"loss": 0.5}), (10, {"loss": 1.0, "acc": 0.25}), (20, {"acc": 0.75})])
    result = contrib_estimator.read_eval_metrics(str(tmp_path))
    assert list(result) == [10, 20]
    assert result[10] == {"loss": 1.0, "acc": 0.25} and result[20] == {"loss": 0.5, "acc": 0.75}
    assert contrib_estimator.read_eval_metrics(str(tmp_path / "missing")) == {}


def test_stop_if_lower_stops_after_the_first_evaluation_below_threshold(tmp_path: Path) -> None:
    losses = _eval_losses(range(2, 21, 2))
    threshold = (losses[4] + losses[6]) / 2  # the step-6 evaluation is the first below it
    assert losses[4] > threshold > losses[6]
    estimator = _estimator(tmp_path)
    hook = contrib_estimator.stop_if_lower_hook(estimator, "loss", threshold, run_every_secs=None, run_every_steps=1)
    result, _ = est.train_and_evaluate(estimator, est.TrainSpec(train_input(), max_steps=20, hooks=[hook]),
                                       est.EvalSpec(EVAL_INPUT, steps=None, throttle_secs=0))
    # The hook asks after each step, by the global step it fetched beside the train op, which TF may read before
    # or after the update (as in TF 1.15): the stop comes with the step-6 evaluation or one step later.
    stopped = int(result["global_step"])
    assert stopped in (6, 7)
    np.testing.assert_allclose(result["loss"], _eval_losses(range(stopped, stopped + 1))[stopped], rtol=1e-5)
    assert "signal_early_stopping/STOP" in estimator.get_variable_names()  # the chief's signal to other workers
    evaluated = contrib_estimator.read_eval_metrics(estimator.eval_dir())
    assert list(evaluated)[:3] == [2, 4, 6] and list(evaluated)[-1] == stopped
    np.testing.assert_allclose([evaluated[s]["loss"] for s in (2, 4, 6)], [losses[s] for s in (2, 4, 6)], rtol=1e-5)


def test_stop_if_no_increase_counts_steps_since_the_best(tmp_path: Path) -> None:
    losses = _eval_losses(range(2, 21, 2))
    assert all(losses[s] > losses[s + 2] for s in range(2, 20, 2))  # the loss only falls: the best is step 2
    estimator = _estimator(tmp_path)
    hook = contrib_estimator.stop_if_no_increase_hook(estimator, "loss", 4, run_every_secs=None, run_every_steps=1)
    result, _ = est.train_and_evaluate(estimator, est.TrainSpec(train_input(), max_steps=20, hooks=[hook]),
                                       est.EvalSpec(EVAL_INPUT, steps=None, throttle_secs=0))
    assert result["global_step"] in (6, 7)  # 6 - 2 >= 4 (seen at step 6, or 7: see the test above)


@pytest.mark.parametrize("max_steps_without_decrease, min_steps, stops", [
    (20, 0, True),    # best 0.5 at step 20; step 40 is 20 steps later
    (25, 0, False),
    (20, 25, False),  # steps before 25 ignored: best 0.6 at 30, step 40 is 10 later
])
def test_stop_if_no_decrease_on_written_events(tmp_path: Path, max_steps_without_decrease: int, min_steps: int,
                                               stops: bool) -> None:
    eval_dir = tmp_path / "evals"
    _write_events(eval_dir, [(10, {"loss": 1.0}), (20, {"loss": 0.5}), (30, {"loss": 0.6}), (40, {"loss": 0.7})])
    estimator = _estimator(tmp_path, every=100)
    hook = contrib_estimator.stop_if_no_decrease_hook(estimator, "loss", max_steps_without_decrease,
                                                      eval_dir=str(eval_dir), min_steps=min_steps,
                                                      run_every_secs=None, run_every_steps=1)
    estimator.train(train_input(), hooks=[hook], max_steps=3)
    assert estimator.get_variable_value("global_step") == (1 if stops else 3)


def test_stop_if_higher_on_written_events(tmp_path: Path) -> None:
    eval_dir = tmp_path / "evals"
    _write_events(eval_dir, [(10, {"accuracy": 0.7}), (20, {"accuracy": 0.95})])
    estimator = _estimator(tmp_path, every=100)
    never = contrib_estimator.stop_if_higher_hook(estimator, "accuracy", 0.99, eval_dir=str(eval_dir),
                                                  run_every_secs=None, run_every_steps=1)
    estimator.train(train_input(), hooks=[never], max_steps=2)
    assert estimator.get_variable_value("global_step") == 2
    hook = contrib_estimator.stop_if_higher_hook(estimator, "accuracy", 0.9, eval_dir=str(eval_dir),
                                                 run_every_secs=None, run_every_steps=1)
    estimator.train(train_input(), hooks=[hook], max_steps=10)
    assert estimator.get_variable_value("global_step") == 3


def test_make_early_stopping_hook_checks_its_arguments(tmp_path: Path) -> None:
    estimator = _estimator(tmp_path)
    with pytest.raises(TypeError, match="`estimator` must have type `tf.estimator.Estimator`"):
        contrib_estimator.make_early_stopping_hook(object(), lambda: False)
    with pytest.raises(ValueError, match="Only one of `run_every_secs` and `run_every_steps`"):
        contrib_estimator.make_early_stopping_hook(estimator, lambda: False, run_every_secs=1, run_every_steps=1)
    with pytest.raises(TypeError, match="`should_stop_fn` must be callable"):
        contrib_estimator.make_early_stopping_hook(estimator, "no")
