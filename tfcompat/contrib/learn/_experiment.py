"""``tf.contrib.learn.Experiment`` for a ``tf.estimator.Estimator``, run in this process (TF 1.15 behaviour).

``train`` / ``evaluate`` / ``train_and_evaluate`` / ``continuous_train_and_eval`` / ``continuous_eval`` /
``test`` / ``local_run``.  ``train_and_evaluate`` evaluates a new checkpoint at most every ``min_eval_frequency`` steps
while training (TF 1.15's ValidationMonitor, as a hook), then evaluates and exports at the end.  The
``run_std_server`` schedule is left out: tfcompat's learn runner runs locally.
"""
from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
import time
from typing import Any, Callable, Iterator

import tensorflow as tf

from tfcompat.contrib.learn._export_strategy import ExportStrategy
from tfcompat.estimator import Estimator
from tfcompat.estimator._estimator import fn_args

_log = logging.getLogger("tfcompat.estimator")
_V1 = tf.compat.v1


class _ValidationHook(_V1.train.SessionRunHook):
    """Evaluates the newest checkpoint every ``every_n_steps`` steps, at most once per ``check_interval_secs``
    and never the same checkpoint twice: TF 1.15's ``ValidationMonitor`` as ``Experiment`` set it up."""

    def __init__(self, estimator: Estimator, evaluate: Callable[[], dict], every_n_steps: int,
                 check_interval_secs: float) -> None:
        self._estimator = estimator
        self._evaluate = evaluate
        self._every_n_steps = every_n_steps
        self._check_interval_secs = check_interval_secs
        self._last_active_step = 0
        self._last_check_time: float | None = None
        self._latest_path: str | None = None

    def begin(self) -> None:
        self._global_step = _V1.train.get_global_step()

    def before_run(self, run_context: Any) -> Any:
        return _V1.train.SessionRunArgs(self._global_step)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        step = int(run_values.results) + 1
        if step < self._last_active_step + self._every_n_steps:
            return
        self._last_active_step = step
        now = time.time()
        if self._last_check_time is not None and now - self._last_check_time <= self._check_interval_secs:
            return
        self._last_check_time = now
        latest_path = self._estimator.latest_checkpoint()
        if latest_path is None or latest_path == self._latest_path:
            return
        self._latest_path = latest_path
        self._evaluate()


class _EvalAndExportListener(_V1.train.CheckpointSaverListener):
    """After each checkpoint save: evaluate the new checkpoint, then export it (``checkpoint_and_export``)."""

    def __init__(self, eval_fn: Callable, export_fn: Callable, model_dir: str) -> None:
        self._eval_fn = eval_fn
        self._export_fn = export_fn
        self._model_dir = model_dir
        self._latest_path: str | None = None
        self.eval_result: dict | None = None
        self.export_results: list | None = None

    def after_save(self, session: Any, global_step_value: int) -> None:
        latest_path = _V1.train.latest_checkpoint(self._model_dir)
        if not latest_path:
            _log.warning("Skipping evaluation and export since model has not been saved yet.")
        elif latest_path == self._latest_path:
            _log.warning("Skipping evaluation due to same latest checkpoint %s.", latest_path)
        else:
            self._latest_path = latest_path
            self.eval_result = self._eval_fn(name="intermediate_export", checkpoint_path=latest_path)
            self.export_results = self._export_fn(self.eval_result, checkpoint_path=latest_path)


def _export_strategies(values: Any) -> tuple[ExportStrategy, ...]:
    if not values:
        return ()
    if isinstance(values, ExportStrategy):
        return (values,)
    for value in values:
        if not isinstance(value, ExportStrategy):
            raise ValueError(f"`export_strategies` must be an ExportStrategy, an iterable of ExportStrategy, or "
                             f"`None`, found {value}.")
    return tuple(values)


def _standardized_predicate(predicate_fn: Callable | None) -> Callable | None:
    """``predicate_fn`` taking ``(eval_results, checkpoint_path=...)``, whichever of the two forms it has."""
    if predicate_fn is None:
        return None
    if not callable(predicate_fn):
        raise ValueError("`continuous_eval_predicate_fn` must be a callable, or None.")
    if "checkpoint_path" in fn_args(predicate_fn):
        return predicate_fn
    return lambda eval_results, checkpoint_path: predicate_fn(eval_results)


@contextlib.contextmanager
def _restored(obj: Any, attr: str) -> Iterator[None]:
    saved = getattr(obj, attr)
    try:
        yield
    finally:
        setattr(obj, attr, saved)


class Experiment:
    """What one training run needs (estimator, input fns, steps, hooks, export strategies) and its schedules."""

    def __init__(self, estimator: Estimator, train_input_fn: Callable, eval_input_fn: Callable,
                 eval_metrics: Any = None, train_steps: int | None = None, eval_steps: int | None = 100,
                 train_monitors: list | None = None, eval_hooks: list | None = None,
                 local_eval_frequency: int | None = None, eval_delay_secs: float = 120,
                 continuous_eval_throttle_secs: float = 60, min_eval_frequency: int | None = None,
                 delay_workers_by_global_step: bool = False, export_strategies: Any = None,
                 train_steps_per_iteration: int | None = None, checkpoint_and_export: bool = False,
                 saving_listeners: list | None = None, check_interval_secs: float = 5) -> None:
        if not isinstance(estimator, Estimator):
            raise ValueError("`estimator` must implement `tf.contrib.learn.Evaluable` or `tf.estimator.Estimator` "
                             "(tfcompat runs tf.estimator.Estimator instances).")
        if eval_metrics is not None:
            raise ValueError("`eval_metrics` must be `None` with `tf.estimator.Estimator`. Use `eval_metric_ops` "
                             "in `tf.estimator.EstimatorSpec` instead.")
        if train_steps_per_iteration is not None and not isinstance(train_steps_per_iteration, int):
            raise ValueError("`train_steps_per_iteration` must be an integer.")
        self._estimator = estimator
        self._train_input_fn = train_input_fn
        self._eval_input_fn = eval_input_fn
        self._train_steps = train_steps
        self._eval_steps = eval_steps
        self._local_eval_frequency = local_eval_frequency
        self._eval_delay_secs = eval_delay_secs
        self._continuous_eval_throttle_secs = continuous_eval_throttle_secs
        self._checkpoint_and_export = checkpoint_and_export
        self._saving_listeners = saving_listeners
        self._min_eval_frequency = 1 if min_eval_frequency is None else min_eval_frequency
        self._check_interval_secs = check_interval_secs
        self._delay_workers_by_global_step = delay_workers_by_global_step
        self._train_monitors = list(train_monitors or [])
        self._eval_hooks = list(eval_hooks or [])
        self._export_strategies = _export_strategies(export_strategies)
        self._train_steps_per_iteration = train_steps_per_iteration

    estimator = property(lambda self: self._estimator)
    eval_metrics = property(lambda self: None)
    train_steps = property(lambda self: self._train_steps)
    eval_steps = property(lambda self: self._eval_steps)

    def extend_train_hooks(self, additional_hooks: list) -> None:
        """Adds hooks to the training hooks."""
        self._train_monitors.extend(additional_hooks)

    def reset_export_strategies(self, new_export_strategies: Any = None) -> tuple[ExportStrategy, ...]:
        """Replaces the export strategies; returns the old ones."""
        old = self._export_strategies
        self._export_strategies = _export_strategies(new_export_strategies)
        return old

    def _call_train(self, input_fn: Callable, steps: int | None = None, max_steps: int | None = None,
                    hooks: list | None = None) -> Estimator:
        return self._estimator.train(input_fn, hooks=hooks, steps=steps, max_steps=max_steps,
                                     saving_listeners=self._saving_listeners)

    def _call_evaluate(self, input_fn: Callable, steps: int | None, name: str | None,
                       checkpoint_path: str | None = None, hooks: list | None = None) -> dict:
        return self._estimator.evaluate(input_fn, steps=steps, hooks=hooks, checkpoint_path=checkpoint_path,
                                        name=name)

    def train(self, delay_secs: float | None = None) -> Estimator:
        """Trains to ``train_steps`` (forever when None) after ``delay_secs`` (task_id * 5 s, at most 60)."""
        extra_hooks = []
        if delay_secs is None:
            task_id = self._estimator.config.task_id or 0
            if self._delay_workers_by_global_step:
                extra_hooks.append(_V1.train.GlobalStepWaiterHook(int(8000.0 * math.log(task_id + 1))))
                delay_secs = 0
            else:
                delay_secs = min(60, task_id * 5)
        if delay_secs > 0:
            _log.info("Waiting %d secs before starting training.", delay_secs)
            time.sleep(delay_secs)
        return self._call_train(self._train_input_fn, max_steps=self._train_steps,
                                hooks=self._train_monitors + extra_hooks)

    def evaluate(self, delay_secs: float | None = None, name: str | None = None) -> dict:
        """Evaluates ``eval_steps`` batches (``eval_one_pass``) after ``delay_secs`` (default eval_delay_secs)."""
        delay_secs = self._eval_delay_secs if delay_secs is None else delay_secs
        if delay_secs:
            _log.info("Waiting %d secs before starting eval.", delay_secs)
            time.sleep(delay_secs)
        return self._call_evaluate(self._eval_input_fn, self._eval_steps, name or "one_pass",
                                   hooks=self._eval_hooks)

    def local_run(self) -> tuple[dict | None, list]:
        """``train_and_evaluate`` with ``local_eval_frequency`` as ``min_eval_frequency`` (deprecated in TF 1.x)."""
        with _restored(self, "_min_eval_frequency"):
            self._min_eval_frequency = self._local_eval_frequency
            return self.train_and_evaluate()

    def train_and_evaluate(self) -> tuple[dict | None, list]:
        """Trains (evaluating new checkpoints along the way), then evaluates and exports; returns both results."""
        with _restored(self, "_train_monitors"):
            self._train_monitors = list(self._train_monitors)
            config = self._estimator.config
            intermediate_export = self._checkpoint_and_export and (config.save_checkpoints_secs
                                                                   or config.save_checkpoints_steps)
            if intermediate_export:
                eval_fn = functools.partial(self._call_evaluate, self._eval_input_fn, self._eval_steps,
                                            hooks=self._eval_hooks)
                listener = _EvalAndExportListener(eval_fn, self._maybe_export, self._estimator.model_dir)
                self._train_monitors.append(_V1.train.CheckpointSaverHook(
                    self._estimator.model_dir, save_secs=config.save_checkpoints_secs,
                    save_steps=config.save_checkpoints_steps, listeners=[listener]))
            elif self._min_eval_frequency:
                self._train_monitors.append(_ValidationHook(
                    self._estimator, functools.partial(self._call_evaluate, self._eval_input_fn, self._eval_steps,
                                                       None, hooks=self._eval_hooks),
                    self._min_eval_frequency, self._check_interval_secs))
            self.train(delay_secs=0)
        if intermediate_export:
            return listener.eval_result, listener.export_results
        eval_result = self._call_evaluate(self._eval_input_fn, self._eval_steps, None, hooks=self._eval_hooks)
        return eval_result, self._maybe_export(eval_result)

    def _continuous_eval(self, input_fn: Callable, name: str, delay_secs: float | None,
                         throttle_delay_secs: float | None, evaluate_checkpoint_only_once: bool = True,
                         continuous_eval_predicate_fn: Callable | None = None, export: bool = True) -> None:
        """Evaluates each new checkpoint (at most one evaluation per ``throttle_delay_secs``) until the predicate
        returns False or an evaluation reaches ``train_steps``; forever when neither is set."""
        predicate = _standardized_predicate(continuous_eval_predicate_fn)
        delay_secs = self._eval_delay_secs if delay_secs is None else delay_secs
        throttle = self._continuous_eval_throttle_secs if throttle_delay_secs is None else throttle_delay_secs
        if delay_secs:
            _log.info("Waiting %f secs before starting eval.", delay_secs)
            time.sleep(delay_secs)
        previous_path, eval_result, last_warning = None, None, 0.0
        while not predicate or predicate(eval_result, checkpoint_path=previous_path):
            if self._has_training_stopped(eval_result):
                _log.info("Exiting continuous eval, global_step=%s >= train_step=%s",
                          eval_result[_V1.GraphKeys.GLOBAL_STEP], self._train_steps)
                return
            start = time.time()
            latest_path = self._estimator.latest_checkpoint()
            if not latest_path or (evaluate_checkpoint_only_once and latest_path == previous_path):
                eval_result = {}
                if time.time() - last_warning > 600:
                    _log.warning("Estimator is not fitted yet. Will start an evaluation when a checkpoint is ready."
                                 if not latest_path else "No new checkpoint ready for evaluation.")
                    last_warning = time.time()
            else:
                eval_result = self._call_evaluate(input_fn, self._eval_steps, name, checkpoint_path=latest_path,
                                                  hooks=self._eval_hooks) or {}
                if export:
                    self._maybe_export(eval_result, checkpoint_path=latest_path)
                last_warning, previous_path = 0.0, latest_path
            duration = time.time() - start
            if duration < throttle:
                time.sleep(throttle - duration)

    def continuous_eval(self, delay_secs: float | None = None, throttle_delay_secs: float | None = None,
                        evaluate_checkpoint_only_once: bool = True,
                        continuous_eval_predicate_fn: Callable | None = None, name: str = "continuous") -> None:
        """Evaluates (into ``eval_continuous``) and exports each new checkpoint another process writes."""
        self._continuous_eval(self._eval_input_fn, name, delay_secs, throttle_delay_secs,
                              evaluate_checkpoint_only_once, continuous_eval_predicate_fn)

    def continuous_eval_on_train_data(self, delay_secs: float | None = None, throttle_delay_secs: float | None = None,
                                      continuous_eval_predicate_fn: Callable | None = None,
                                      name: str = "continuous_on_train_data") -> None:
        """``continuous_eval`` on the training input, without exports."""
        self._continuous_eval(self._train_input_fn, name, delay_secs, throttle_delay_secs,
                              continuous_eval_predicate_fn=continuous_eval_predicate_fn, export=False)

    def _has_training_stopped(self, eval_result: dict | None) -> bool:
        if not eval_result:
            return False
        global_step = eval_result.get(_V1.GraphKeys.GLOBAL_STEP)
        return bool(global_step and self._train_steps and global_step >= self._train_steps)

    def continuous_train_and_eval(self, continuous_eval_predicate_fn: Callable | None = None
                                  ) -> tuple[dict | None, list | None]:
        """Alternates ``train_steps_per_iteration`` training steps (default train_steps / 10, else 1000) and an
        evaluation plus export, until ``train_steps`` or until the predicate returns False."""
        predicate = _standardized_predicate(continuous_eval_predicate_fn)
        steps = self._train_steps_per_iteration
        if steps is None:
            steps = int(self._train_steps / 10) if self._train_steps is not None else 1000
        eval_result, export_results, latest = None, None, None
        while not predicate or predicate(eval_result, checkpoint_path=latest if eval_result else None):
            if self._has_training_stopped(eval_result):
                _log.info("Stop training model as max steps reached")
                break
            self._call_train(self._train_input_fn, steps=steps, hooks=self._train_monitors)
            latest = self._estimator.latest_checkpoint()
            eval_result = self._call_evaluate(self._eval_input_fn, self._eval_steps, "one_pass",
                                              checkpoint_path=latest, hooks=self._eval_hooks)
            export_results = self._maybe_export(eval_result)
        return eval_result, export_results

    def _maybe_export(self, eval_result: dict | None, checkpoint_path: str | None = None) -> list:
        export_dir_base = os.path.join(os.fsencode(self._estimator.model_dir), b"export")
        return [strategy.export(self._estimator, os.path.join(export_dir_base, os.fsencode(strategy.name)),
                                checkpoint_path=checkpoint_path, eval_result=eval_result)
                for strategy in self._export_strategies]

    def test(self) -> dict:
        """Trains one step, evaluates one batch (``eval_one_pass``) and exports; returns the evaluation."""
        self._call_train(self._train_input_fn, steps=1, hooks=self._train_monitors)
        eval_result = self._call_evaluate(self._eval_input_fn, 1, "one_pass")
        self._maybe_export(eval_result)
        return eval_result
