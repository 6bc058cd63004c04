"""What TF 2.16+ with Keras 3 broke, all of `tf.contrib`, and the internal/tutorial modules.

Each replacement is tfcompat's Keras-free re-implementation (same variable names and
numerics as TF 1.x) or the public module that holds the same functions.
"""
from __future__ import annotations

from tfcompat.spec.modules import KERAS2_GRAPH_ONLY, fixed_rows, spelling
from tfcompat.spec.renames import TO_TFCOMPAT
from tfcompat.spec.served import (
    CONTRIB_FRAMEWORK, CONTRIB_LAYERS, CONTRIB_RNN, LAYERS, RNN_CELLS, SLIM, TFCOMPAT_MODULES,
)

from ._schema import Change, Example, Kind, Safety

RNN_FUNCTIONS = ("dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn", "static_bidirectional_rnn")
SLIM_LOSSES = ("compute_weighted_loss", "softmax_cross_entropy", "sparse_softmax_cross_entropy",
               "sigmoid_cross_entropy", "mean_squared_error", "add_loss", "get_losses", "get_regularization_losses",
               "get_total_loss")
LEGACY_SEQ2SEQ = TFCOMPAT_MODULES["tfcompat.contrib.legacy_seq2seq"][1]
# Keras 3 keeps `tf.keras.optimizers.<name>` (same meaning); only the Keras 2 `legacy` ones raise.
KERAS_OPTIMIZERS = ("Adadelta", "Adagrad", "Adam", "Adamax", "Ftrl", "Nadam", "Optimizer", "RMSprop", "SGD")

KERAS3 = "raises \"not available with Keras 3\" on TF 2.16+"
# TF 0.12's keywords of `tf.contrib.distributions` constructors, renamed in TF 1.1 (TensorFlow Probability's names).
DISTRIBUTION_KEYWORDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Normal", (("mu", "loc"), ("sigma", "scale"))),
    ("StudentT", (("mu", "loc"), ("sigma", "scale"))),
    ("MultivariateNormalDiag", (("mu", "loc"), ("diag_stdev", "scale_diag"))),
    ("Bernoulli", (("p", "probs"),)),
    ("Categorical", (("p", "probs"),)),
    ("OneHotCategorical", (("p", "probs"),)),
    ("Binomial", (("n", "total_count"), ("p", "probs"))),
    ("Multinomial", (("n", "total_count"), ("p", "probs"))),
    ("Beta", (("a", "concentration1"), ("b", "concentration0"))),
    ("Gamma", (("alpha", "concentration"), ("beta", "rate"))),
    ("Dirichlet", (("alpha", "concentration"),)),
    ("Uniform", (("a", "low"), ("b", "high"))),
    ("Exponential", (("lam", "rate"),)),
    ("Poisson", (("lam", "rate"),)),
)


def _keras3(module: str, names: tuple[str, ...], new_module: str) -> tuple[Change, ...]:
    return tuple(
        Change(f"{module}.{name}", "TFC104", f"`{module}.{name}` {KERAS3}; use tfcompat's Keras-free `{name}`",
               Kind.REMOVED, new=f"{new_module}.{name}", in_compat_v1=True, since="2.16")
        for name in names
    )


def _contrib(module: str, names: tuple[str, ...], new_module: str = "") -> tuple[Change, ...]:
    new_module = new_module or "tfcompat" + module[2:]
    return tuple(
        Change(f"{module}.{name}", "TFC105", f"`tf.contrib` was removed in TF 2; use `{new_module}.{name}`",
               Kind.REMOVED, new=f"{new_module}.{name}", in_compat_v1=True, since="2.0")
        for name in names
    )


def _to_tfcompat(old: str, new: str, args: str) -> Change:
    name = new.rpartition(".")[2]
    return Change(old, "TFC101", f"`{old}` became `{name}` in TF 1.0; use tfcompat's `{name}`", Kind.RENAMED,
                  new=new, in_compat_v1=True, since="1.0",
                  examples=(Example(f"import tensorflow as tf\noutputs, state = {old}({args})\n",
                                    f"import tensorflow as tf\nimport tfcompat\noutputs, state = {new}({args})\n"),))


def _module(old: str, new: str | None, code: str, message: str) -> Change:
    safety = Safety.SAFE if new else Safety.MANUAL
    return Change(old, code, message, Kind.REMOVED, new=new, safety=safety, in_compat_v1=True, since="2.0")


CHANGES: tuple[Change, ...] = (
    *_keras3("tf.nn.rnn_cell", RNN_CELLS, "tfcompat.rnn_cell"),
    *_keras3("tf.layers", LAYERS, "tfcompat.layers"),
    *(Change(f"tf.nn.{name}", "TFC104", f"`tf.compat.v1.nn.{name}` only runs Keras-2 cells on TF 2.16+; "
             f"use tfcompat's `{name}` (same variables, fused fast path)", Kind.REMOVED,
             new=f"tfcompat.rnn.{name}", in_compat_v1=True, since="2.16") for name in RNN_FUNCTIONS),
    *(_to_tfcompat(old, new, args) for old, new, args in TO_TFCOMPAT),
    *_contrib("tf.contrib.rnn", CONTRIB_RNN),
    *_contrib("tf.contrib.layers", CONTRIB_LAYERS),
    *_contrib("tf.contrib.framework", CONTRIB_FRAMEWORK),
    *_contrib("tf.contrib.slim", SLIM),
    *_contrib("tf.contrib.slim.losses", SLIM_LOSSES),
    # `tfcompat.contrib.losses` is only an attribute (`from tfcompat.contrib.losses import ...` fails): name the module.
    *_contrib("tf.contrib.losses", SLIM_LOSSES, "tfcompat.contrib.slim.losses"),
    *_contrib("tf.contrib.slim.learning", ("create_train_op", "clip_gradient_norms")),
    # Per-name rows: TF's own upgrade list sends these names to TensorFlow Addons, which is no longer maintained.
    *_contrib("tf.contrib.opt", TFCOMPAT_MODULES["tfcompat.contrib.opt"][1]),
    *_contrib("tf.contrib.image", TFCOMPAT_MODULES["tfcompat.contrib.image"][1]),
    _module("tf.contrib", "tfcompat.contrib", "TFC105", "`tf.contrib` was removed in TF 2; tfcompat.contrib has "
            "its most used parts"),
    *(_module(f"tf.contrib.{m}", f"tfcompat.contrib.{m}", "TFC105", f"`tf.contrib.{m}` was removed in TF 2; "
              f"use `tfcompat.contrib.{m}`") for m in (
        "seq2seq",
        "estimator", "learn", "predictor",
        "layers", "rnn", "framework", "slim", "legacy_seq2seq", "training", "crf", "tpu", "lookup", "opt", "image",
        "cudnn_rnn", "metrics", "data", "summary", "eager", "tfprof", "staging")),
    # Served by maintained libraries through tfcompat's extras.
    _module("tf.contrib.slim.metrics", "tfcompat.contrib.metrics", "TFC105", "`tf.contrib.slim.metrics` (which is "
            "`tf.contrib.metrics`) was removed in TF 2; use `tfcompat.contrib.metrics`"),
    _module("tf.contrib.distributions", "tfcompat.contrib.distributions", "TFC105", "`tf.contrib.distributions` "
            "became TensorFlow Probability; use `tfcompat.contrib.distributions` "
            "(pip install 'tfcompat[probability]')"),
    *(Change(f"tf.contrib.distributions.{name}", "TFC203", f"`tf.contrib.distributions.{name}` keywords were "
             "renamed: " + ", ".join(f"{a}->{b}" for a, b in keywords), Kind.ARGUMENTS, keywords=keywords,
             in_compat_v1=True, since="1.1") for name, keywords in DISTRIBUTION_KEYWORDS),
    _module("tf.contrib.keras", "tfcompat.contrib.keras", "TFC105", "`tf.contrib.keras` was Keras 2, which TF 2.16+ "
            "no longer ships; use `tfcompat.contrib.keras` (tf-keras: pip install 'tfcompat[keras2]')"),
    # tf.keras in TF 1.x graph code: Keras 2's session names, and (the TFC504 check) every tf.keras name of a module
    # that runs a Session, go to tf-keras's Keras 2; Keras 3 code elsewhere is left alone.
    *(Change(f"tf.keras.backend.{name}", "TFC104", f"`tf.keras.backend.{name}` is Keras 2's TF 1.x graph mode, which "
             f"TF 2.16+'s Keras 3 does not have; use `tfcompat.contrib.keras.backend.{name}` (tf-keras: pip install "
             "'tfcompat[keras2]'), and tf-keras's Keras for this module's models (TFC504)", Kind.REMOVED,
             new=f"tfcompat.contrib.keras.backend.{name}", in_compat_v1=True, since="2.16")
      for name in KERAS2_GRAPH_ONLY),
    Change("tf.keras", "TFC504", "is Keras 3 on TF 2.16+, which does not run in TF 1.x graphs, and this module runs "
           "a `Session` (or Keras's own session); tf-keras's Keras 2 does (pip install 'tfcompat[keras2]')",
           Kind.PATTERN, new="tfcompat.contrib.keras", in_compat_v1=True, since="2.16", examples=(
               Example("import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
                       "model = tf.keras.Sequential([tf.keras.layers.Dense(2)])\nsess = tf.compat.v1.Session()\n",
                       "import tensorflow as tf\nimport tfcompat\ntf.compat.v1.disable_v2_behavior()\n"
                       "model = tfcompat.contrib.keras.Sequential([tfcompat.contrib.keras.layers.Dense(2)])\n"
                       "sess = tf.compat.v1.Session()\n"),
               Example("import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n",
                       valid=True))),
    # Per-name rows: TF's own upgrade list sends these to TF 2's summary API, whose defaults differ (no global step,
    # always recording); TF 2.21 still has TF 1.15's contrib functions.
    *_contrib("tf.contrib.summary", TFCOMPAT_MODULES["tfcompat.contrib.summary"][1]),
    *_contrib("tf.contrib.legacy_seq2seq", LEGACY_SEQ2SEQ),
    *_contrib("tf.contrib.rnn", ("EmbeddingWrapper",), "tfcompat.contrib.legacy_seq2seq"),
    # TF 2's tf.compat.v1.tpu.CrossShardOptimizer sums with CrossReplicaSum, which has no CPU/GPU kernel.
    *_contrib("tf.contrib.tpu", ("CrossShardOptimizer",)),
    _module("tf.contrib.*", None, "TFC105", "`tf.contrib` was removed in TF 2.0 with no drop-in for this part"),
    *(Change(f"tf.keras.optimizers.legacy.{name}", "TFC104", f"`tf.keras.optimizers.legacy.{name}` raises \"`keras."
             f"optimizers.legacy` is not supported in Keras 3\" on TF 2.16+; use `tf.keras.optimizers.{name}` (Keras "
             "3's) with Keras models, or a `tf.compat.v1.train.*Optimizer` in graph code", Kind.REMOVED,
             safety=Safety.MANUAL, in_compat_v1=True, since="2.16") for name in KERAS_OPTIMIZERS),
    _module("tf.layers", "tfcompat.layers", "TFC104", f"`tf.layers` {KERAS3}; use `tfcompat.layers`"),
    _module("tf.nn.rnn_cell", "tfcompat.rnn_cell", "TFC104", f"`tf.nn.rnn_cell` {KERAS3}; use `tfcompat.rnn_cell`"),
    # Internal and tutorial modules people imported: rows of tfcompat/spec/modules.py.
    *(_module(row.old, spelling(row), "TFC106", f"internal module; use `{spelling(row)}`") for row in fixed_rows()),
    # Private helpers user cells imported (TF 0.12's rnn_cell, 1.0-1.1's core_rnn_cell_impl, 1.2+'s
    # rnn_cell_impl and core_rnn_cell; the internal modules' rows send them here) and the tutorial's own code.
    *(Change(old, "TFC106", f"internal name; use `{new}` (TF 1.x variable names)", Kind.REMOVED,
             new=new, safety=Safety.SAFE, in_compat_v1=True, since="2.0") for old, new in (
        ("tf.nn.rnn_cell._linear", "tfcompat.rnn_cell._linear"),
        ("tf.nn.rnn_cell._Linear", "tfcompat.rnn_cell._Linear"),
        ("tf.nn.rnn_cell._like_rnncell", "tfcompat.rnn_cell._like_rnncell"),
        ("tf.nn.rnn_cell.EmbeddingWrapper", "tfcompat.contrib.legacy_seq2seq.EmbeddingWrapper"),
        *((f"{module}.EmbeddingWrapper", "tfcompat.contrib.legacy_seq2seq.EmbeddingWrapper")
          for module in ("tf.contrib.rnn.python.ops.core_rnn_cell", "tf.contrib.rnn.core_rnn_cell")),
    )),
    _module("tf.models.rnn.translate", None, "TFC106", "the translate tutorial's `seq2seq_model` and `data_utils` "
            "were example code, never part of TensorFlow: copy the tutorial's files into your project (they run "
            "on `tfcompat.contrib.legacy_seq2seq`)"),
    _module("tf.python.*", None, "TFC106", "internal module: not part of TF's public API, and it may be gone or "
            "need Keras 2 on TF 2; use the public spelling"),
    _module("tf.models.*", None, "TFC106", "`tensorflow.models` was never part of TF 1.x+; port by hand"),
    _module("tf.examples.*", None, "TFC106", "the tutorials are not shipped with TF 2"),
)
