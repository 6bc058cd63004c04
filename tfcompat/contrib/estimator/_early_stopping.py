"""TF 1.15's early-stopping hooks (``tf.estimator.experimental.stop_if_*``, also under ``tf.contrib.estimator``).

The decision reads the evaluation results back from the eval event files under ``estimator.eval_dir()``, as
TF 1.15 did, so it sees every evaluation ``train_and_evaluate`` (or any earlier run) wrote there.  The chief
that decides to stop sets the ``signal_early_stopping/STOP`` variable, which other workers watch.
"""
from __future__ import annotations

import collections
import logging
import operator
import os
from typing import Any, Callable

import tensorflow as tf

from tfcompat.estimator import Estimator

_log = logging.getLogger("tfcompat.estimator")
_V1 = tf.compat.v1
_EVENT_FILE_GLOB_PATTERN = "events.out.tfevents.*"


def _summaries(eval_dir: str) -> Any:
    """Every event in ``eval_dir``'s event files; a corrupt file's tail is skipped with a warning."""
    if not tf.io.gfile.exists(eval_dir):
        return
    for event_file in tf.io.gfile.glob(os.path.join(eval_dir, _EVENT_FILE_GLOB_PATTERN)):
        try:
            yield from _V1.train.summary_iterator(event_file)
        except tf.errors.DataLossError as error:
            _log.warning("Skipping rest of the file due to encountering data corruption error; file path: %s; "
                         "error: %s", event_file, error)


def read_eval_metrics(eval_dir: str) -> "collections.OrderedDict[int, dict[str, float]]":
    """The scalar metrics in ``eval_dir``'s event files: global step to ``{metric name: value}``, by step."""
    by_step: dict[int, dict[str, float]] = collections.defaultdict(dict)
    for event in _summaries(eval_dir):
        if not event.HasField("summary"):
            continue
        metrics = {value.tag: value.simple_value for value in event.summary.value if value.HasField("simple_value")}
        if metrics:
            by_step[event.step].update(metrics)
    return collections.OrderedDict(sorted(by_step.items()))


def _get_or_create_stop_var() -> Any:
    with _V1.variable_scope("signal_early_stopping", values=[], reuse=_V1.AUTO_REUSE):
        return _V1.get_variable("STOP", shape=[], dtype=tf.bool, initializer=_V1.constant_initializer(False),
                                collections=[_V1.GraphKeys.GLOBAL_VARIABLES], trainable=False)


class _StopOnPredicateHook(_V1.train.SessionRunHook):
    """Asks ``should_stop_fn`` every ``run_every_secs`` or ``run_every_steps``; on True sets STOP and stops."""

    def __init__(self, should_stop_fn: Callable[[], bool], run_every_secs: float | None = 60,
                 run_every_steps: int | None = None) -> None:
        if not callable(should_stop_fn):
            raise TypeError("`should_stop_fn` must be callable.")
        self._should_stop_fn = should_stop_fn
        self._timer = _V1.train.SecondOrStepTimer(every_secs=run_every_secs, every_steps=run_every_steps)

    def begin(self) -> None:
        self._global_step_tensor = _V1.train.get_global_step()
        self._stop_var = _get_or_create_stop_var()
        self._stop_op = _V1.assign(self._stop_var, True)

    def before_run(self, run_context: Any) -> Any:
        return _V1.train.SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        global_step = run_values.results
        if self._timer.should_trigger_for_step(global_step):
            self._timer.update_last_triggered_step(global_step)
            if self._should_stop_fn():
                _log.info("Requesting early stopping at global step %d", global_step)
                run_context.session.run(self._stop_op)
                run_context.request_stop()


class _CheckForStoppingHook(_V1.train.SessionRunHook):
    """A non-chief worker's hook: stops once the chief has set the STOP variable."""

    def begin(self) -> None:
        self._stop_var = _get_or_create_stop_var()

    def before_run(self, run_context: Any) -> Any:
        return _V1.train.SessionRunArgs(self._stop_var)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        if run_values.results:
            _log.info("Early stopping requested, suspending run.")
            run_context.request_stop()


def make_early_stopping_hook(estimator: Estimator, should_stop_fn: Callable[[], bool],
                             run_every_secs: float | None = 60,
                             run_every_steps: int | None = None) -> _V1.train.SessionRunHook:
    """A hook that stops training when ``should_stop_fn()`` returns True (asked every secs or steps)."""
    if not isinstance(estimator, Estimator):
        raise TypeError(f"`estimator` must have type `tf.estimator.Estimator`. Got: {type(estimator)}")
    if run_every_secs is not None and run_every_steps is not None:
        raise ValueError("Only one of `run_every_secs` and `run_every_steps` must be set.")
    if estimator.config.is_chief:
        return _StopOnPredicateHook(should_stop_fn, run_every_secs, run_every_steps)
    return _CheckForStoppingHook()


def _threshold_hook(estimator: Estimator, metric_name: str, threshold: float, higher_is_better: bool,
                    eval_dir: str | None, min_steps: int, run_every_secs: float | None,
                    run_every_steps: int | None) -> _V1.train.SessionRunHook:
    eval_dir = estimator.eval_dir() if eval_dir is None else eval_dir
    is_lhs_better = operator.gt if higher_is_better else operator.lt

    def stop_if_threshold_crossed() -> bool:
        for step, metrics in read_eval_metrics(eval_dir).items():
            if step < min_steps:
                continue
            value = metrics[metric_name]
            if is_lhs_better(value, threshold):
                _log.info('At step %s, metric "%s" has value %s which is %s the configured threshold (%s) for '
                          "early stopping.", step, metric_name, value,
                          "greater than" if higher_is_better else "less than", threshold)
                return True
        return False

    return make_early_stopping_hook(estimator, stop_if_threshold_crossed, run_every_secs, run_every_steps)


def _no_improvement_hook(estimator: Estimator, metric_name: str, max_steps_without_improvement: int,
                         higher_is_better: bool, eval_dir: str | None, min_steps: int,
                         run_every_secs: float | None, run_every_steps: int | None) -> _V1.train.SessionRunHook:
    eval_dir = estimator.eval_dir() if eval_dir is None else eval_dir
    is_lhs_better = operator.gt if higher_is_better else operator.lt

    def stop_if_no_improvement() -> bool:
        best_value, best_step = None, 0
        for step, metrics in read_eval_metrics(eval_dir).items():
            if step < min_steps:
                continue
            value = metrics[metric_name]
            if best_value is None or is_lhs_better(value, best_value):
                best_value, best_step = value, step
            if step - best_step >= max_steps_without_improvement:
                _log.info('No %s in metric "%s" for %s steps, which is greater than or equal to max steps (%s) '
                          "configured for early stopping.", "increase" if higher_is_better else "decrease",
                          metric_name, step - best_step, max_steps_without_improvement)
                return True
        return False

    return make_early_stopping_hook(estimator, stop_if_no_improvement, run_every_secs, run_every_steps)


def stop_if_higher_hook(estimator: Estimator, metric_name: str, threshold: float, eval_dir: str | None = None,
                        min_steps: int = 0, run_every_secs: float | None = 60,
                        run_every_steps: int | None = None) -> _V1.train.SessionRunHook:
    """Stops training once an evaluation at step >= ``min_steps`` has ``metric_name`` above ``threshold``."""
    return _threshold_hook(estimator, metric_name, threshold, True, eval_dir, min_steps, run_every_secs,
                           run_every_steps)


def stop_if_lower_hook(estimator: Estimator, metric_name: str, threshold: float, eval_dir: str | None = None,
                       min_steps: int = 0, run_every_secs: float | None = 60,
                       run_every_steps: int | None = None) -> _V1.train.SessionRunHook:
    """Stops training once an evaluation at step >= ``min_steps`` has ``metric_name`` below ``threshold``."""
    return _threshold_hook(estimator, metric_name, threshold, False, eval_dir, min_steps, run_every_secs,
                           run_every_steps)


def stop_if_no_increase_hook(estimator: Estimator, metric_name: str, max_steps_without_increase: int,
                             eval_dir: str | None = None, min_steps: int = 0, run_every_secs: float | None = 60,
                             run_every_steps: int | None = None) -> _V1.train.SessionRunHook:
    """Stops training when ``metric_name`` has not risen for ``max_steps_without_increase`` global steps."""
    return _no_improvement_hook(estimator, metric_name, max_steps_without_increase, True, eval_dir, min_steps,
                                run_every_secs, run_every_steps)


def stop_if_no_decrease_hook(estimator: Estimator, metric_name: str, max_steps_without_decrease: int,
                             eval_dir: str | None = None, min_steps: int = 0, run_every_secs: float | None = 60,
                             run_every_steps: int | None = None) -> _V1.train.SessionRunHook:
    """Stops training when ``metric_name`` has not fallen for ``max_steps_without_decrease`` global steps."""
    return _no_improvement_hook(estimator, metric_name, max_steps_without_decrease, False, eval_dir, min_steps,
                                run_every_secs, run_every_steps)
