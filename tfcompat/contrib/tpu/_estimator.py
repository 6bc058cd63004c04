"""``TPUEstimator`` with ``use_tpu=False``: TF 1.15's CPU/GPU path over ``tfcompat.estimator.Estimator``.

As in 1.15: ``params['batch_size']`` is the mode's global batch size (train / eval / predict_batch_size) for both
``input_fn`` and ``model_fn``, ``params['use_tpu']`` is False for ``model_fn``, a returned ``TPUEstimatorSpec``
is converted with ``as_estimator_spec()``, and an ``ExamplesPerSecondHook`` replaces the Estimator's step logging.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import tensorflow as tf

from tfcompat.contrib.tpu._config import RunConfig
from tfcompat.contrib.tpu._spec import TPUEstimatorSpec
from tfcompat.estimator import Estimator, ModeKeys
from tfcompat.estimator._estimator import _verify_model_fn_args, fn_args

_log = logging.getLogger("tfcompat.contrib.tpu")
_V1 = tf.compat.v1
_BATCH_SIZE_KEY = "batch_size"
_USE_TPU_KEY = "use_tpu"
_RESERVED_PARAMS_KEYS = (_BATCH_SIZE_KEY, "context")
_NO_TPU = "TPUs are not supported by tfcompat; pass use_tpu=False to run on CPU/GPU"


def _add_item_to_params(params: Any, key: str, value: Any) -> None:
    """Sets ``params[key]``; an ``HParams`` gets it through its own API, as 1.15 did."""
    if hasattr(params, "set_hparam"):
        if key in params:
            params.set_hparam(key, value)
        else:
            params.add_hparam(key, value)
    else:
        params[key] = value


class ExamplesPerSecondHook(_V1.train.StepCounterHook):
    """A ``StepCounterHook`` that also reports ``examples/sec`` (global steps/sec times the batch size)."""

    def __init__(self, batch_size: int | None, every_n_steps: int | None = 100, every_n_secs: float | None = None,
                 output_dir: str | None = None, summary_writer: Any = None) -> None:
        self._batch_size = batch_size
        super().__init__(every_n_steps=every_n_steps, every_n_secs=every_n_secs, output_dir=output_dir,
                         summary_writer=summary_writer)

    def _log_and_record(self, elapsed_steps: int, elapsed_time: float, global_step: int) -> None:
        rates = {"global_step/sec": elapsed_steps / elapsed_time}
        if self._batch_size is not None:
            rates["examples/sec"] = self._batch_size * rates["global_step/sec"]
        for tag, value in rates.items():
            if self._summary_writer is not None:
                self._summary_writer.add_summary(_V1.Summary(value=[_V1.Summary.Value(tag=tag, simple_value=value)]),
                                                 global_step)
            _log.info("%s: %g", tag, value)


class TPUEstimator(Estimator):
    """TF 1.15's ``tf.contrib.tpu.TPUEstimator``, run on CPU/GPU (``use_tpu=False``); a TPU request is refused."""

    def __init__(self, model_fn: Callable | None = None, model_dir: str | None = None,
                 config: RunConfig | None = None, params: Any = None, use_tpu: bool = True,
                 train_batch_size: int | None = None, eval_batch_size: int | None = None,
                 predict_batch_size: int | None = None, batch_axis: Any = None, eval_on_tpu: bool = True,
                 export_to_tpu: bool = True, export_to_cpu: bool = True, warm_start_from: Any = None,
                 experimental_export_device_assignment: bool = False, embedding_config_spec: Any = None,
                 export_saved_model_api_version: Any = None) -> None:
        if use_tpu:
            raise ValueError(_NO_TPU)
        if embedding_config_spec is not None:
            raise ValueError("TPU embeddings (embedding_config_spec) are not supported by tfcompat; "
                             "use tf.compat.v1.nn.embedding_lookup in the model_fn.")
        if config is None or not isinstance(config, RunConfig):
            raise ValueError("`config` must be provided with type `tpu_config.RunConfig`")
        if params is not None and any(key in params for key in _RESERVED_PARAMS_KEYS):
            raise ValueError(f"{list(_RESERVED_PARAMS_KEYS)} are reserved keys but existed in params {params}.")
        _verify_model_fn_args(model_fn, params)
        self._user_model_fn = model_fn
        self._batch_sizes = {ModeKeys.TRAIN: train_batch_size, ModeKeys.EVAL: eval_batch_size,
                             ModeKeys.PREDICT: predict_batch_size}
        # 1.15 switched the Estimator's step logging off and counted examples per second instead.
        self._log_every_n_steps = config.log_step_count_steps
        super().__init__(model_fn=self._tpu_model_fn, model_dir=model_dir,
                         config=config.replace(log_step_count_steps=None), params=params or {},
                         warm_start_from=warm_start_from)

    def _call_input_fn(self, input_fn: Callable, mode: str) -> tuple[Any, Any, list]:
        names = fn_args(input_fn)
        if "params" not in names:
            raise ValueError(f"input_fn ({input_fn}) does not include params argument, required by TPUEstimator "
                             'to pass batch size as params["batch_size"]')
        batch_size = self._batch_sizes[mode]

        def with_batch_size(mode: str, params: Any, config: RunConfig) -> Any:
            if batch_size is not None:
                _add_item_to_params(params, _BATCH_SIZE_KEY, batch_size)
            offered = {"mode": mode, "params": params, "config": config}
            return input_fn(**{key: value for key, value in offered.items() if key in names})

        return super()._call_input_fn(with_batch_size, mode)

    def _tpu_model_fn(self, features: Any, labels: Any, mode: str, config: RunConfig, params: Any) -> Any:
        """The user's model_fn with 1.15's params and its TPUEstimatorSpec converted for CPU/GPU."""
        names = fn_args(self._user_model_fn)
        if "params" not in names:
            raise ValueError(f"model_fn ({self._user_model_fn}) does not include params argument, required by "
                             "TPUEstimator to pass batch size as params['batch_size']")
        kwargs: dict[str, Any] = {"params": params}
        if "labels" in names:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        kwargs.update({key: value for key, value in (("mode", mode), ("config", config)) if key in names})
        if self._batch_sizes[mode] is not None:
            _add_item_to_params(params, _BATCH_SIZE_KEY, self._batch_sizes[mode])
        _add_item_to_params(params, _USE_TPU_KEY, False)
        _log.info("Running %s on CPU/GPU", mode)
        spec = self._user_model_fn(features=features, **kwargs)
        if isinstance(spec, TPUEstimatorSpec):
            spec = spec.as_estimator_spec()
        if self._log_every_n_steps is not None:
            hook = ExamplesPerSecondHook(self._batch_sizes[mode], every_n_steps=self._log_every_n_steps,
                                         output_dir=self.model_dir if config.save_summary_steps else None)
            spec = spec._replace(training_hooks=spec.training_hooks + (hook,))
        return spec
