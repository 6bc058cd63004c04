"""``TPUEstimatorSpec`` and its CPU/GPU form, ``as_estimator_spec()``, as TF 1.15 built it for ``use_tpu=False``."""
from __future__ import annotations

import collections
import inspect
import logging
from typing import Any, Callable

import tensorflow as tf
from tensorflow.python.ops import summary_ops_v2

from tfcompat.estimator import EstimatorSpec
from tfcompat.estimator._estimator import fn_args

_log = logging.getLogger("tfcompat.contrib.tpu")
_V1 = tf.compat.v1
_FIELDS = ("mode", "predictions", "loss", "train_op", "eval_metrics", "export_outputs", "scaffold_fn",
           "host_call", "training_hooks", "evaluation_hooks", "prediction_hooks")


def _validate_host_calls(host_calls: dict[str, Any]) -> None:
    """TF 1.15's checks of ``eval_metrics`` and ``host_call``: ``(fn, tensors)`` with tensors a list or dict."""
    for name, host_call in host_calls.items():
        if not isinstance(host_call, (tuple, list)):
            raise ValueError(f"{name} should be tuple or list")
        if len(host_call) != 2:
            raise ValueError(f"{name} should have two elements.")
        if not callable(host_call[0]):
            raise TypeError(f"{name}[0] should be callable.")
        if not isinstance(host_call[1], (tuple, list, dict)):
            raise ValueError(f"{name}[1] should be tuple or list, or dict.")
        if isinstance(host_call[1], (tuple, list)):
            takes_varargs = any(p.kind is p.VAR_POSITIONAL for p in inspect.signature(host_call[0]).parameters.values())
            if not takes_varargs and len(host_call[1]) != len(fn_args(host_call[0])):
                raise RuntimeError(f"In TPUEstimatorSpec.{name}, length of tensors {len(host_call[1])} does not "
                                   f"match method args of the function, which takes {len(fn_args(host_call[0]))}.")


def _call_on_cpu(host_calls: dict[str, Any]) -> dict[str, Any]:
    """Each host function called on its tensors: positionally for a list, by keyword for a dict."""
    results = {}
    for name, (host_fn, tensors) in host_calls.items():
        if isinstance(tensors, (tuple, list)):
            results[name] = host_fn(*tensors)
            continue
        try:
            results[name] = host_fn(**tensors)
        except TypeError as error:
            _log.warning("Exception while calling %s: %s. It is likely the tensors (%s[1]) do not match the "
                         "function's arguments", name, error, name)
            raise
    return results


class _HostCallHook(_V1.train.SessionRunHook):
    """Runs the host_call's ops with every step (TF 1.15's hook for use_tpu=False), its summary writers
    initialized after the session is created and flushed at the end."""

    def __init__(self, fetches: Any) -> None:
        self._fetches = fetches

    def begin(self) -> None:
        self._init_ops = summary_ops_v2.summary_writer_initializer_op()
        self._flush_ops = [summary_ops_v2.legacy_raw_flush(writer=op.inputs[0]) for op in self._init_ops]

    def after_create_session(self, session: Any, coord: Any) -> None:
        session.run(self._init_ops)

    def before_run(self, run_context: Any) -> Any:
        return _V1.train.SessionRunArgs(self._fetches)

    def end(self, session: Any) -> None:
        session.run(self._flush_ops)


class TPUEstimatorSpec(collections.namedtuple("TPUEstimatorSpec", _FIELDS)):
    """What a ``TPUEstimator`` ``model_fn`` returns: ``eval_metrics`` and ``host_call`` are ``(fn, tensors)``
    pairs run on the host, ``scaffold_fn`` builds the ``Scaffold``."""

    def __new__(cls, mode: str, predictions: Any = None, loss: Any = None, train_op: Any = None,
                eval_metrics: Any = None, export_outputs: Any = None, scaffold_fn: Callable | None = None,
                host_call: Any = None, training_hooks: Any = None, evaluation_hooks: Any = None,
                prediction_hooks: Any = None) -> "TPUEstimatorSpec":
        _validate_host_calls(_host_calls(eval_metrics, host_call))
        hooks = [tuple(group or ()) for group in (training_hooks, evaluation_hooks, prediction_hooks)]
        for hook in (hook for group in hooks for hook in group):
            if not isinstance(hook, _V1.train.SessionRunHook):
                raise TypeError(f"All hooks must be SessionRunHook instances, given: {hook}")
        return super().__new__(cls, mode=mode, predictions=predictions, loss=loss, train_op=train_op,
                               eval_metrics=eval_metrics, export_outputs=export_outputs, scaffold_fn=scaffold_fn,
                               host_call=host_call, training_hooks=hooks[0], evaluation_hooks=hooks[1],
                               prediction_hooks=hooks[2])

    def as_estimator_spec(self) -> EstimatorSpec:
        """The ``EstimatorSpec`` TF 1.15 ran on CPU/GPU: ``eval_metric_ops = metric_fn(*tensors)``, the
        host_call's ops run with every step by a hook (in all three modes), ``scaffold_fn()`` as scaffold."""
        results = _call_on_cpu(_host_calls(self.eval_metrics, self.host_call))
        hooks = (_HostCallHook(results["host_call"]),) if self.host_call is not None else ()
        return EstimatorSpec(
            mode=self.mode, predictions=self.predictions, loss=self.loss, train_op=self.train_op,
            eval_metric_ops=results.get("eval_metrics"), export_outputs=self.export_outputs,
            scaffold=self.scaffold_fn() if self.scaffold_fn else None,
            training_hooks=self.training_hooks + hooks, evaluation_hooks=self.evaluation_hooks + hooks,
            prediction_hooks=self.prediction_hooks + hooks)


def _host_calls(eval_metrics: Any, host_call: Any) -> dict[str, Any]:
    return {name: value for name, value in (("eval_metrics", eval_metrics), ("host_call", host_call))
            if value is not None}
