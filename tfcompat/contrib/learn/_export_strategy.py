"""``ExportStrategy`` and ``make_export_strategy``: how an ``Experiment`` exports after evaluating (TF 1.15)."""
from __future__ import annotations

import collections
import os
from typing import Any, Callable

from tfcompat.estimator import Estimator
from tfcompat.estimator._estimator import fn_args
from tfcompat.estimator._exporter import _garbage_collect


class ExportStrategy(collections.namedtuple("ExportStrategy", ["name", "export_fn", "strip_default_attrs"])):
    """A named ``export_fn(estimator, export_dir_base[, checkpoint_path[, eval_result]][, strip_default_attrs])``."""

    def __new__(cls, name: str, export_fn: Callable, strip_default_attrs: bool | None = None) -> "ExportStrategy":
        return super().__new__(cls, name, export_fn, strip_default_attrs)

    def export(self, estimator: Any, export_path: Any, checkpoint_path: str | None = None,
               eval_result: dict | None = None) -> Any:
        """Calls ``export_fn`` with the arguments it accepts; returns what it returns (the export path)."""
        names = fn_args(self.export_fn)
        kwargs: dict[str, Any] = {}
        if "checkpoint_path" in names:
            kwargs["checkpoint_path"] = checkpoint_path
        if "eval_result" in names:
            if "checkpoint_path" not in names:
                raise ValueError("An export_fn accepting eval_result must also accept checkpoint_path.")
            kwargs["eval_result"] = eval_result
        if "strip_default_attrs" in names:
            kwargs["strip_default_attrs"] = self.strip_default_attrs
        return self.export_fn(estimator, export_path, **kwargs)


def make_export_strategy(serving_input_fn: Callable, default_output_alternative_key: str | None = None,
                         assets_extra: dict | None = None, as_text: bool = False, exports_to_keep: int | None = 5,
                         strip_default_attrs: bool | None = None) -> ExportStrategy:
    """The ``"Servo"`` strategy: ``export_savedmodel`` with ``serving_input_fn`` (a serving input receiver fn),
    keeping the ``exports_to_keep`` newest exports (all when None)."""

    def export_fn(estimator: Estimator, export_dir_base: Any, checkpoint_path: str | None = None,
                  strip_default_attrs: bool = False) -> bytes:
        if not isinstance(estimator, Estimator):
            raise TypeError(f"tfcompat exports tf.estimator.Estimator instances only; got {type(estimator)}")
        if default_output_alternative_key is not None:
            raise ValueError("default_output_alternative_key is not supported in core Estimator. Given: "
                             f"{default_output_alternative_key}")
        result = estimator.export_savedmodel(export_dir_base, serving_input_fn, assets_extra=assets_extra,
                                             as_text=as_text, checkpoint_path=checkpoint_path,
                                             strip_default_attrs=bool(strip_default_attrs))
        _garbage_collect(os.fsdecode(export_dir_base), exports_to_keep)
        return result

    return ExportStrategy("Servo", export_fn, strip_default_attrs)
