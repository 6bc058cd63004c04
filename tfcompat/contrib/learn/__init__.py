"""The used part of TF 1.15's ``tf.contrib.learn``, over ``tfcompat.estimator``.

``Experiment`` and ``learn_runner.run`` (local schedules), the learn ``RunConfig`` and ``ModeKeys``,
``ExportStrategy`` / ``make_export_strategy``, ``run_n`` / ``run_feeds``, and ``preprocessing``
(``VocabularyProcessor``, ``CategoricalVocabulary``).  The learn ``Estimator`` family (``fit``/monitors,
``SKCompat``, the canned learn estimators, ``datasets``) is left out: see ``tfcompat/contrib/UNSUPPORTED.md``.
"""
from __future__ import annotations

from tfcompat.contrib.learn import learn_runner, preprocessing
from tfcompat.contrib.learn._experiment import Experiment
from tfcompat.contrib.learn._export_strategy import ExportStrategy, make_export_strategy
from tfcompat.contrib.learn._graph_actions import run_feeds, run_n
from tfcompat.contrib.learn._run_config import ModeKeys, RunConfig
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
