"""``tf.contrib.tfprof.model_analyzer``: ``print_model_analysis``/``advise`` on ``tf.compat.v1.profiler``.

The option presets are ``ProfileOptionBuilder``'s equivalents of TF 1.x's dicts (parameters of trainable
variables; float operations; time and memory).
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf
from tensorflow.python.profiler.model_analyzer import ALL_ADVICE  # TF 1.15's dict of every advisor
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

_profiler = tf.compat.v1.profiler
Profiler = _profiler.Profiler
TRAINABLE_VARS_PARAMS_STAT_OPTIONS = _profiler.ProfileOptionBuilder.trainable_variables_parameter()
FLOAT_OPS_OPTIONS = _profiler.ProfileOptionBuilder.float_operation()
PRINT_ALL_TIMING_MEMORY = _profiler.ProfileOptionBuilder.time_and_memory()


def print_model_analysis(graph: tf.Graph, run_meta: Any = None, op_log: Any = None, tfprof_cmd: str = "scope",
                         tfprof_options: Any = 0) -> Any:
    """``tf.compat.v1.profiler.profile(graph, run_meta, op_log, cmd, options)``: prints and returns the profile."""
    return _profiler.profile(graph, run_meta, op_log, tfprof_cmd, tfprof_options)


def advise(graph: tf.Graph, run_meta: Any = None, tfprof_options: Any = 0) -> Any:
    """``tf.compat.v1.profiler.advise(graph, run_meta, options)``."""
    return _profiler.advise(graph, run_meta, tfprof_options)


__all__ = exported(__name__)


__getattr__ = left_out(__name__)
