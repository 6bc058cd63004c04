"""Whole modules: rows for modules that moved as a whole, and why whole families are gone.

A module's row also covers every attribute chain below it (`tf.app.flags` covers `tf.app.flags.FLAGS`).
`REASONS` says, per module family with no TF 2.21 counterpart, what happened to it: the reason TFC107 gives for
its names (keyed `tf.`-spelled with `tf.compat.v1` stripped; a name takes its nearest listed module's reason).
"""
from __future__ import annotations

from ._schema import Change, Kind

# Their fixes are tested in tests/registry/test_whole_lists.py.
CHANGES: tuple[Change, ...] = (
    # `tf.compat.v1.app.flags` is only an attribute: `from tensorflow.compat.v1.app import flags` fails on TF 2.21.
    Change("tf.app.flags", "TFC103", "`tf.app.flags` (absl flags) is only in tf.compat.v1 on TF 2; use "
           "`tf.compat.v1.flags`", Kind.RENAMED, new="tf.compat.v1.flags", since="2.0"),
    # tfcompat.estimator serves the model_fn Estimator and the canned estimators; names it lacks keep TFC107.
    Change("tf.estimator", "TFC106", "`tf.estimator` was removed in TF 2.16 (tf.compat.v1.estimator too); use "
           "`tfcompat.estimator`", Kind.REMOVED, new="tfcompat.estimator", in_compat_v1=True, since="2.16"),
    # TF 1.15 had the early-stopping hooks both here and in tf.contrib.estimator; tfcompat has the latter.
    *(Change(f"tf.estimator.experimental.{name}", "TFC106", f"`tf.estimator` was removed in TF 2.16; use "
             f"`tfcompat.contrib.estimator.{name}`", Kind.REMOVED, new=f"tfcompat.contrib.estimator.{name}",
             in_compat_v1=True, since="2.16") for name in (
        "make_early_stopping_hook", "stop_if_higher_hook", "stop_if_lower_hook", "stop_if_no_decrease_hook",
        "stop_if_no_increase_hook")),
    Change("tf.nn.seq2seq", "TFC101", "`tf.nn.seq2seq` became `tf.contrib.legacy_seq2seq` in TF 1.0, gone in TF 2; "
           "use `tfcompat.contrib.legacy_seq2seq` (same variable names)", Kind.RENAMED,
           new="tfcompat.contrib.legacy_seq2seq", in_compat_v1=True, since="1.0"),
    Change("tf.nn.nn_ops", "TFC106", "TF 0.x exposed the internal `nn_ops` module as `tf.nn.nn_ops`; its "
           "functions are `tf.nn`'s", Kind.REMOVED, new="tf.nn", in_compat_v1=True, since="1.0"),
    # TF 2.21's tf.data.Iterator is TF 2's abstract iterator: TF 1.x's constructors are tf.compat.v1's class's.
    *(Change(f"tf.data.Iterator.{name}", "TFC103", f"`tf.data.Iterator.{name}` is only in tf.compat.v1 on TF 2; "
             f"use `tf.compat.v1.data.Iterator.{name}` (graph mode)", Kind.RENAMED,
             new=f"tf.compat.v1.data.Iterator.{name}", graph_mode=True, since="2.0")
      for name in ("from_string_handle", "from_structure")),
    # The modules themselves (`from tensorflow import gfile`, `getattr(tf.logging, level)`); their members have rows.
    *(Change(f"tf.{name}", "TFC103", f"`tf.{name}` is only in tf.compat.v1 on TF 2; use `tf.compat.v1.{name}`",
             Kind.RENAMED, new=f"tf.compat.v1.{name}", since="2.0") for name in ("gfile", "logging")),
    Change("tf.random_ops", "TFC106", "TF 0.x exposed the internal `random_ops` module as `tf.random_ops`; its "
           "functions are `tf.compat.v1`'s", Kind.REMOVED, new="tf.compat.v1", in_compat_v1=True, since="1.0"),
    # tf.contrib.layers re-exported its `initializers` module's functions; tfcompat.contrib.layers serves them.
    Change("tf.contrib.layers.python.layers.initializers", "TFC105", "tf.contrib was removed in TF 2; "
           "`tf.contrib.layers`'s initializers are `tfcompat.contrib.layers`'s", Kind.REMOVED,
           new="tfcompat.contrib.layers", in_compat_v1=True, since="2.0"),
    # Internal paths of public contrib modules that code imported: `from ...eager.python import tfe`.
    Change("tf.contrib.eager.python.tfe", "TFC105", "tf.contrib was removed in TF 2; `tf.contrib.eager.python.tfe` "
           "was `tf.contrib.eager`, which is `tfcompat.contrib.eager`", Kind.REMOVED, new="tfcompat.contrib.eager",
           in_compat_v1=True, since="2.0"),
    Change("tf.contrib.rnn.python.ops.core_rnn", "TFC105", "tf.contrib was removed in TF 2; TF 1.2 moved "
           "`core_rnn`'s static_rnn functions to `tf.nn` (`tf.compat.v1.nn` on TF 2)", Kind.REMOVED,
           new="tf.compat.v1.nn", in_compat_v1=True, since="2.0"),
)

_ESTIMATOR = "removed in TF 2.16 (tf.estimator and tf.compat.v1.estimator are gone)"

REASONS: dict[str, str] = {
    "tf.estimator": _ESTIMATOR,
    "tf.keras.estimator": f"Keras 3 has no estimator bridge: {_ESTIMATOR}",
    "tf.contrib": "tf.contrib was removed in TF 2",
    "tf.contrib.keras": "tf.contrib.keras was Keras 2, which is tf-keras now: `tfcompat.contrib.keras.<module>` "
                        "serves it (pip install 'tfcompat[keras2]')",
    "tf.contrib.learn": "tf.contrib.learn (deprecated in TF 1.x for tf.estimator) was removed in TF 2; "
                        "tfcompat.contrib.learn has Experiment, learn_runner, RunConfig and preprocessing, not the "
                        "learn Estimators (port them to a tf.estimator model_fn)",
    "tf.contrib.estimator": "tf.contrib was removed in TF 2; tfcompat.contrib.estimator has the early-stopping "
                            "hooks and extenders, not the heads or contrib canned estimators",
    "tf.contrib.predictor": "tf.contrib was removed in TF 2; tfcompat.contrib.predictor has from_saved_model "
                            "(export the Estimator first instead of from_estimator)",
    "tf.resources": "0.x module of resource-initialization helpers, made internal in TF 1.0",
    "tf.user_ops": "0.x example module of a custom op, removed in TF 1.0",
    "tf.lite.experimental.nn": "TF Lite's experimental Keras-2 RNN cells were removed in TF 2",
    "tf.keras": "Keras 3 (tf.keras on TF 2.16+) does not have it",
    "tf.keras.experimental": "Keras 3 removed tf.keras.experimental: the learning-rate schedules are in "
                             "tf.keras.optimizers.schedules, the models and cells are gone",
    "tf.keras.mixed_precision.experimental": "Keras 3 removed mixed_precision.experimental: use "
                                             "tf.keras.mixed_precision.Policy and set_global_policy",
    "tf.keras.wrappers.scikit_learn": "Keras 3 removed the scikit_learn wrappers; tf.keras.wrappers has "
                                      "SKLearnClassifier and SKLearnRegressor, with another interface",
}


def reason(name: str) -> str:
    """The reason of `name`'s nearest listed module ("" for none)."""
    module = name
    while module:
        found = REASONS.get(module)
        if found is not None:
            return found
        module = module.rpartition(".")[0]
    return ""
