"""``tf.contrib.learn.learn_runner.run``: build an ``Experiment`` with ``experiment_fn`` and run a schedule."""
from __future__ import annotations

import logging
from typing import Any, Callable

from tfcompat.contrib.learn._experiment import Experiment
from tfcompat.contrib.learn._run_config import RunConfig
from tfcompat.contrib.training import HParams
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

_log = logging.getLogger("tfcompat.estimator")


def _execute_schedule(experiment: Experiment, schedule: str) -> Any:
    """Calls the method of ``experiment`` named ``schedule``."""
    task = getattr(experiment, schedule, None)
    if task is None or not callable(task):
        valid = [name for name in dir(experiment) if not name.startswith("_") and callable(getattr(experiment, name))]
        _log.error("Allowed values for this experiment are: %s", valid)
        if task is None:
            raise ValueError(f"Schedule references non-existent task {schedule}")
        raise TypeError(f"Schedule references non-callable member {schedule}")
    return task()


def _experiment_with_uid_check(experiment_fn: Callable, run_config: Any, hparams: Any) -> Experiment:
    """``experiment_fn(run_config, hparams)``, checked to build its Estimator with that very ``run_config``."""
    if not isinstance(run_config, RunConfig):
        raise ValueError("`run_config` must be `tf.contrib.learn.RunConfig` instance")
    if not run_config.model_dir:
        raise ValueError("Must specify a model directory `model_dir` in `run_config`.")
    if hparams is not None and not isinstance(hparams, HParams):
        raise ValueError("`hparams` must be `HParams` instance")
    expected_uid = run_config.uid()
    experiment = experiment_fn(run_config, hparams)
    if not isinstance(experiment, Experiment):
        raise TypeError(f"Experiment builder did not return an Experiment instance, got {type(experiment)} instead.")
    config = experiment.estimator.config
    if not hasattr(config, "uid"):
        raise RuntimeError("Pass `run_config` argument of the `experiment_fn` to the Estimator in Experiment. It is "
                           "likely a different `RunConfig` is passed to `Estimator` or the `config` constructor "
                           "argument in `Estimator` is not set.")
    if config.uid() != expected_uid:
        raise RuntimeError("`RunConfig` instance is expected to be used by the `Estimator` inside the `Experiment`. "
                           f"expected {expected_uid}, but got {config.uid()}")
    return experiment


def _is_distributed(config: Any) -> bool:
    spec = config.cluster_spec
    return bool(spec) and sum(len(spec.job_tasks(job)) for job in spec.jobs) > 1


def _default_schedule(config: Any) -> str:
    if not config or not _is_distributed(config):
        return "train_and_evaluate"
    raise ValueError("tfcompat runs learn experiments locally: a cluster needs an explicit `schedule`, and "
                     "the distributed schedules are not implemented.")


def run(experiment_fn: Callable, output_dir: str | None = None, schedule: str | None = None,
        run_config: Any = None, hparams: Any = None) -> Any:
    """Makes an Experiment with ``experiment_fn`` and returns what its ``schedule`` method returns.

    ``experiment_fn(run_config, hparams)`` with ``run_config`` (a learn ``RunConfig`` with a model_dir), or the
    deprecated ``experiment_fn(output_dir=...)``.  Locally the schedule defaults to ``train_and_evaluate``.
    """
    if output_dir is not None and run_config is not None:
        raise ValueError("Cannot provide both `output_dir` and `run_config`")
    if output_dir is None and run_config is None:
        raise ValueError("Must set value for `output_dir` or `run_config`")
    if not callable(experiment_fn):
        raise TypeError(f'Experiment builder "{experiment_fn}" is not callable.')
    if run_config is not None:
        experiment = _experiment_with_uid_check(experiment_fn, run_config, hparams)
    else:
        if not output_dir:
            raise ValueError("Must specify an output directory")
        if hparams is not None:
            raise ValueError("Must set `hparams` as None for `experiment_fn` with `output_dir`.")
        experiment = experiment_fn(output_dir=output_dir)
        if not isinstance(experiment, Experiment):
            raise TypeError(f"Experiment builder did not return an Experiment instance, got {type(experiment)} "
                            "instead.")
    schedule = schedule or _default_schedule(run_config or experiment.estimator.config)
    return _execute_schedule(experiment, schedule)


__all__ = exported(__name__)


__getattr__ = left_out(__name__)
