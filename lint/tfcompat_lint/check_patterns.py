"""Pattern checks that no name table can express: loops that recreate variables or grow the graph."""
from __future__ import annotations

import ast
from dataclasses import dataclass

from tfcompat.spec.modules import KERAS2_GRAPH_ONLY

from .import_table import ImportTable

# Calls that create variables under a fixed name in the current variable scope.
VARIABLE_CREATORS = frozenset({
    "tf.get_variable", "tf.nn.rnn", "tf.nn.dynamic_rnn", "tf.nn.static_rnn", "tf.nn.bidirectional_rnn",
    "tf.nn.bidirectional_dynamic_rnn", "tf.nn.static_bidirectional_rnn", "tf.contrib.rnn.static_rnn",
    "tf.contrib.rnn.static_bidirectional_rnn", "tf.nn.raw_rnn",
})

# Public names that do not add graph ops when called.
NOT_OPS = frozenset({
    "Session", "InteractiveSession", "ConfigProto", "GPUOptions", "RunOptions", "RunMetadata", "Graph",
    "get_default_graph", "reset_default_graph", "get_default_session", "get_collection",
    "get_collection_ref", "get_variable_scope", "name_scope", "variable_scope", "device", "control_dependencies",
    "set_random_seed", "as_dtype", "TensorShape", "Dimension", "latest_checkpoint", "get_checkpoint_state",
    "Coordinator", "start_queue_runners", "FileWriter", "SummaryWriter", "global_variables", "trainable_variables",
    "all_variables", "local_variables", "disable_v2_behavior", "disable_eager_execution", "executing_eagerly",
    "list_physical_devices", "import_meta_graph",
})
NOT_OP_MODULES = ("tf.gfile.", "tf.io.gfile.", "tf.logging.", "tf.app.", "tf.flags.", "tf.errors.",
                  "tf.python_io.", "tf.test.", "tf.config.", "tf.dtypes.", "tf.compat.v1.logging.",
                  "tf.compat.v1.flags.", "tf.compat.v1.app.", "tf.compat.v1.gfile.", "tf.sysconfig.")


KERAS = "tf.keras"
# What makes a module TF 1.x graph code for its tf.keras names (TFC504): a session, or Keras 2's own.
KERAS_GRAPH_EVIDENCE = frozenset({
    "tf.Session", "tf.InteractiveSession", "tf.train.MonitoredTrainingSession", "tf.train.MonitoredSession",
    *(f"tf.keras.backend.{name}" for name in KERAS2_GRAPH_ONLY),
})


def keras_graph_evidence(public: str) -> bool:
    """Whether a public name shows that the module runs TF 1.x graphs (so its tf.keras must be Keras 2)."""
    return public in KERAS_GRAPH_EVIDENCE


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_constant(node: ast.AST | None) -> bool:
    return node is None or isinstance(node, ast.Constant)


@dataclass
class LoopFacts:
    """What a loop body does, found by one scan of it."""

    reuses: bool
    runs_session: bool
    resets_graph: bool
    reported_growth: bool = False


def scan_loop(loop: ast.For | ast.While | ast.AsyncFor, table: ImportTable) -> LoopFacts:
    reuses = runs_session = resets_graph = False
    for node in ast.walk(loop):
        if isinstance(node, ast.Call):
            func = node.func
            attr = func.attr if isinstance(func, ast.Attribute) else None
            if attr == "reuse_variables" or _keyword(node, "reuse") is not None:
                reuses = True
            elif attr in ("run", "eval"):
                runs_session = True
            elif attr == "as_default":
                resets_graph = True
            qualified = table.resolve(func)
            if qualified is None:
                continue
            last = qualified.rpartition(".")[2]
            if last == "reset_default_graph":
                resets_graph = True
            elif last == "variable_scope" and node.args and not _is_constant(node.args[0]):
                reuses = True
        elif isinstance(node, ast.Attribute) and node.attr == "AUTO_REUSE":
            reuses = True
    return LoopFacts(reuses, runs_session, resets_graph)


def creates_variables(public: str, call: ast.Call) -> bool:
    """A call that creates fixed-name variables (so a second loop iteration collides)."""
    if public not in VARIABLE_CREATORS:
        return False
    if _keyword(call, "reuse") is not None:
        return False
    scope = _keyword(call, "scope")
    if public == "tf.get_variable":
        name = call.args[0] if call.args else _keyword(call, "name")
        return isinstance(name, ast.Constant)
    return _is_constant(scope)


def creates_ops(public: str) -> bool:
    if not public.startswith("tf.") or public.startswith(NOT_OP_MODULES) or public.startswith("tf.python."):
        return False
    return public.rpartition(".")[2] not in NOT_OPS
