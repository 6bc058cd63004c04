"""``TrainSpec`` / ``EvalSpec`` / ``train_and_evaluate`` for a local run (TF 1.15's ``run_local`` loop).

Training runs to ``TrainSpec.max_steps``; after every checkpoint save (except the first, the untrained
model) an evaluation runs if ``throttle_secs`` have passed since the last one, and a final evaluation runs
at the end when the last step was not evaluated.  Each evaluation runs the ``EvalSpec``'s exporters.
"""
from __future__ import annotations

import collections
import logging
import os
import time
from typing import Any, Callable

import tensorflow as tf

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
        spec, estimator = self._spec, self._estimator
        checkpoint_path = estimator.latest_checkpoint()
        self.result = estimator.evaluate(spec.input_fn, steps=spec.steps, hooks=spec.hooks,
                                         checkpoint_path=checkpoint_path, name=spec.name)
        self._last_time, self._last_step = time.time(), step
        is_final = self._max_steps is not None and self.result[tf.compat.v1.GraphKeys.GLOBAL_STEP] >= self._max_steps
        export_dir_base = os.path.join(estimator.model_dir, "export")
        self.export_results = [
            exporter.export(estimator, os.path.join(export_dir_base, exporter.name), checkpoint_path, self.result,
                            is_final)
            for exporter in spec.exporters]

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


def train_and_evaluate(estimator: Estimator, train_spec: TrainSpec, eval_spec: EvalSpec) -> tuple[dict | None, list]:
    """Trains to ``train_spec.max_steps``, evaluating and exporting along the way; returns the last of each."""
    if not isinstance(estimator, Estimator):
        raise TypeError(f"`estimator` must have type `tf.estimator.Estimator`, given {type(estimator)}")
    if not isinstance(train_spec, TrainSpec):
        raise TypeError(f"`train_spec` must have type `tf.estimator.TrainSpec`, given {type(train_spec)}")
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError(f"`eval_spec` must have type `tf.estimator.EvalSpec`, given {type(eval_spec)}")
    listener = _EvaluateAfterSave(estimator, eval_spec, train_spec.max_steps)
    estimator.train(train_spec.input_fn, hooks=list(train_spec.hooks), max_steps=train_spec.max_steps,
                    saving_listeners=[listener])
    return listener.result, listener.export_results
