"""`--shim`: point a program's TensorFlow imports at `tfcompat.v1`, changing nothing else."""
from __future__ import annotations

import ast

from ..diagnostics import Edit
from ..source import Positions
from ._apply import apply_edits

# Longest prefix first: TF module -> the tfcompat module that stands in for it.
MODULE_MAP: tuple[tuple[str, str], ...] = (
    ("tensorflow.examples.tutorials.mnist", "tfcompat.examples.tutorials.mnist"),
    ("tensorflow.contrib.framework.nest", "tfcompat.nest"),
    ("tensorflow.contrib", "tfcompat.contrib"),
    ("tensorflow.python.ops.rnn_cell_impl", "tfcompat.rnn_cell"),
    ("tensorflow.python.ops.rnn_cell", "tfcompat.rnn_cell"),
    ("tensorflow.models.rnn.rnn_cell", "tfcompat.rnn_cell"),
    ("tensorflow.python.ops.rnn", "tfcompat.rnn"),
    ("tensorflow.models.rnn.rnn", "tfcompat.rnn"),
    ("tensorflow.python.util.nest", "tfcompat.nest"),
    ("tensorflow.nn.rnn_cell", "tfcompat.rnn_cell"),
    ("tensorflow.compat.v1", "tfcompat.v1"),
    ("tensorflow", "tfcompat.v1"),
)
# Internal modules whose functions live in the top-level (or nn) namespace of tfcompat.v1.
NAMESPACE_MODULES = {
    "tensorflow.python.ops": {"array_ops": "", "math_ops": "", "control_flow_ops": "", "clip_ops": "",
                              "init_ops": "", "state_ops": "", "variable_scope": "", "variables": "",
                              "nn_ops": "nn", "nn": "nn", "embedding_ops": "nn", "rnn_cell": None, "rnn": None},
    "tensorflow.python.util": {"nest": None},
    "tensorflow.models.rnn": {"rnn_cell": None, "rnn": None},
}


def _map_module(module: str) -> str | None:
    for old, new in MODULE_MAP:
        if module == old or module.startswith(old + "."):
            rest = module[len(old):]
            return new + rest if not (new == "tfcompat.v1" and rest.startswith(".python")) else None
    return None


def _statement(node: ast.Import | ast.ImportFrom) -> str | None:
    """The statement that imports the same names from tfcompat, or None to leave it."""
    if isinstance(node, ast.Import):
        parts = []
        changed = False
        for alias in node.names:
            new = _map_module(alias.name)
            if new is None:
                parts.append(f"import {alias.name}" + (f" as {alias.asname}" if alias.asname else ""))
                continue
            changed = True
            local = alias.asname or alias.name.split(".")[0]
            if alias.asname is None and "." in alias.name:
                parts.append(f"import tfcompat.v1 as {local}")
            else:
                parts.append(f"import {new} as {local}")
        return "; ".join(parts) if changed else None
    if node.level or not node.module:
        return None
    namespace = NAMESPACE_MODULES.get(node.module)
    if namespace is not None:
        lines = []
        for alias in node.names:
            local = alias.asname or alias.name
            target = namespace.get(alias.name, "?")
            if target is None:  # a tfcompat module of the same name
                lines.append(f"from tfcompat import {alias.name}" + (f" as {alias.asname}" if alias.asname else ""))
            elif target == "":
                lines.append(f"import tfcompat.v1 as {local}")
            elif target == "?":
                return None
            else:
                lines.append(f"from tfcompat.v1 import {target} as {local}")
        return "; ".join(lines)
    new = _map_module(node.module)
    if new is None:
        return None
    names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in node.names)
    return f"from {new} import {names}"


def shim_imports(text: str) -> str:
    """`text` with every TensorFlow import replaced by its tfcompat stand-in."""
    tree = ast.parse(text)
    positions = Positions(text)
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            new = _statement(node)
            if new is not None:
                edits.append((positions.start(node), positions.end(node), new))
    return apply_edits(text, [Edit(*start, *end, new) for start, end, new in edits])
