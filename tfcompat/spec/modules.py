"""Module paths TF 0.x/1.x code imported, and what answers each on TF 2.21.

One row per module path (``tf.``-spelled, ``tf`` standing for ``tensorflow``).
The linter resolves names under a row's path in its public namespace and fixes
the imports of rows marked ``fix``; ``tfcompat.v1`` serves the rows that name a
module (``import tfcompat.v1.python.ops.rnn_cell`` is ``tfcompat.rnn_cell``);
``--shim`` rewrites an import only where ``tfcompat.v1`` serves it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

V1 = "tfcompat.v1"


@dataclass(frozen=True)
class ModuleRow:
    """One module path and what stands for it."""

    old: str  # "tf.python.ops.array_ops"
    public: str | None = None  # the public TF 1.x namespace holding the same functions ("tf", "tf.nn")
    serves: str | None = None  # the module ``tfcompat.v1.<old without "tf.">`` is; None: not served
    fix: bool = False  # a fix rewrites the import to `spelling(row)` (rule TFC106)


def _ops(public: str, serves: str | None, fix: bool, *names: str) -> tuple[ModuleRow, ...]:
    return tuple(ModuleRow(f"tf.python.ops.{name}", public, serves, fix) for name in names)


# A row is added here, nowhere else: the resolver, TFC106, tfcompat.v1's aliases and --shim read it.
MODULES: tuple[ModuleRow, ...] = (
    # Internal op modules: the public namespace has the same functions.
    *_ops("tf", V1, True, "array_ops", "math_ops", "init_ops", "variable_scope"),
    # TF 2.21 still has these modules (with helpers such as with_dependencies that tf.compat.v1 lacks),
    # so tfcompat.v1 does not stand in for them and --shim leaves their imports alone.
    *_ops("tf", None, True, "control_flow_ops", "clip_ops", "state_ops", "variables"),
    *_ops("tf", None, False, "gen_math_ops", "gen_array_ops", "sparse_ops", "random_ops", "tensor_array_ops",
          "functional_ops", "script_ops"),
    *_ops("tf.nn", f"{V1}.nn", True, "nn_ops", "nn"),
    *_ops("tf.nn", None, True, "embedding_ops"),
    *_ops("tf.nn", None, False, "nn_impl"),
    # Modules whose TF 2.21 versions are Keras-2 only or gone: tfcompat's own stand in.
    *_ops("tf.nn", "tfcompat.rnn", True, "rnn"),
    *_ops("tf.nn.rnn_cell", "tfcompat.rnn_cell", True, "rnn_cell", "rnn_cell_impl"),
    *_ops("tf.contrib.legacy_seq2seq", "tfcompat.contrib.legacy_seq2seq", True, "seq2seq"),
    ModuleRow("tf.models.rnn.rnn", "tf.nn", "tfcompat.rnn", True),
    ModuleRow("tf.models.rnn.rnn_cell", "tf.nn.rnn_cell", "tfcompat.rnn_cell", True),
    ModuleRow("tf.models.rnn.seq2seq", "tf.contrib.legacy_seq2seq", "tfcompat.contrib.legacy_seq2seq", True),
    ModuleRow("tf.contrib.rnn.python.ops.rnn_cell", "tf.contrib.rnn"),
    ModuleRow("tf.contrib.rnn.python.ops.core_rnn_cell", "tf.nn.rnn_cell", "tfcompat.rnn_cell", True),
    ModuleRow("tf.contrib.rnn.python.ops.core_rnn_cell_impl", "tf.nn.rnn_cell", "tfcompat.rnn_cell", True),
    ModuleRow("tf.contrib.rnn.core_rnn_cell", "tf.nn.rnn_cell", "tfcompat.rnn_cell", True),
    # TF 1.x code imported contrib.learn through its implementation package too.
    ModuleRow("tf.contrib.learn.python.learn", "tf.contrib.learn", "tfcompat.contrib.learn", True),
    *(ModuleRow(f"tf.contrib.learn.python.learn.{name}", f"tf.contrib.learn.{name}", f"tfcompat.contrib.learn.{name}",
                True) for name in ("learn_runner", "preprocessing")),
    ModuleRow("tf.python.util.nest", "tf.nest", "tfcompat.nest", True),
    ModuleRow("tf.contrib.framework.nest", "tf.nest", "tfcompat.nest"),  # the tf.contrib.framework rows fix it
    *(ModuleRow(f"tf.python.framework.{name}", "tf") for name in ("ops", "dtypes", "constant_op", "tensor_shape")),
    ModuleRow("tf.python.ops.constant_op", "tf", V1, True),  # 0.x's path of framework.constant_op, gone on TF 2
    ModuleRow("tf.python.platform.gfile", "tf.gfile", None, True),
    ModuleRow("tf.python.platform.tf_logging", "tf.logging"),
    *(ModuleRow(f"tf.python.training.{name}", "tf.train") for name in ("training", "saver", "optimizer")),
    ModuleRow("tf.python.client.session", "tf"),
    ModuleRow("tf.python.framework.graph_util", "tf.graph_util", None, True),
    # TF 1.x's layer modules behind tf.layers: tfcompat's layers stand in (as for tf.layers).
    *(ModuleRow(f"tf.python.layers.{name}", "tf.layers", "tfcompat.layers", True)
      for name in ("convolutional", "core", "normalization", "pooling")),
    # The tutorials' MNIST reader, not shipped with TF 2.
    ModuleRow("tf.examples.tutorials.mnist", None, "tfcompat.examples.tutorials.mnist", True),
    ModuleRow("tf.examples.tutorials.mnist.input_data", None, "tfcompat.examples.tutorials.mnist.input_data", True),
    # Public namespaces that tfcompat.v1 serves with tfcompat's modules (the linter has its own rows for them).
    ModuleRow("tf.nest", serves="tfcompat.nest"),
    ModuleRow("tf.layers", serves="tfcompat.layers"),
    ModuleRow("tf.contrib", serves="tfcompat.contrib"),
    ModuleRow("tf.examples", serves="tfcompat.examples"),
    ModuleRow("tf.train", serves="tfcompat.train"),
    ModuleRow("tf.estimator", serves="tfcompat.estimator"),  # TF 2.16+ has no tf.compat.v1.estimator
    ModuleRow("tf.nn.rnn_cell", serves="tfcompat.rnn_cell"),
    ModuleRow("tf.nn.seq2seq", serves="tfcompat.contrib.legacy_seq2seq"),  # 0.x's name
    # Keras 2's v1 API, from tf-keras (pip install 'tfcompat[keras2]'); without it tfcompat.v1.keras is TF 2.21's
    # tf.compat.v1.keras (Keras 3), whose KERAS2_GRAPH_ONLY names say what to install (tfcompat/v1/_keras.py).
    ModuleRow("tf.keras", serves="tf_keras.api._v1.keras"),
    # 0.x code reached the op modules under their short names too.
    ModuleRow("tf.array_ops", serves=V1),
    ModuleRow("tf.math_ops", serves=V1),
    ModuleRow("tf.nn.nn_ops", serves=f"{V1}.nn"),  # 0.12 listed tf.nn.nn_ops.conv2d and the like
)

# Keras 2 backend functions of TF 1.x graph code (its Session, the learning-phase placeholder) that TF 2.21's
# Keras 3 does not have: served by tf-keras only.
KERAS2_GRAPH_ONLY = ("get_session", "learning_phase", "manual_variable_initialization", "set_learning_phase",
                     "set_session")

# A path with one of these parts is TensorFlow's internals: served only where a row says so.
_INTERNAL_PARTS = frozenset({"python", "models", "core"})


def _relative(old: str) -> str:
    return old[len("tf."):]


def internal_to_public() -> dict[str, str]:
    """``tf.``-spelled module path -> the public namespace holding its functions (the linter's resolver)."""
    return {row.old: row.public for row in MODULES if row.public}


def spelling(row: ModuleRow) -> str:
    """What a fix writes for an import of ``row.old``: tfcompat's module, or the compat.v1 namespace."""
    if row.serves and not row.serves.startswith(V1):
        return row.serves
    assert row.public is not None, row
    return "tf.compat.v1" + row.public[len("tf"):]


def fixed_rows() -> tuple[ModuleRow, ...]:
    """The rows whose imports a fix rewrites (the linter's TFC106 rows)."""
    return tuple(row for row in MODULES if row.fix)


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Path under ``tfcompat.v1`` -> the module it is (a path also covers its submodules)."""
    return {_relative(row.old): row.serves for row in MODULES if row.serves}


@lru_cache(maxsize=1)
def bare_packages() -> frozenset[str]:
    """Internal packages on the aliases' paths that hold nothing but the aliases below them."""
    found = set()
    for path in aliases():
        parts = path.split(".")
        for end in range(1, len(parts)):
            prefix = ".".join(parts[:end])
            if _is_internal(prefix) and prefix not in aliases():
                found.add(prefix)
    return frozenset(found)


def _is_internal(path: str) -> bool:
    return any(part in _INTERNAL_PARTS for part in path.split("."))


def served_by(path: str) -> str | None:
    """The module ``tfcompat.v1.<path>`` is, when an alias covers it (the longest one wins)."""
    table = aliases()
    prefix = path
    while prefix:
        target = table.get(prefix)
        if target is not None:
            rest = path[len(prefix):]
            return None if _is_internal(rest.lstrip(".")) else target + rest
        prefix = prefix.rpartition(".")[0]
    return None


def serves(path: str) -> bool:
    """Whether ``tfcompat.v1.<path>`` imports: an alias, a bare package, or a public (non-internal) path."""
    return served_by(path) is not None or path in bare_packages() or not _is_internal(path)
