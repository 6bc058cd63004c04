"""``TrainSpec`` / ``EvalSpec`` / ``train_and_evaluate`` for a local run (TF 1.15's ``run_local`` loop).

Training runs to ``TrainSpec.max_steps``; after every checkpoint save (except the first, the untrained
model) an evaluation runs if ``throttle_secs`` have passed since the last one, and a final evaluation runs
at the end when the last step was not evaluated.  Exporters are not implemented here.
"""
from __future__ import annotations

import collections
import logging
import time
from typing import Any, Callable

import tensorflow as tf

from tfcompat.estimator._estimator import Estimator

_log = logging.getLogger("tfcompat.estimator")


def _hooks(hooks: Any) -> tuple:
    hooks = tuple(hooks or ())
    for hook in hooks:
        if not isinstance(hook, tf.compat.v1.train.SessionRunHook):
            raise TypeError(f"All hooks must be SessionRunHook instances, given: {hook}")
    return hooks


class TrainSpec(collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks"])):
    """The training half of ``train_and_evaluate``."""

    def __new__(cls, input_fn: Callable, max_steps: int | None = None, hooks: Any = None) -> "TrainSpec":
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        return super().__new__(cls, input_fn, max_steps, _hooks(hooks))


class EvalSpec(collections.namedtuple("EvalSpec", ["input_fn", "steps", "name", "hooks", "exporters",
                                                   "start_delay_secs", "throttle_secs"])):
    """The evaluation half of ``train_and_evaluate`` (``exporters`` must be empty here)."""

    def __new__(cls, input_fn: Callable, steps: int | None = 100, name: str | None = None, hooks: Any = None,
                exporters: Any = None, start_delay_secs: int = 120, throttle_secs: int = 600) -> "EvalSpec":
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"`name` must be string, given: {name}")
        if exporters:
            raise NotImplementedError("EvalSpec exporters (SavedModel export) are not implemented in "
                                      "tfcompat.estimator yet; drop exporters= and export separately.")
        if start_delay_secs < 0:
            raise ValueError(f"Must specify start_delay_secs >= 0, given: {start_delay_secs}")
        if throttle_secs < 0:
            raise ValueError(f"Must specify throttle_secs >= 0, given: {throttle_secs}")
        return super().__new__(cls, input_fn, steps, name, _hooks(hooks), (), start_delay_secs, throttle_secs)


class _EvaluateAfterSave(tf.compat.v1.train.CheckpointSaverListener):
    """Evaluates each new checkpoint, at most once per ``throttle_secs``, and the last step at the end."""

    def __init__(self, estimator: Estimator, eval_spec: EvalSpec) -> None:
        self._estimator = estimator
        self._spec = eval_spec
        self._first = True
        self._last_time: float | None = None
        self._last_step: int | None = None
        self.result: dict | None = None

    def _evaluate(self, step: int) -> None:
        spec = self._spec
        self.result = self._estimator.evaluate(spec.input_fn, steps=spec.steps, hooks=spec.hooks, name=spec.name)
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


def train_and_evaluate(estimator: Estimator, train_spec: TrainSpec, eval_spec: EvalSpec) -> tuple[dict | None, list]:
    """Trains to ``train_spec.max_steps`` and evaluates along the way; returns (last metrics, export results=[])."""
    if not isinstance(estimator, Estimator):
        raise TypeError(f"`estimator` must have type `tf.estimator.Estimator`, given {type(estimator)}")
    if not isinstance(train_spec, TrainSpec):
        raise TypeError(f"`train_spec` must have type `tf.estimator.TrainSpec`, given {type(train_spec)}")
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError(f"`eval_spec` must have type `tf.estimator.EvalSpec`, given {type(eval_spec)}")
    listener = _EvaluateAfterSave(estimator, eval_spec)
    estimator.train(train_spec.input_fn, hooks=list(train_spec.hooks), max_steps=train_spec.max_steps,
                    saving_listeners=[listener])
    return listener.result, []
