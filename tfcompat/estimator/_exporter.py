"""TF 1.15's exporters, which ``train_and_evaluate`` runs after each evaluation (``EvalSpec(exporters=...)``).

Each writes SavedModels under ``model_dir/export/<name>/<timestamp>``: ``LatestExporter`` every time,
``FinalExporter`` at the end of training, ``BestExporter`` when ``compare_fn`` says the evaluation improved.
"""
from __future__ import annotations

import abc
import logging
import os
from typing import Any, Callable

import tensorflow as tf

from tfcompat.estimator._estimator import Estimator, fn_args
from tfcompat.estimator._model_fn import LOSS_METRIC_KEY

_log = logging.getLogger("tfcompat.estimator")


class Exporter(abc.ABC):
    """A kind of model export, written under the export base directory's ``name`` subdirectory."""

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """The directory name under the export base directory; neither None nor empty."""

    @abc.abstractmethod
    def export(self, estimator: Estimator, export_path: str, checkpoint_path: str | None, eval_result: dict,
               is_the_final_export: bool) -> Any:
        """Exports ``checkpoint_path`` under ``export_path``; returns the export's path, or None when skipped."""


class _SavedModelExporter(Exporter):
    """Every call exports a SavedModel: the base of the exporters below."""

    def __init__(self, name: str, serving_input_receiver_fn: Callable, assets_extra: dict | None = None,
                 as_text: bool = False) -> None:
        self._name = name
        self._serving_input_receiver_fn = serving_input_receiver_fn
        self._assets_extra = assets_extra
        self._as_text = as_text

    @property
    def name(self) -> str:
        return self._name

    def export(self, estimator: Estimator, export_path: str, checkpoint_path: str | None, eval_result: dict,
               is_the_final_export: bool) -> bytes:
        return estimator.export_saved_model(export_path, self._serving_input_receiver_fn,
                                            assets_extra=self._assets_extra, as_text=self._as_text,
                                            checkpoint_path=checkpoint_path)


def _check_exports_to_keep(exports_to_keep: int | None) -> int | None:
    if exports_to_keep is not None and exports_to_keep <= 0:
        raise ValueError(f"`exports_to_keep`, if provided, must be a positive number. Got {exports_to_keep}")
    return exports_to_keep


def _garbage_collect(export_dir_base: str, exports_to_keep: int | None) -> None:
    """Deletes all but the ``exports_to_keep`` newest exports (10-digit timestamp directories)."""
    if exports_to_keep is None or not tf.io.gfile.isdir(export_dir_base):
        return
    versions = sorted(int(name) for name in (n.rstrip("/") for n in tf.io.gfile.listdir(export_dir_base))
                      if len(name) == 10 and name.isdigit())
    for version in versions[:-exports_to_keep]:
        path = os.path.join(export_dir_base, str(version))
        try:
            tf.io.gfile.rmtree(path)
        except tf.errors.NotFoundError as error:
            _log.warning("Can not delete %s recursively: %s", path, error)


class LatestExporter(_SavedModelExporter):
    """Exports after every evaluation and keeps the ``exports_to_keep`` newest exports (all when None)."""

    def __init__(self, name: str, serving_input_receiver_fn: Callable, assets_extra: dict | None = None,
                 as_text: bool = False, exports_to_keep: int | None = 5) -> None:
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text)
        self._exports_to_keep = _check_exports_to_keep(exports_to_keep)

    def export(self, estimator: Estimator, export_path: str, checkpoint_path: str | None, eval_result: dict,
               is_the_final_export: bool) -> bytes:
        result = super().export(estimator, export_path, checkpoint_path, eval_result, is_the_final_export)
        _garbage_collect(export_path, self._exports_to_keep)
        return result


class FinalExporter(_SavedModelExporter):
    """Exports once, after the evaluation at the end of training."""

    def export(self, estimator: Estimator, export_path: str, checkpoint_path: str | None, eval_result: dict,
               is_the_final_export: bool) -> bytes | None:
        if not is_the_final_export:
            return None
        return super().export(estimator, export_path, checkpoint_path, eval_result, is_the_final_export)


def _loss_smaller(best_eval_result: dict, current_eval_result: dict) -> bool:
    """True when ``current_eval_result``'s loss is below ``best_eval_result``'s."""
    if not best_eval_result or LOSS_METRIC_KEY not in best_eval_result:
        raise ValueError("best_eval_result cannot be empty or no loss is found in it.")
    if not current_eval_result or LOSS_METRIC_KEY not in current_eval_result:
        raise ValueError("current_eval_result cannot be empty or no loss is found in it.")
    return best_eval_result[LOSS_METRIC_KEY] > current_eval_result[LOSS_METRIC_KEY]


def _check_compare_fn(compare_fn: Callable | None) -> Callable:
    if compare_fn is None:
        raise ValueError("`compare_fn` must not be None.")
    names = set(fn_args(compare_fn))
    for required in ("best_eval_result", "current_eval_result"):
        if required not in names:
            raise ValueError(f"compare_fn ({compare_fn}) must include {required} argument.")
    unexpected = sorted(names - {"best_eval_result", "current_eval_result"})
    if unexpected:
        raise ValueError(f"compare_fn ({compare_fn}) has following not expected args: {unexpected}")
    return compare_fn


class BestExporter(_SavedModelExporter):
    """Exports when ``compare_fn(best_eval_result=, current_eval_result=)`` says the evaluation is the best yet.

    The best result so far is first read from the model's eval event files (``event_file_pattern`` under
    ``model_dir``), so a restarted job does not export a worse model.
    """

    def __init__(self, name: str = "best_exporter", serving_input_receiver_fn: Callable | None = None,
                 event_file_pattern: str | None = "eval/*.tfevents.*", compare_fn: Callable = _loss_smaller,
                 assets_extra: dict | None = None, as_text: bool = False, exports_to_keep: int | None = 5) -> None:
        self._compare_fn = _check_compare_fn(compare_fn)
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text)
        self._event_file_pattern = event_file_pattern
        self._model_dir: str | None = None
        self._best_eval_result: dict | None = None
        self._has_exported = False
        self._exports_to_keep = _check_exports_to_keep(exports_to_keep)

    def export(self, estimator: Estimator, export_path: str, checkpoint_path: str | None, eval_result: dict,
               is_the_final_export: bool) -> bytes | None:
        if self._model_dir != estimator.model_dir and self._event_file_pattern:
            self._model_dir = estimator.model_dir
            self._best_eval_result = self._best_in_events(os.path.join(self._model_dir, self._event_file_pattern))
        if not (self._best_eval_result is None or self._is_first_of(eval_result)
                or self._compare_fn(best_eval_result=self._best_eval_result, current_eval_result=eval_result)):
            return None
        self._best_eval_result = eval_result
        result = super().export(estimator, export_path, checkpoint_path, eval_result, is_the_final_export)
        _garbage_collect(export_path, self._exports_to_keep)
        self._has_exported = True
        return result

    def _is_first_of(self, eval_result: dict) -> bool:
        """Whether this first export's evaluation is the best the event files hold: it was written just now.

        TF 1.15 skipped that export (the loss is not smaller than itself); later tensorflow-estimator releases
        export it.  The events hold the metrics as float32 summaries, without global_step.
        """
        best = self._best_eval_result or {}
        return not self._has_exported and all(key in eval_result and eval_result[key] == value
                                              for key, value in best.items())

    def _best_in_events(self, pattern: str) -> dict | None:
        best = None
        for path in tf.io.gfile.glob(pattern):
            for event in tf.compat.v1.train.summary_iterator(path):
                if not event.HasField("summary"):
                    continue
                result = {value.tag: value.simple_value for value in event.summary.value
                          if value.HasField("simple_value")}
                if result and (best is None or self._compare_fn(best, result)):
                    best = result
        return best
