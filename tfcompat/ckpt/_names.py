"""Old (TF 0.12 / 1.0-1.1) RNN variable names -> today's TF 1.x names, plus user maps.

0.12: ``RNN/MultiRNNCell/Cell0/BasicLSTMCell/Linear/Matrix``, ``RNN/LSTMCell/W_0``, ``B``, ``W_F_diag``.
1.0:  ``rnn/multi_rnn_cell/cell_0/basic_lstm_cell/weights``, ``biases``.
Today: ``rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel``, ``bias``.
Trailing optimizer slots (``.../Adam``, ``.../Momentum``) are kept.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Mapping

CELL_SCOPES_0_12 = {
    "BasicLSTMCell": "basic_lstm_cell",
    "LSTMCell": "lstm_cell",
    "GRUCell": "gru_cell",
    "BasicRNNCell": "basic_rnn_cell",
    "OutputProjectionWrapper": "output_projection_wrapper",
    "InputProjectionWrapper": "input_projection_wrapper",
    "EmbeddingWrapper": "embedding_wrapper",
    "AttentionCellWrapper": "attention_cell_wrapper",
    "LayerNormBasicLSTMCell": "layer_norm_basic_lstm_cell",
}
_CELL_SCOPES_TODAY = set(CELL_SCOPES_0_12.values())
_SUBSCOPES = {"Gates": "gates", "Candidate": "candidate", "Attention": "attention",
              "AttnOutputProjection": "attn_output_projection", "gates": "gates", "candidate": "candidate",
              "attention": "attention", "attn_output_projection": "attn_output_projection",
              "projection": "projection"}
_LEAVES = {"W_0": "kernel", "B": "bias", "W_F_diag": "w_f_diag", "W_I_diag": "w_i_diag",
           "W_O_diag": "w_o_diag", "W_P_0": "projection/kernel", "weights": "kernel", "biases": "bias",
           "Matrix": "kernel", "Bias": "bias"}
_MULTI_CELL = re.compile(r"Cell(\d+)$")


def modern_name(name: str) -> str:
    """Today's name for one checkpoint entry (unchanged when no rule applies)."""
    out: list[str] = []
    in_cell = False
    parts = name.split("/")
    index = 0
    while index < len(parts):
        part = parts[index]
        previous = out[-1] if out else ""
        if in_cell and part == "Linear" and index + 1 < len(parts) and parts[index + 1] in ("Matrix", "Bias"):
            index += 1
            continue
        if in_cell and part in _LEAVES:
            out.append(_LEAVES[part])
            in_cell = False
        elif in_cell and part in _SUBSCOPES:
            out.append(_SUBSCOPES[part])
        elif part == "RNN" and not in_cell:
            out.append("rnn")
        elif part == "BiRNN":
            out.append("bidirectional_rnn")
        elif part in ("FW", "BW") and previous == "bidirectional_rnn":
            out.append(part.lower())
        elif part == "MultiRNNCell":
            out.append("multi_rnn_cell")
        elif previous == "multi_rnn_cell" and _MULTI_CELL.match(part):
            out.append("cell_" + _MULTI_CELL.match(part).group(1))
        elif part in CELL_SCOPES_0_12:
            out.append(CELL_SCOPES_0_12[part])
            in_cell = True
        else:
            out.append(part)
            in_cell = in_cell or part in _CELL_SCOPES_TODAY
        index += 1
    return "/".join(out)


def read_map_file(path: str | Path) -> dict[str, str]:
    """A user rename map: JSON ``{"old": "new"}`` or lines ``OLD NEW`` (``#`` comments).

    An ``OLD`` ending in ``/`` renames every name under that prefix.
    """
    text = Path(path).read_text()
    if str(path).endswith(".json"):
        return {str(k): str(v) for k, v in json.loads(text).items()}
    mapping = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.replace("->", " ").split()
        if len(fields) != 2:
            raise ValueError(f"{path}:{number}: expected 'OLD NEW', got {line!r}")
        mapping[fields[0]] = fields[1]
    return mapping


def apply_custom(name: str, custom: Mapping[str, str]) -> str | None:
    """The user map's rename for ``name`` (exact entry first, then the longest ``prefix/``)."""
    if name in custom:
        return custom[name]
    prefixes = [old for old in custom if old.endswith("/") and name.startswith(old)]
    if prefixes:
        old = max(prefixes, key=len)
        return custom[old] + name[len(old):]
    return None


def build_name_map(names: Iterable[str], custom: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{checkpoint name: new name}`` for every name; the user map wins over the built-in rules."""
    mapping = {}
    for name in names:
        renamed = apply_custom(name, custom or {})
        mapping[name] = renamed if renamed is not None else modern_name(name)
    targets: dict[str, str] = {}
    for old, new in mapping.items():
        if new in targets:
            raise ValueError(f"Both {targets[new]!r} and {old!r} would be renamed to {new!r}")
        targets[new] = old
    return mapping
