"""Independent numpy forms of the legacy seq2seq equations (float64), keyed by TF 1.x variable names."""
from __future__ import annotations

from typing import Callable

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def xent(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Sparse softmax cross-entropy per row."""
    return -np.log(softmax(logits)[np.arange(len(labels)), labels])


def gru(values: dict, prefix: str) -> Callable:
    """GRUCell step with the variables under ``prefix`` (``.../gru_cell``)."""
    wg, bg = values[f"{prefix}/gates/kernel"], values[f"{prefix}/gates/bias"]
    wc, bc = values[f"{prefix}/candidate/kernel"], values[f"{prefix}/candidate/bias"]

    def step(x: np.ndarray, h: np.ndarray) -> tuple:
        r, u = np.split(sigmoid(np.concatenate([x, h], 1) @ wg + bg), 2, axis=1)
        c = np.tanh(np.concatenate([x, r * h], 1) @ wc + bc)
        new_h = u * h + (1 - u) * c
        return new_h, new_h

    return step


def basic_rnn(values: dict, prefix: str) -> Callable:
    """BasicRNNCell step: ``tanh([x, h] @ W + b)``."""
    w, b = values[f"{prefix}/kernel"], values[f"{prefix}/bias"]

    def step(x: np.ndarray, h: np.ndarray) -> tuple:
        new_h = np.tanh(np.concatenate([x, h], 1) @ w + b)
        return new_h, new_h

    return step


def projected(values: dict, prefix: str, cell: Callable) -> Callable:
    """OutputProjectionWrapper: the cell's output times ``kernel`` plus ``bias``."""
    w, b = values[f"{prefix}/kernel"], values[f"{prefix}/bias"]

    def step(x: np.ndarray, h: np.ndarray) -> tuple:
        out, new_h = cell(x, h)
        return out @ w + b, new_h

    return step


def unroll(cell: Callable, inputs: list, h: np.ndarray) -> tuple:
    outputs = []
    for x in inputs:
        out, h = cell(x, h)
        outputs.append(out)
    return outputs, h


def attention_decode(values: dict, prefix: str, cell: Callable, inputs: list, h: np.ndarray,
                     states: np.ndarray, num_heads: int, initial_state_attention: bool = False,
                     loop: Callable | None = None) -> tuple:
    """``attention_decoder``: Bahdanau-style reads of ``states`` [batch, length, size] by each head."""
    size = states.shape[2]

    def attend(query: np.ndarray) -> list:
        reads = []
        for a in range(num_heads):
            features = states @ values[f"{prefix}/AttnW_{a}"].reshape(size, size)
            y = query @ values[f"{prefix}/Attention_{a}/kernel"] + values[f"{prefix}/Attention_{a}/bias"]
            scores = (values[f"{prefix}/AttnV_{a}"] * np.tanh(features + y[:, None, :])).sum(-1)
            reads.append((softmax(scores)[:, :, None] * states).sum(1))
        return reads

    attns = attend(h) if initial_state_attention else [np.zeros((h.shape[0], size))] * num_heads
    outputs, prev = [], None
    for i, x in enumerate(inputs):
        if loop is not None and prev is not None:
            x = loop(prev)
        merged = np.concatenate([x] + attns, 1) @ values[f"{prefix}/kernel"] + values[f"{prefix}/bias"]
        cell_out, h = cell(merged, h)
        attns = attend(h)
        out = (np.concatenate([cell_out] + attns, 1) @ values[f"{prefix}/AttnOutputProjection/kernel"]
               + values[f"{prefix}/AttnOutputProjection/bias"])
        outputs.append(out)
        prev = out
    return outputs, h
