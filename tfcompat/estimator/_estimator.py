"""``Estimator``: TF 1.15's train / evaluate / predict loop on ``tf.compat.v1`` graphs and monitored sessions.

Every call builds a fresh ``tf.Graph``; training goes through ``MonitoredTrainingSession`` with
``model_dir`` as checkpoint directory, so a later call resumes from the latest checkpoint.
"""
from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import logging
import os
import tempfile
from typing import Any, Callable, Iterator

import numpy as np
import tensorflow as tf

from tfcompat.estimator import _cluster, _saved_model
from tfcompat.estimator._model_fn import LOSS_METRIC_KEY, EstimatorSpec, ModeKeys
from tfcompat.estimator._run_config import RunConfig
from tfcompat.estimator._warm_start import WarmStartSettings, warm_start_settings

_log = logging.getLogger("tfcompat.estimator")
_VALID_MODEL_FN_ARGS = frozenset({"features", "labels", "mode", "params", "self", "config"})
_V1 = tf.compat.v1


def fn_args(fn: Callable) -> tuple[str, ...]:
    """The argument names ``fn`` accepts, less those a ``functools.partial`` already binds."""
    bound = set(fn.keywords) if isinstance(fn, functools.partial) else set()
    return tuple(name for name in inspect.signature(fn).parameters if name not in bound)


def _check_hooks(hooks: Any) -> list:
    hooks = list(hooks or [])
    for hook in hooks:
        if not isinstance(hook, _V1.train.SessionRunHook):
            raise TypeError(f"Hooks must be a SessionRunHook, given: {hook}")
    return hooks


def _global_step_in(checkpoint_dir: str) -> int:
    """The global step of the latest checkpoint in ``checkpoint_dir`` (0 without one)."""
    path = _V1.train.latest_checkpoint(checkpoint_dir)
    return int(_V1.train.load_variable(path, _V1.GraphKeys.GLOBAL_STEP)) if path else 0


class _DatasetInitializerHook(_V1.train.SessionRunHook):
    """Runs a dataset iterator's initializer once the session exists."""

    def __init__(self, iterator: Any) -> None:
        self._initializer = iterator.initializer

    def after_create_session(self, session: Any, coord: Any) -> None:
        session.run(self._initializer)


class _StopAfterNEvalsHook(_V1.train.SessionRunHook):
    """Stops an evaluation after ``num_evals`` batches."""

    def __init__(self, num_evals: int) -> None:
        self._num_evals = num_evals
        self._done = 0

    def after_run(self, run_context: Any, run_values: Any) -> None:
        self._done += 1
        if self._done >= self._num_evals:
            run_context.request_stop()


def _write_summaries(output_dir: str, values: dict, global_step: int) -> None:
    """TF 1.15's eval summaries: one scalar per numeric metric, in ``output_dir``'s events file."""
    summary = _V1.Summary()
    for key, value in values.items():
        if key == _V1.GraphKeys.GLOBAL_STEP:
            continue
        if np.ndim(value) == 0 and np.issubdtype(np.asarray(value).dtype, np.number):
            summary.value.add(tag=key, simple_value=float(value))
        else:
            _log.warning("Skipping summary for %s, must be a float or np.float32.", key)
    writer = _V1.summary.FileWriterCache.get(output_dir)
    writer.add_summary(summary, global_step)
    writer.flush()


class Estimator:
    """TF 1.15's ``tf.estimator.Estimator`` for a custom ``model_fn``, locally or as a task of a TF_CONFIG cluster."""

    def __init__(self, model_fn: Callable, model_dir: str | None = None, config: RunConfig | None = None,
                 params: dict | None = None, warm_start_from: str | WarmStartSettings | None = None) -> None:
        if config is None:
            config = RunConfig()
        elif not isinstance(config, RunConfig):
            raise ValueError(f"config must be an instance of `RunConfig`, but provided {config}.")
        model_dir = os.fspath(model_dir) if model_dir is not None else None
        if model_dir and config.model_dir and model_dir != config.model_dir:
            raise ValueError("model_dir are set both in constructor and RunConfig, but with different values. "
                             f"In constructor: '{model_dir}', in RunConfig: '{config.model_dir}'.")
        model_dir = model_dir or config.model_dir
        if model_dir is None:
            model_dir = tempfile.mkdtemp()
            _log.warning("Using temporary folder as model directory: %s", model_dir)
        self._config = config if config.model_dir == model_dir else config.replace(model_dir=model_dir)
        self._model_dir = model_dir
        self._session_config = config.session_config or _V1.ConfigProto(allow_soft_placement=True)
        _verify_model_fn_args(model_fn, params)
        self._model_fn = model_fn
        self._params = copy.deepcopy(params or {})
        self._warm_start_settings = warm_start_settings(warm_start_from)

    model_dir = property(lambda self: self._model_dir)
    config = property(lambda self: copy.deepcopy(self._config))
    params = property(lambda self: copy.deepcopy(self._params))
    model_fn = property(lambda self: self._model_fn)

    def latest_checkpoint(self) -> str | None:
        """The path of the newest checkpoint in ``model_dir``, or None."""
        return _V1.train.latest_checkpoint(self._model_dir)

    def get_variable_names(self) -> list[str]:
        """The names of the variables in the latest checkpoint."""
        self._require_checkpoint()
        return [name for name, _ in _V1.train.list_variables(self._model_dir)]

    def get_variable_value(self, name: str) -> np.ndarray:
        """The value of variable ``name`` in the latest checkpoint."""
        self._require_checkpoint()
        return _V1.train.load_variable(self._model_dir, name)

    def eval_dir(self, name: str | None = None) -> str:
        """Where ``evaluate(name=...)`` writes its summaries: ``model_dir/eval`` or ``model_dir/eval_<name>``."""
        return os.path.join(self._model_dir, "eval" if not name else "eval_" + name)

    def export_saved_model(self, export_dir_base: str, serving_input_receiver_fn: Callable,
                           assets_extra: dict | None = None, as_text: bool = False,
                           checkpoint_path: str | None = None,
                           experimental_mode: str = ModeKeys.PREDICT) -> bytes:
        """Writes the serving SavedModel to ``export_dir_base/<timestamp>``; returns that path as bytes."""
        return _saved_model.export_saved_model(self, export_dir_base, serving_input_receiver_fn, assets_extra,
                                               as_text, checkpoint_path, True, experimental_mode)

    def export_savedmodel(self, export_dir_base: str, serving_input_receiver_fn: Callable,
                          assets_extra: dict | None = None, as_text: bool = False,
                          checkpoint_path: str | None = None, strip_default_attrs: bool = False) -> bytes:
        """TF 1.x's older ``export_saved_model`` (deprecated in 1.15), which kept default attrs by default."""
        return _saved_model.export_saved_model(self, export_dir_base, serving_input_receiver_fn, assets_extra,
                                               as_text, checkpoint_path, strip_default_attrs, ModeKeys.PREDICT)

    def _require_checkpoint(self) -> None:
        if not self.latest_checkpoint():
            raise ValueError(f"Could not find trained model in model_dir: {self._model_dir}.")

    # -- building -----------------------------------------------------------------------------------------

    def _call_input_fn(self, input_fn: Callable, mode: str) -> tuple[Any, Any, list]:
        names = fn_args(input_fn)
        kwargs = {key: value for key, value in (("mode", mode), ("params", self.params), ("config", self.config))
                  if key in names}
        with tf.device("/cpu:0"):
            result = input_fn(**kwargs)
        hooks = []
        if isinstance(result, tf.data.Dataset):
            iterator = _V1.data.make_initializable_iterator(result)
            hooks.append(_DatasetInitializerHook(iterator))
            result = iterator.get_next()
        if isinstance(result, (list, tuple)):
            if len(result) != 2:
                raise ValueError("input_fn should return (features, labels) as a len 2 tuple.")
            return result[0], result[1], hooks
        return result, None, hooks

    def _call_model_fn(self, features: Any, labels: Any, mode: str) -> EstimatorSpec:
        names = fn_args(self._model_fn)
        kwargs: dict[str, Any] = {}
        if "labels" in names:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        for key, value in (("mode", mode), ("params", self.params), ("config", self.config)):
            if key in names:
                kwargs[key] = value
        spec = self._model_fn(features=features, **kwargs)
        if not isinstance(spec, EstimatorSpec):
            raise ValueError("model_fn should return an EstimatorSpec.")
        return spec

    @contextlib.contextmanager
    def _new_graph(self, device_fn: Callable | None = None) -> Iterator[tf.Graph]:
        """A fresh default graph holding the global step, with the seed and ``device_fn`` (default: the config's)."""
        with tf.Graph().as_default() as graph, graph.device(device_fn or self._config.device_fn):
            if self._config.tf_random_seed is not None:
                _V1.set_random_seed(self._config.tf_random_seed)
            _V1.train.get_or_create_global_step(graph)
            yield graph

    # -- train --------------------------------------------------------------------------------------------

    def train(self, input_fn: Callable, hooks: Any = None, steps: int | None = None,
              max_steps: int | None = None, saving_listeners: Any = None) -> "Estimator":
        """Trains ``steps`` more steps, or up to global step ``max_steps``, or until input_fn runs out."""
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        if self._config.task_type in (_cluster.EVALUATOR, _cluster.PS):
            raise ValueError("Train has been called wrong configuration. Please use train_and_evaluate which calls "
                             f"proper API according to given configuration. Current configuration: {self._config}.")
        if max_steps is not None and max_steps <= _global_step_in(self._model_dir):
            _log.info("Skipping training since max_steps has already saved.")
            return self
        hooks = _check_hooks(hooks)
        if steps is not None or max_steps is not None:
            hooks.append(_V1.train.StopAtStepHook(steps, max_steps))
        loss = self._train_model(input_fn, hooks, list(saving_listeners or []))
        _log.info("Loss for final step: %s.", loss)
        return self

    def _train_model(self, input_fn: Callable, hooks: list, saving_listeners: list) -> Any:
        # In a TF_CONFIG cluster the variables go round-robin to the ps tasks (TF 1.15's default device_fn).
        with self._new_graph(self._config.device_fn or _cluster.replica_device_setter(self._config)):
            global_step = _V1.train.get_global_step()
            features, labels, input_hooks = self._call_input_fn(input_fn, ModeKeys.TRAIN)
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN)
            if self._warm_start_settings is not None:
                _V1.train.warm_start(*self._warm_start_settings)
            if not any(s.op.name == "loss" for s in _V1.get_collection(_V1.GraphKeys.SUMMARIES)):
                _V1.summary.scalar("loss", spec.loss)
            config = self._config
            worker_hooks = [*input_hooks, *hooks, _V1.train.NanTensorHook(spec.loss)]
            if config.log_step_count_steps is not None:
                worker_hooks.append(_V1.train.LoggingTensorHook(
                    {"loss": spec.loss, "step": global_step}, every_n_iter=config.log_step_count_steps))
            worker_hooks.extend(spec.training_hooks)
            scaffold = spec.scaffold
            if not (scaffold.saver or _V1.get_collection(_V1.GraphKeys.SAVERS)):
                _V1.add_to_collection(_V1.GraphKeys.SAVERS, _V1.train.Saver(
                    sharded=True, max_to_keep=config.keep_checkpoint_max,
                    keep_checkpoint_every_n_hours=config.keep_checkpoint_every_n_hours,
                    defer_build=True, save_relative_paths=True))
            chief_hooks = self._checkpoint_hooks(worker_hooks, scaffold, saving_listeners)
            with _V1.train.MonitoredTrainingSession(
                    master=config.master, is_chief=config.is_chief, checkpoint_dir=self._model_dir, scaffold=scaffold,
                    hooks=worker_hooks, chief_only_hooks=[*chief_hooks, *spec.training_chief_hooks],
                    save_checkpoint_secs=0, save_summaries_steps=config.save_summary_steps,
                    config=self._session_config, log_step_count_steps=config.log_step_count_steps,
                    max_wait_secs=config.session_creation_timeout_secs) as session:
                loss = None
                while not session.should_stop():
                    _, loss = session.run([spec.train_op, spec.loss])
            if loss is None:
                _log.warning("Training with estimator made no steps. Perhaps input is empty or misspecified.")
            return loss

    def _checkpoint_hooks(self, hooks: list, scaffold: Any, listeners: list) -> list:
        """A CheckpointSaverHook at the config's frequency, unless the caller brought one."""
        config = self._config
        if any(isinstance(hook, _V1.train.CheckpointSaverHook) for hook in hooks):
            if listeners:
                raise ValueError("saving_listeners need the Estimator's own CheckpointSaverHook; "
                                 "drop the CheckpointSaverHook from hooks or the listeners.")
            return []
        if not (config.save_checkpoints_secs or config.save_checkpoints_steps):
            if listeners:
                raise ValueError("saving_listeners need checkpoints: set RunConfig's save_checkpoints_steps "
                                 "or save_checkpoints_secs.")
            return []
        return [_V1.train.CheckpointSaverHook(
            self._model_dir, save_secs=config.save_checkpoints_secs, save_steps=config.save_checkpoints_steps,
            scaffold=scaffold, listeners=listeners)]

    def _session_creator(self, scaffold: Any, checkpoint_path: str | None) -> Any:
        """Restores ``checkpoint_path``, or runs the initializers when it is None."""
        return _V1.train.ChiefSessionCreator(scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path,
                                             master=self._config.evaluation_master, config=self._session_config)

    # -- evaluate -----------------------------------------------------------------------------------------

    def _checkpoint_or_latest(self, checkpoint_path: str | None, purpose: str) -> str | None:
        if checkpoint_path:
            return checkpoint_path
        latest = self.latest_checkpoint()
        if not latest:
            _log.info("Could not find trained model in model_dir: %s, running initialization to %s.",
                      self._model_dir, purpose)
        return latest

    def evaluate(self, input_fn: Callable, steps: int | None = None, hooks: Any = None,
                 checkpoint_path: str | None = None, name: str | None = None) -> dict[str, Any]:
        """Metric values over ``steps`` batches (all of input_fn when None), with ``loss`` and ``global_step``."""
        hooks = _check_hooks(hooks)
        if steps is not None:
            if steps <= 0:
                raise ValueError(f"Must specify steps > 0, given: {steps}")
            hooks.append(_StopAfterNEvalsHook(steps))
        checkpoint_path = self._checkpoint_or_latest(checkpoint_path, "evaluate")
        with self._new_graph():
            features, labels, input_hooks = self._call_input_fn(input_fn, ModeKeys.EVAL)
            spec = self._call_model_fn(features, labels, ModeKeys.EVAL)
            metrics = dict(spec.eval_metric_ops)
            if LOSS_METRIC_KEY in metrics:
                raise ValueError(f'Metric with name "{LOSS_METRIC_KEY}" is not allowed, because Estimator '
                                 "already defines a default metric with the same name.")
            # TF 1.15 reports the mean of the batch losses.
            metrics[LOSS_METRIC_KEY] = _V1.metrics.mean(spec.loss)
            values = {key: value for key, (value, _) in metrics.items()}
            if _V1.GraphKeys.GLOBAL_STEP in values:
                raise ValueError(f'Metric with name "{_V1.GraphKeys.GLOBAL_STEP}" is not allowed, because '
                                 "Estimator already defines a default metric with the same name.")
            values[_V1.GraphKeys.GLOBAL_STEP] = _V1.train.get_global_step()
            update = tf.group(*[update for _, update in metrics.values()])
            final = _V1.train.FinalOpsHook(values)
            creator = self._session_creator(spec.scaffold, checkpoint_path)
            all_hooks = [*input_hooks, *hooks, *spec.evaluation_hooks, final]
            with _V1.train.MonitoredSession(creator, hooks=all_hooks) as session:
                while not session.should_stop():
                    session.run(update)
            results = final.final_ops_values
            _write_summaries(self.eval_dir(name), results, int(results[_V1.GraphKeys.GLOBAL_STEP]))
        return results

    # -- predict ------------------------------------------------------------------------------------------

    def predict(self, input_fn: Callable, predict_keys: Any = None, hooks: Any = None,
                checkpoint_path: str | None = None, yield_single_examples: bool = True) -> Iterator[Any]:
        """Yields predictions (per example, or per batch) until input_fn runs out."""
        hooks = _check_hooks(hooks)
        checkpoint_path = self._checkpoint_or_latest(checkpoint_path, "predict")
        with self._new_graph():
            features, _, input_hooks = self._call_input_fn(input_fn, ModeKeys.PREDICT)
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT)
            predictions = _select(spec.predictions, predict_keys)
            creator = self._session_creator(spec.scaffold, checkpoint_path)
            with _V1.train.MonitoredSession(creator, hooks=[*input_hooks, *hooks, *spec.prediction_hooks]) as session:
                while not session.should_stop():
                    batch = session.run(predictions)
                    if not yield_single_examples:
                        yield batch
                    elif not isinstance(predictions, dict):
                        yield from batch
                    else:
                        for index in range(_batch_length(batch)):
                            yield {key: value[index] for key, value in batch.items()}


def _select(predictions: Any, predict_keys: Any) -> Any:
    if not predict_keys:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError("predict_keys argument is not valid in case of non-dict predictions.")
    chosen = {key: value for key, value in predictions.items() if key in predict_keys}
    if not chosen:
        raise ValueError(f"Expected to run at least one output from {list(predictions)}, provided {predict_keys}.")
    return chosen


def _batch_length(batch: dict) -> int:
    length = None
    for key, value in batch.items():
        length = length or value.shape[0]
        if value.shape[0] != length:
            raise ValueError(f"Batch length of predictions should be same. {key} has different batch length "
                             "than others.")
    return length or 0


def _verify_model_fn_args(model_fn: Callable, params: Any) -> None:
    names = set(fn_args(model_fn))
    if "features" not in names:
        raise ValueError(f"model_fn ({model_fn}) must include features argument.")
    if params is not None and "params" not in names:
        raise ValueError(f"model_fn ({model_fn}) does not include params argument, but params ({params}) "
                         "is passed to Estimator.")
    if params is None and "params" in names:
        _log.warning("Estimator's model_fn (%s) includes params argument, but params are not passed to "
                     "Estimator.", model_fn)
    unexpected = sorted(names - _VALID_MODEL_FN_ARGS)
    if unexpected:
        raise ValueError(f"model_fn ({model_fn}) has following not expected args: {unexpected}")
