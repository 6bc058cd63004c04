"""``WarmStartSettings``: what ``Estimator(warm_start_from=...)`` passes to ``tf.compat.v1.train.warm_start``."""
from __future__ import annotations

import collections
import os
from typing import Any


class WarmStartSettings(collections.namedtuple(
        "WarmStartSettings", ["ckpt_to_initialize_from", "vars_to_warm_start", "var_name_to_vocab_info",
                              "var_name_to_prev_var_name"])):
    """A checkpoint (or directory) and the variables to initialize from it (TF 1.15's defaults)."""

    def __new__(cls, ckpt_to_initialize_from: str, vars_to_warm_start: Any = ".*",
                var_name_to_vocab_info: dict | None = None,
                var_name_to_prev_var_name: dict | None = None) -> "WarmStartSettings":
        if not ckpt_to_initialize_from:
            raise ValueError("`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
        return super().__new__(cls, os.fspath(ckpt_to_initialize_from), vars_to_warm_start,
                               var_name_to_vocab_info or {}, var_name_to_prev_var_name or {})


def warm_start_settings(warm_start_from: Any) -> WarmStartSettings | None:
    """``warm_start_from`` as settings: a path means every trainable variable, as in TF 1.15."""
    if warm_start_from is None:
        return None
    if isinstance(warm_start_from, (str, bytes, os.PathLike)):
        return WarmStartSettings(os.fsdecode(warm_start_from))
    if isinstance(warm_start_from, WarmStartSettings):
        return warm_start_from
    raise ValueError(f"warm_start_from must be a string or a WarmStartSettings, instead got {type(warm_start_from)}")
