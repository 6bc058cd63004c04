"""Naive numpy convolution/pooling references (channels_last) for the layer tests."""
from __future__ import annotations

import itertools

import numpy as np


def pad_same(x: np.ndarray, kernel: tuple, strides: tuple) -> np.ndarray:
    """TF 'SAME' padding for every spatial axis of a channels_last array."""
    pads = [(0, 0)]
    for size, k, s in zip(x.shape[1:-1], kernel, strides):
        out = -(-size // s)
        total = max((out - 1) * s + k - size, 0)
        pads.append((total // 2, total - total // 2))
    return np.pad(x, pads + [(0, 0)])


def conv(x: np.ndarray, w: np.ndarray, strides: tuple, padding: str) -> np.ndarray:
    """Cross-correlation, ``w`` is ``kernel + [in, out]``."""
    kernel = w.shape[:-2]
    if padding == "same":
        x = pad_same(x, kernel, strides)
    out_sizes = [(n - k) // s + 1 for n, k, s in zip(x.shape[1:-1], kernel, strides)]
    out = np.zeros([x.shape[0], *out_sizes, w.shape[-1]])
    for pos in itertools.product(*[range(n) for n in out_sizes]):
        window = tuple(slice(p * s, p * s + k) for p, s, k in zip(pos, strides, kernel))
        patch = x[(slice(None), *window)]
        out[(slice(None), *pos)] = np.tensordot(patch, w, axes=(list(range(1, patch.ndim)),
                                                                list(range(w.ndim - 1))))
    return out


def conv_transpose2d(x: np.ndarray, w: np.ndarray, stride: int) -> np.ndarray:
    """VALID transposed conv, ``w`` is ``[kh, kw, out, in]``."""
    b, h, wd, _ = x.shape
    kh, kw, out_c, _ = w.shape
    out = np.zeros([b, (h - 1) * stride + kh, (wd - 1) * stride + kw, out_c])
    for i, j in itertools.product(range(h), range(wd)):
        out[:, i * stride:i * stride + kh, j * stride:j * stride + kw] += np.einsum("bc,hwoc->bhwo", x[:, i, j], w)
    return out


def pool(x: np.ndarray, size: tuple, strides: tuple, reduce) -> np.ndarray:
    """VALID pooling over every spatial axis."""
    out_sizes = [(n - k) // s + 1 for n, k, s in zip(x.shape[1:-1], size, strides)]
    out = np.zeros([x.shape[0], *out_sizes, x.shape[-1]])
    axes = tuple(range(1, x.ndim - 1))
    for pos in itertools.product(*[range(n) for n in out_sizes]):
        window = tuple(slice(p * s, p * s + k) for p, s, k in zip(pos, strides, size))
        out[(slice(None), *pos)] = reduce(x[(slice(None), *window)], axis=axes)
    return out
