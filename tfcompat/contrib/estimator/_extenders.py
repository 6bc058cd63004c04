"""TF 1.15's ``tf.contrib.estimator`` extenders: wrap an Estimator's ``model_fn``, or an optimizer."""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from tfcompat.estimator import Estimator, EstimatorSpec, ModeKeys
from tfcompat.estimator._estimator import fn_args
from tfcompat.estimator.export import PredictOutput

_VALID_METRIC_FN_ARGS = frozenset({"features", "labels", "predictions", "config"})


def _spec_of(estimator: Estimator, features: Any, labels: Any, mode: str) -> EstimatorSpec:
    """The wrapped estimator's spec, its model_fn called with its own params and config."""
    return estimator._call_model_fn(features, labels, mode)  # pylint: disable=protected-access


def add_metrics(estimator: Estimator, metric_fn: Callable) -> Estimator:
    """A new Estimator over the same model_dir whose evaluation also reports ``metric_fn``'s metrics.

    ``metric_fn`` takes any of ``features``, ``labels``, ``predictions``, ``config`` and returns a dict of
    ``(value, update_op)`` pairs; a name the model_fn already reports is replaced.
    """
    unexpected = sorted(set(fn_args(metric_fn)) - _VALID_METRIC_FN_ARGS)
    if unexpected:
        raise ValueError(f"metric_fn ({metric_fn}) has following not expected args: {unexpected}")

    def new_model_fn(features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
        spec = _spec_of(estimator, features, labels, mode)
        if mode != ModeKeys.EVAL:
            return spec
        available = {"features": features, "labels": labels, "predictions": spec.predictions, "config": config}
        new_metrics = metric_fn(**{name: available[name] for name in fn_args(metric_fn)})
        return spec._replace(eval_metric_ops={**spec.eval_metric_ops, **new_metrics})

    return Estimator(new_model_fn, model_dir=estimator.model_dir, config=estimator.config,
                     warm_start_from=estimator._warm_start_settings)  # pylint: disable=protected-access


def _forwarded_keys(keys: Any) -> list[str] | None:
    if keys is None or isinstance(keys, str):
        return keys if keys is None else [keys]
    if not isinstance(keys, (list, tuple)):
        raise TypeError(f"keys should be either a string or a list of strings. Given: {type(keys)}")
    for key in keys:
        if not isinstance(key, str):
            raise TypeError(f"All items in the given keys list should be a string. There exist an item with type: "
                            f"{type(key)}")
    return list(keys)


def forward_features(estimator: Estimator, keys: Any = None) -> Estimator:
    """A new Estimator whose predictions (and predict export outputs) also hold the features ``keys`` (all: None)."""
    keys = _forwarded_keys(keys)

    def new_model_fn(features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
        spec = _spec_of(estimator, features, labels, mode)
        predictions = spec.predictions
        if predictions is None:
            return spec
        if not isinstance(predictions, dict):
            raise ValueError(f"Predictions should be a dict to be able to forward features. Given: "
                             f"{type(predictions)}")
        forwarded = list(features) if keys is None else keys
        predictions = dict(predictions)
        for key in forwarded:
            if key not in features:
                raise ValueError(f'keys should be exist in features. Key "{key}" is not in features dict. features '
                                 f"dict has following keys: {list(features)}. Please check arguments of "
                                 "forward_features.")
            if key in predictions:
                raise ValueError(f"Cannot forward feature key ({key}). Since it does exist in predictions. Existing "
                                 f"prediction keys: {list(predictions)}. Please check arguments of forward_features.")
            feature = features[key]
            if not isinstance(feature, tf.Tensor):
                raise ValueError(f"Forwarded feature ({key}) should be a Tensor. Please use keys argument of "
                                 f"forward_features to filter unwanted features. Type of features[{key}] is "
                                 f"{type(feature)}.")
            predictions[key] = feature
        export_outputs = dict(spec.export_outputs or {})
        for export_key in ("predict", "serving_default"):
            output = export_outputs.get(export_key)
            if isinstance(output, PredictOutput):
                export_outputs[export_key] = PredictOutput({**output.outputs,
                                                            **{key: predictions[key] for key in forwarded}})
        return spec._replace(predictions=predictions, export_outputs=export_outputs or spec.export_outputs)

    return Estimator(new_model_fn, model_dir=estimator.model_dir, config=estimator.config)


class _TransformGradients(tf.compat.v1.train.Optimizer):
    """An optimizer that passes its gradients through ``transform_grads_fn`` before ``optimizer`` applies them."""

    def __init__(self, optimizer: Any, transform_grads_fn: Callable, name: str | None = None) -> None:
        super().__init__(use_locking=False, name=name or optimizer.get_name())
        self._optimizer = optimizer
        self._transform_grads_fn = transform_grads_fn

    def compute_gradients(self, *args: Any, **kwargs: Any) -> Any:
        return self._optimizer.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars: Any, global_step: Any = None, name: str | None = None) -> Any:
        return self._optimizer.apply_gradients(self._transform_grads_fn(grads_and_vars), global_step, name)

    def get_slot(self, *args: Any, **kwargs: Any) -> Any:
        return self._optimizer.get_slot(*args, **kwargs)

    def get_slot_names(self, *args: Any, **kwargs: Any) -> Any:
        return self._optimizer.get_slot_names(*args, **kwargs)


def clip_gradients_by_norm(optimizer: Any, clip_norm: Any) -> tf.compat.v1.train.Optimizer:
    """``optimizer`` applying gradients rescaled by ``tf.clip_by_global_norm(grads, clip_norm)``."""

    def clip_grads(grads_and_vars: Any) -> list:
        gradients, variables = zip(*grads_and_vars)
        return list(zip(tf.clip_by_global_norm(gradients, clip_norm)[0], variables))

    return _TransformGradients(optimizer, clip_grads, name="ClipByNorm" + optimizer.get_name())
