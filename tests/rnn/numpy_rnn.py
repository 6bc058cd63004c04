"""Independent numpy implementations of the TF 1.x cell equations (the test oracle)."""
from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def basic_rnn_step(x, h, kernel, bias):
    out = np.tanh(np.concatenate([x, h], 1) @ kernel + bias)
    return out, out


def lstm_step(x, c, h, kernel, bias, forget_bias=1.0, peep=None, cell_clip=None, proj=None,
              proj_clip=None, act=np.tanh):
    """TF 1.x LSTMCell: i, j, f, o = split(W [x, h] + b); optional peepholes (w_f, w_i, w_o)."""
    z = np.concatenate([x, h], 1) @ kernel + bias
    i, j, f, o = np.split(z, 4, axis=1)
    if peep is not None:
        w_f, w_i, w_o = peep
        new_c = sigmoid(f + forget_bias + w_f * c) * c + sigmoid(i + w_i * c) * act(j)
    else:
        new_c = sigmoid(f + forget_bias) * c + sigmoid(i) * act(j)
    if cell_clip is not None:
        new_c = np.clip(new_c, -cell_clip, cell_clip)
    if peep is not None:
        new_h = sigmoid(o + peep[2] * new_c) * act(new_c)
    else:
        new_h = sigmoid(o) * act(new_c)
    if proj is not None:
        new_h = new_h @ proj
        if proj_clip is not None:
            new_h = np.clip(new_h, -proj_clip, proj_clip)
    return new_c, new_h


def gru_step(x, h, gate_kernel, gate_bias, cand_kernel, cand_bias):
    r, u = np.split(sigmoid(np.concatenate([x, h], 1) @ gate_kernel + gate_bias), 2, axis=1)
    c = np.tanh(np.concatenate([x, r * h], 1) @ cand_kernel + cand_bias)
    new_h = u * h + (1 - u) * c
    return new_h, new_h


def run_lstm(xs, kernel, bias, units, lengths=None, **kwargs):
    """Batch-major ``xs`` [B, T, D] -> outputs [B, T, out] (zero past lengths), final (c, h)."""
    batch, steps, _ = xs.shape
    out_dim = kwargs["proj"].shape[1] if kwargs.get("proj") is not None else units
    c, h = np.zeros((batch, units), np.float64), np.zeros((batch, out_dim), np.float64)
    outputs = np.zeros((batch, steps, out_dim))
    for t in range(steps):
        new_c, new_h = lstm_step(xs[:, t], c, h, kernel, bias, **kwargs)
        live = np.ones(batch, bool) if lengths is None else t < np.asarray(lengths)
        c = np.where(live[:, None], new_c, c)
        h = np.where(live[:, None], new_h, h)
        outputs[:, t] = np.where(live[:, None], new_h, 0.0)
    return outputs, (c, h)


def run_cell(step, xs, h0, lengths=None):
    """Generic single-state runner: ``step(x, h) -> (out, h)``."""
    batch, steps, _ = xs.shape
    h = h0
    outputs = []
    for t in range(steps):
        out, new_h = step(xs[:, t], h)
        live = np.ones(batch, bool) if lengths is None else t < np.asarray(lengths)
        h = np.where(live[:, None], new_h, h)
        outputs.append(np.where(live[:, None], out, 0.0))
    return np.stack(outputs, 1), h
