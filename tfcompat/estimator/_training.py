"""``TrainSpec`` / ``EvalSpec`` / ``train_and_evaluate``, locally or as one task of a ``TF_CONFIG`` cluster.

Locally (TF 1.15's ``run_local``), training runs to ``TrainSpec.max_steps``; after every checkpoint save
(except the first, the untrained model) an evaluation runs if ``throttle_secs`` have passed since the last
one, and a final evaluation runs at the end when the last step was not evaluated.  Each evaluation runs the
``EvalSpec``'s exporters.

In a cluster (TF 1.15's between-graph replication) each task does its part: a ``ps`` task serves variables
until it is killed, the ``chief`` and the ``worker`` tasks start their server and train on it (workers after
TF 1.15's staggered delay, the chief writing the checkpoints), a legacy ``master`` also evaluates as the
local loop does, and the ``evaluator`` evaluates each new checkpoint until one reaches ``max_steps``.
"""
from __future__ import annotations

import collections
import logging
import os
import time
from typing import Any, Callable

import tensorflow as tf

from tfcompat.estimator import _cluster
from tfcompat.estimator._estimator import Estimator
from tfcompat.estimator._exporter import Exporter
from tfcompat.estimator._model_fn import checked_hooks

_log = logging.getLogger("tfcompat.estimator")


class TrainSpec(collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks"])):
    """The training half of ``train_and_evaluate``."""

    def __new__(cls, input_fn: Callable, max_steps: int | None = None, hooks: Any = None) -> "TrainSpec":
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        return super().__new__(cls, input_fn, max_steps, checked_hooks(hooks))


def _exporters(exporters: Any) -> tuple:
    """TF 1.15's checks: one Exporter or an iterable of them, with unique non-empty string names."""
    if not exporters:
        return ()
    if isinstance(exporters, Exporter):
        exporters = [exporters]
    try:
        exporters = list(exporters)
    except TypeError:
        exporters = [exporters]
    names = []
    for exporter in exporters:
        if not isinstance(exporter, Exporter):
            raise TypeError(f"`exporters` must be an Exporter, an iterable of Exporter, or `None`, found {exporters}.")
        if not exporter.name:
            raise ValueError(f"An Exporter cannot have a name that is `None` or empty. All exporter names: "
                             f"{[e.name for e in exporters]}")
        if not isinstance(exporter.name, str):
            raise ValueError(f"An Exporter must have a string name. Given: {type(exporter.name)}")
        if exporter.name in names:
            raise ValueError(f"`exporters` must have unique names. All exporter names: {[e.name for e in exporters]}")
        names.append(exporter.name)
    return tuple(exporters)


class EvalSpec(collections.namedtuple("EvalSpec", ["input_fn", "steps", "name", "hooks", "exporters",
                                                   "start_delay_secs", "throttle_secs"])):
    """The evaluation half of ``train_and_evaluate``; ``exporters`` run after each evaluation."""

    def __new__(cls, input_fn: Callable, steps: int | None = 100, name: str | None = None, hooks: Any = None,
                exporters: Any = None, start_delay_secs: int = 120, throttle_secs: int = 600) -> "EvalSpec":
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"`name` must be string, given: {name}")
        if start_delay_secs < 0:
            raise ValueError(f"Must specify start_delay_secs >= 0, given: {start_delay_secs}")
        if throttle_secs < 0:
            raise ValueError(f"Must specify throttle_secs >= 0, given: {throttle_secs}")
        return super().__new__(cls, input_fn, steps, name, checked_hooks(hooks), _exporters(exporters),
                               start_delay_secs, throttle_secs)


def _is_final(result: dict, max_steps: int | None) -> bool:
    return max_steps is not None and result[tf.compat.v1.GraphKeys.GLOBAL_STEP] >= max_steps


def _evaluate_and_export(estimator: Estimator, spec: EvalSpec, max_steps: int | None,
                         checkpoint_path: str | None) -> tuple[dict, list]:
    """Evaluates ``checkpoint_path`` and runs the exporters (the final export once it reached ``max_steps``)."""
    result = estimator.evaluate(spec.input_fn, steps=spec.steps, hooks=spec.hooks, checkpoint_path=checkpoint_path,
                                name=spec.name)
    export_dir_base = os.path.join(estimator.model_dir, "export")
    return result, [exporter.export(estimator, os.path.join(export_dir_base, exporter.name), checkpoint_path, result,
                                    _is_final(result, max_steps))
                    for exporter in spec.exporters]


class _EvaluateAfterSave(tf.compat.v1.train.CheckpointSaverListener):
    """Evaluates each new checkpoint, at most once per ``throttle_secs``, and the last step at the end."""

    def __init__(self, estimator: Estimator, eval_spec: EvalSpec, max_steps: int | None) -> None:
        self._estimator = estimator
        self._spec = eval_spec
        self._max_steps = max_steps
        self._first = True
        self._last_time: float | None = None
        self._last_step: int | None = None
        self.result: dict | None = None
        self.export_results: list = []

    def _evaluate(self, step: int) -> None:
        self.result, self.export_results = _evaluate_and_export(
            self._estimator, self._spec, self._max_steps, self._estimator.latest_checkpoint())
        self._last_time, self._last_step = time.time(), step

    def after_save(self, session: Any, global_step_value: int) -> None:
        if self._first:  # the save at session creation holds the untrained model
            self._first = False
            return
        if self._last_time is None or time.time() - self._last_time >= self._spec.throttle_secs:
            self._evaluate(global_step_value)
        else:
            _log.info("Skip the current checkpoint eval due to throttle secs (%s secs).", self._spec.throttle_secs)

    def end(self, session: Any, global_step_value: int) -> None:
        if global_step_value != self._last_step:
            self._evaluate(global_step_value)


def train_and_evaluate(estimator: Estimator, train_spec: TrainSpec,
                       eval_spec: EvalSpec) -> tuple[dict | None, list] | None:
    """Trains and evaluates as the config's task: locally, returns the last evaluation and export results."""
    if not isinstance(estimator, Estimator):
        raise TypeError(f"`estimator` must have type `tf.estimator.Estimator`, given {type(estimator)}")
    if not isinstance(train_spec, TrainSpec):
        raise TypeError(f"`train_spec` must have type `tf.estimator.TrainSpec`, given {type(train_spec)}")
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError(f"`eval_spec` must have type `tf.estimator.EvalSpec`, given {type(eval_spec)}")
    config = estimator.config
    if config.task_type == _cluster.EVALUATOR and config.task_id > 0:
        raise ValueError("For distributed training, there can only be one `evaluator` task (with task id 0).  "
                         f"Given task id {config.task_id}")
    if not config.cluster_spec and config.task_type != _cluster.EVALUATOR:
        return _run_local(estimator, train_spec, eval_spec)
    run = _TASKS.get(config.task_type)
    if run is None:
        raise ValueError(f"Task type {config.task_type} is not supported. Supported task types are {sorted(_TASKS)}")
    run(estimator, train_spec, eval_spec)
    return None  # TF 1.15 left the result of a cluster task undefined.


def _run_local(estimator: Estimator, train_spec: TrainSpec, eval_spec: EvalSpec) -> tuple[dict | None, list]:
    listener = _EvaluateAfterSave(estimator, eval_spec, train_spec.max_steps)
    estimator.train(train_spec.input_fn, hooks=list(train_spec.hooks), max_steps=train_spec.max_steps,
                    saving_listeners=[listener])
    return listener.result, listener.export_results


def _train_in_cluster(estimator: Estimator, train_spec: TrainSpec, listeners: list) -> None:
    """Starts this task's server first (the others wait for it), then trains on it after the worker delay."""
    config = estimator.config
    server = _cluster.start_server(config)
    delay = _cluster.worker_delay_secs(config)
    if delay > 0:
        _log.info("Waiting %d secs before starting training.", delay)
        time.sleep(delay)
    estimator.train(train_spec.input_fn, hooks=list(train_spec.hooks), max_steps=train_spec.max_steps,
                    saving_listeners=listeners)
    del server  # served this task's part of the graph until training ended


def _run_trainer(estimator: Estimator, train_spec: TrainSpec, eval_spec: EvalSpec) -> None:
    _train_in_cluster(estimator, train_spec, [])


def _run_master(estimator: Estimator, train_spec: TrainSpec, eval_spec: EvalSpec) -> None:
    _train_in_cluster(estimator, train_spec, [_EvaluateAfterSave(estimator, eval_spec, train_spec.max_steps)])


def _run_ps(estimator: Estimator, train_spec: TrainSpec, eval_spec: EvalSpec) -> None:
    _cluster.start_server(estimator.config).join()


def _run_evaluator(estimator: Estimator, train_spec: TrainSpec, eval_spec: EvalSpec) -> None:
    """Evaluates (and exports) each new checkpoint, at most once per ``throttle_secs``, until ``max_steps``."""
    if eval_spec.start_delay_secs:
        _log.info("Waiting %f secs before starting eval.", eval_spec.start_delay_secs)
        time.sleep(eval_spec.start_delay_secs)
    evaluated, last_warning = None, 0.0
    while True:
        start = time.time()
        latest = estimator.latest_checkpoint()
        if latest and latest != evaluated:
            result, _ = _evaluate_and_export(estimator, eval_spec, train_spec.max_steps, latest)
            evaluated, last_warning = latest, 0.0
            if _is_final(result, train_spec.max_steps):
                _log.info("Exiting evaluation, global_step=%s >= train max_steps=%s",
                          result[tf.compat.v1.GraphKeys.GLOBAL_STEP], train_spec.max_steps)
                return
        elif start - last_warning > 600:  # TF 1.15 repeated this every 10 minutes
            _log.warning("Estimator is not trained yet. Will start an evaluation when a checkpoint is ready."
                         if not latest else "No new checkpoint ready for evaluation. Skip the current evaluation "
                         "pass as evaluation results are expected to be same for the same checkpoint.")
            last_warning = start
        time.sleep(max(0.0, eval_spec.throttle_secs - (time.time() - start)))


_TASKS: dict[str, Callable[[Estimator, TrainSpec, EvalSpec], None]] = {
    _cluster.CHIEF: _run_trainer, _cluster.WORKER: _run_trainer, _cluster.MASTER: _run_master,
    _cluster.PS: _run_ps, _cluster.EVALUATOR: _run_evaluator}
