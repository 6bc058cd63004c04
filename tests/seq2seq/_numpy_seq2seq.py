"""Independent numpy forms of the tf.contrib.seq2seq equations (float64), keyed by TF 1.x variable names."""
from __future__ import annotations

from typing import Callable

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def log_softmax(x: np.ndarray) -> np.ndarray:
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(x: np.ndarray) -> np.ndarray:
    return np.exp(log_softmax(x))


def lstm(values: dict, prefix: str, forget_bias: float = 1.0) -> Callable:
    """BasicLSTMCell step on ``(c, h)``: gates i, j, f, o from ``[x, h] @ kernel + bias``."""
    w, b = values[f"{prefix}/kernel"], values[f"{prefix}/bias"]

    def step(x: np.ndarray, state: tuple) -> tuple:
        c, h = state
        i, j, f, o = np.split(np.concatenate([x, h], 1) @ w + b, 4, axis=1)
        new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
        new_h = np.tanh(new_c) * sigmoid(o)
        return new_h, (new_c, new_h)

    return step


def masked(score: np.ndarray, lengths: np.ndarray | None) -> np.ndarray:
    if lengths is None:
        return score
    return np.where(np.arange(score.shape[1])[None] < lengths[:, None], score, -np.inf)


def bahdanau_score(query: np.ndarray, keys: np.ndarray, v: np.ndarray, g: float | None = None,
                   b: np.ndarray | None = None) -> np.ndarray:
    """``v . tanh(keys + q)``, or with weight normalization ``g v/|v| . tanh(keys + q + b)``."""
    if g is None:
        return np.tanh(keys + query[:, None]) @ v
    return np.tanh(keys + query[:, None] + b) @ (g * v / np.sqrt((v ** 2).sum()))


def luong_score(query: np.ndarray, keys: np.ndarray, g: float | None = None) -> np.ndarray:
    score = np.einsum("bd,btd->bt", query, keys)
    return score if g is None else g * score


def cumprod_exclusive(x: np.ndarray) -> np.ndarray:
    return np.concatenate([np.ones_like(x[:, :1]), np.cumprod(x, axis=1)[:, :-1]], axis=1)


def monotonic_recursive(p: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Raffel et al. 2017 eq. 11 by its recurrence: ``q_j = (1 - p_{j-1}) q_{j-1} + a_prev_j``, ``a = p q``."""
    q = np.zeros_like(p)
    for j in range(p.shape[1]):
        q[:, j] = (q[:, j - 1] * (1 - p[:, j - 1]) if j else 0) + previous[:, j]
    return p * q


def monotonic_hard(p: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """The first index at or after the previously attended one where ``p`` is 1."""
    out = np.zeros_like(p)
    for b in range(p.shape[0]):
        start = int(np.argmax(previous[b]))
        chosen = [j for j in range(start, p.shape[1]) if p[b, j] > 0]
        if chosen and previous[b].sum() > 0:
            out[b, chosen[0]] = 1
    return out


def gather_tree(step_ids: np.ndarray, parent_ids: np.ndarray, lengths: np.ndarray, end_token: int) -> np.ndarray:
    """Back-pointer walk of TF 1.15's GatherTree kernel, per batch entry and beam.

    An invalid parent (TF 1.15's GPU kernel, uve/tensorflow@e08079463bf4
    tensorflow/contrib/seq2seq/kernels/beam_search_ops_gpu.cu.cc; the CPU kernel raises instead) writes -1 at
    that step and every earlier one, and that beam skips the end-token pass.
    """
    time, batch, beams = step_ids.shape
    out = np.full_like(step_ids, end_token)
    for b in range(batch):
        length = min(time, int(lengths[b]))
        for k in range(beams):
            if length <= 0:
                continue
            out[length - 1, b, k] = step_ids[length - 1, b, k]
            parent = parent_ids[length - 1, b, k]
            for t in range(length - 2, -1, -1):
                if parent < 0 or parent > beams:
                    out[:t + 1, b, k] = -1
                    break
                out[t, b, k] = step_ids[t, b, parent]
                parent = parent_ids[t, b, parent]
            if (out[:length, b, k] == -1).any():
                continue
            finished = False
            for t in range(length):
                if finished:
                    out[t, b, k] = end_token
                elif out[t, b, k] == end_token:
                    finished = True
    return out


def length_penalty(lengths: np.ndarray, alpha: float) -> np.ndarray:
    """Wu et al. 2016: ``((5 + |Y|) / 6) ** alpha``."""
    return ((5.0 + lengths) / 6.0) ** alpha


def beam_search(step: Callable, state: object, batch: int, beam: int, vocab: int, start: int, end: int,
                steps: int, alpha: float, coverage: float = 0.0) -> list:
    """Beam search of TF 1.15's BeamSearchDecoder for ``steps`` steps, one batch entry at a time.

    ``step(ids [beam], state) -> (logits [beam, vocab], new_state)`` runs one batch entry's beams;
    ``state`` is a list of per-entry states whose leaves have the beam as first axis.
    With a ``coverage`` weight, ``step`` also returns the alignments ``[beam, memory]``: finished beams gain
    ``coverage * sum(log(min(attention mass so far, 1)))`` over the positions that got any (Wu et al. 2016).
    Returns per entry the chosen word ids, parents and scores per step, the final lengths, the first step
    count after which every beam was finished (None if never), and ``slot_lengths``: what TF 1.15's
    dynamic_decode returns as sequence lengths for a decoder tracking its own finished state (decoder.py:
    ``where(not finished, time + 1, lengths)`` per beam slot, where ``finished`` starts as the decoder's own,
    every beam but the first, and is afterwards the step's reordered ``finished``).
    """
    results = []
    for b in range(batch):
        log_probs = np.full(beam, -np.inf)
        log_probs[0] = 0.0
        finished = np.zeros(beam, bool)
        lengths = np.zeros(beam, np.int64)
        ids = np.full(beam, start)
        st = state[b]
        accumulated = 0.0
        words, parents, scores = [], [], []
        done_at = None
        slot_finished = np.arange(beam) > 0
        slot_lengths = np.zeros(beam, np.int64)
        for t in range(steps):
            slot_lengths = np.where(slot_finished, slot_lengths, t + 1)
            logits, st, *alignments = step(ids, st)
            step_lp = log_softmax(logits)
            step_lp[finished] = np.finfo(np.float32).min
            step_lp[finished, end] = 0.0
            total = log_probs[:, None] + step_lp
            new_len = lengths[:, None] + ((np.arange(vocab)[None] != end) & ~finished[:, None])
            score = total / (length_penalty(new_len, alpha) if alpha else 1.0)
            if coverage:
                accumulated = accumulated + alignments[0] * ~finished[:, None]
                mass = np.where(accumulated == 0, 1.0, np.minimum(accumulated, 1.0))
                score = score + (coverage * np.log(mass).sum(1) * finished)[:, None]
            flat = score.reshape(-1)
            order = np.argsort(-flat, kind="stable")[:beam]
            parent, word = order // vocab, order % vocab
            prev_finished = finished[parent]
            finished = prev_finished | (word == end)
            lengths = lengths[parent] + ~prev_finished
            log_probs = total.reshape(-1)[order]
            st = [leaf[parent] for leaf in st]
            if coverage:
                accumulated = accumulated[parent]
            words.append(word)
            parents.append(parent)
            scores.append(flat[order])
            ids = word
            slot_finished = finished
            if finished.all() and done_at is None:
                done_at = t + 1
        results.append({"words": np.array(words), "parents": np.array(parents), "scores": np.array(scores),
                        "lengths": lengths, "done_at": done_at, "slot_lengths": slot_lengths})
    return results
