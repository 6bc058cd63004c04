"""Renamed 0.x ops: numbers against numpy (graph and eager), op types against the TF 2 spelling."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.ops as ops
from runtime_helpers import graph_op_types, run_eager, run_graph

pytestmark = pytest.mark.filterwarnings("ignore::tfcompat._warnings.TFCompatDeprecationWarning")

rng = np.random.default_rng(0)


def _spd(batch: int, n: int) -> np.ndarray:
    a = rng.standard_normal((batch, n, n))
    return (a @ a.transpose(0, 2, 1) + n * np.eye(n)).astype(np.float64)


def _complex(*shape: int) -> np.ndarray:
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)


A = rng.standard_normal((2, 3)).astype(np.float32)
B = rng.standard_normal((2, 3)).astype(np.float32) + 2.0
SPD = _spd(3, 4)
RHS = rng.standard_normal((3, 4, 2))
TALL = rng.standard_normal((3, 5, 2))
TALL_RHS = rng.standard_normal((3, 5, 1))


@dataclass
class Case:
    shim: Callable[..., Any]
    native: Callable[..., Any]
    inputs: tuple[np.ndarray, ...]
    reference: Callable[..., Any]
    rtol: float = 1e-5


CASES = {
    "pack": Case(lambda a, b: ops.pack([a, b]), lambda a, b: tf.stack([a, b]), (A, B), lambda a, b: np.stack([a, b])),
    "pack_axis": Case(lambda a, b: ops.pack([a, b], 1), lambda a, b: tf.stack([a, b], 1), (A, B),
                      lambda a, b: np.stack([a, b], 1)),
    "unpack": Case(lambda a: ops.unpack(a), lambda a: tf.unstack(a), (A,), lambda a: list(a)),
    "mul": Case(ops.mul, tf.multiply, (A, B), np.multiply),
    "sub": Case(ops.sub, tf.subtract, (A, B), np.subtract),
    "neg": Case(ops.neg, tf.negative, (A,), np.negative),
    "inv": Case(ops.inv, tf.math.reciprocal, (B,), np.reciprocal),
    "complex_abs": Case(ops.complex_abs, tf.abs, (_complex(2, 3),), np.abs),
    "select_rows": Case(ops.select, tf.compat.v1.where, (np.array([True, False]), A, B),
                        lambda c, a, b: np.where(c[:, None], a, b)),
    "select_keywords": Case(lambda c, a, b: ops.select(c, t=a, e=b), tf.compat.v1.where,
                            (A > 0, A, B), np.where),
    "listdiff": Case(ops.listdiff, tf.compat.v1.setdiff1d,
                     (np.array([1, 2, 3, 4, 5, 6]), np.array([1, 3, 5])),
                     lambda x, y: (np.array([2, 4, 6]), np.array([1, 3, 5]))),
    # The notes' item 11: [n, 50, 1] x [n, 1, 50] -> [n, 50, 50] (smaller here).
    "batch_mul_notes": Case(ops.batch_mul, tf.matmul,
                            (rng.standard_normal((4, 5, 1)).astype(np.float32),
                             rng.standard_normal((4, 1, 5)).astype(np.float32)), np.matmul),
    "batch_matmul_adj": Case(lambda a, b: ops.batch_matmul(a, b, True, True),
                             lambda a, b: tf.matmul(a, b, adjoint_a=True, adjoint_b=True),
                             (_complex(2, 3, 4), _complex(2, 5, 3)),
                             lambda a, b: np.matmul(a.conj().transpose(0, 2, 1), b.conj().transpose(0, 2, 1)),
                             rtol=1e-4),
    "batch_matmul_adj_keywords": Case(lambda a, b: ops.batch_matmul(a, b, adj_y=True),
                                      lambda a, b: tf.matmul(a, b, adjoint_b=True),
                                      (A[None], B[None]), lambda a, b: a @ b.transpose(0, 2, 1)),
    "batch_matrix_inverse": Case(ops.batch_matrix_inverse, tf.linalg.inv, (SPD,), np.linalg.inv),
    "batch_matrix_determinant": Case(ops.batch_matrix_determinant, tf.linalg.det, (SPD,), np.linalg.det),
    "batch_matrix_solve": Case(ops.batch_matrix_solve, tf.linalg.solve, (SPD, RHS), np.linalg.solve),
    "batch_matrix_triangular_solve": Case(ops.batch_matrix_triangular_solve, tf.linalg.triangular_solve,
                                          (SPD, RHS), lambda m, r: np.linalg.solve(np.tril(m), r)),
    "batch_matrix_solve_ls": Case(ops.batch_matrix_solve_ls, tf.linalg.lstsq, (TALL, TALL_RHS),
                                  lambda m, r: np.stack([np.linalg.lstsq(mi, ri, rcond=None)[0]
                                                         for mi, ri in zip(m, r)]), rtol=1e-4),
    "batch_cholesky": Case(ops.batch_cholesky, tf.linalg.cholesky, (SPD,), np.linalg.cholesky),
    "batch_cholesky_solve": Case(lambda m, r: ops.batch_cholesky_solve(tf.linalg.cholesky(m), r),
                                 lambda m, r: tf.linalg.cholesky_solve(tf.linalg.cholesky(m), r),
                                 (SPD, RHS), np.linalg.solve),
    "batch_self_adjoint_eigvals": Case(ops.batch_self_adjoint_eigvals, tf.linalg.eigvalsh, (SPD,),
                                       np.linalg.eigvalsh),
    "batch_self_adjoint_eig": Case(lambda m: ops.batch_self_adjoint_eig(m)[0], lambda m: tf.linalg.eigh(m)[0],
                                   (SPD,), lambda m: np.linalg.eigh(m)[0]),
    "batch_svd_0x_order": Case(lambda m: ops.batch_svd(m, False), lambda m: tf.linalg.svd(m, compute_uv=False),
                               (TALL,), lambda m: np.linalg.svd(m, compute_uv=False)),
    "batch_matrix_diag": Case(ops.batch_matrix_diag, tf.linalg.diag, (A,),
                              lambda d: np.stack([np.diag(row) for row in d])),
    "batch_matrix_diag_part": Case(ops.batch_matrix_diag_part, tf.linalg.diag_part, (SPD,),
                                   lambda m: np.diagonal(m, axis1=-2, axis2=-1)),
    "batch_matrix_set_diag": Case(ops.batch_matrix_set_diag, tf.linalg.set_diag, (SPD, RHS[:, :, 0]),
                                  lambda m, d: np.where(np.eye(4, dtype=bool), d[:, :, None], m)),
    "batch_matrix_band_part": Case(lambda m: ops.batch_matrix_band_part(m, 1, 0),
                                   lambda m: tf.linalg.band_part(m, 1, 0), (SPD,),
                                   lambda m: np.tril(np.triu(m, -1))),
    "batch_fft": Case(ops.batch_fft, tf.signal.fft, (_complex(2, 8),), np.fft.fft, rtol=1e-4),
    "batch_ifft": Case(ops.batch_ifft, tf.signal.ifft, (_complex(2, 8),), np.fft.ifft, rtol=1e-4),
    "batch_fft2d": Case(ops.batch_fft2d, tf.signal.fft2d, (_complex(2, 4, 4),), np.fft.fft2, rtol=1e-4),
    "batch_ifft2d": Case(ops.batch_ifft2d, tf.signal.ifft2d, (_complex(2, 4, 4),), np.fft.ifft2, rtol=1e-4),
    "batch_fft3d": Case(ops.batch_fft3d, tf.signal.fft3d, (_complex(2, 2, 4, 4),),
                        lambda x: np.fft.fftn(x, axes=(-3, -2, -1)), rtol=1e-4),
    "batch_ifft3d": Case(ops.batch_ifft3d, tf.signal.ifft3d, (_complex(2, 2, 4, 4),),
                         lambda x: np.fft.ifftn(x, axes=(-3, -2, -1)), rtol=1e-4),
    "per_image_whitening": Case(ops.per_image_whitening, tf.image.per_image_standardization,
                                (rng.uniform(0, 255, (4, 4, 3)).astype(np.float32),),
                                lambda x: (x - x.mean()) / max(x.std(), 1 / np.sqrt(x.size)), rtol=1e-4),
}


def _assert_close(got: Any, want: Any, rtol: float) -> None:
    for g, w in zip(tf.nest.flatten(list(got) if isinstance(got, tuple) else got),
                    tf.nest.flatten(list(want) if isinstance(want, tuple) else want)):
        np.testing.assert_allclose(g, w, rtol=rtol, atol=1e-5)


def _build(fn: Callable[..., Any], inputs: tuple[np.ndarray, ...]) -> Callable[[], Any]:
    return lambda: fn(*[tf.constant(x) for x in inputs])


@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_numbers_match_numpy(name: str) -> None:
    case = CASES[name]
    _assert_close(run_graph(_build(case.shim, case.inputs)), case.reference(*case.inputs), case.rtol)


@pytest.mark.parametrize("name", sorted(CASES))
def test_eager_numbers_match_numpy(name: str) -> None:
    case = CASES[name]
    _assert_close(run_eager(_build(case.shim, case.inputs)), case.reference(*case.inputs), case.rtol)


@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_has_the_native_ops(name: str) -> None:
    case = CASES[name]
    assert graph_op_types(_build(case.shim, case.inputs)) == graph_op_types(_build(case.native, case.inputs))


def test_casts_keep_their_1x_names() -> None:
    got = run_eager(lambda: [ops.to_float(tf.constant([1, 2])), ops.to_int32(tf.constant([1.7, -2.2]))])
    np.testing.assert_array_equal(got[0], np.array([1.0, 2.0], np.float32))
    assert got[0].dtype == np.float32
    np.testing.assert_array_equal(got[1], np.array([1.7, -2.2]).astype(np.int32))


def test_reductions_take_0x_keywords() -> None:
    x = rng.standard_normal((3, 4)).astype(np.float32)
    got = run_graph(lambda: [ops.reduce_sum(x, reduction_indices=[1], keep_dims=True),
                             ops.argmax(x, dimension=0), ops.squeeze(x[None], squeeze_dims=[0]),
                             ops.expand_dims(x, dim=0)])
    np.testing.assert_allclose(got[0], x.sum(1, keepdims=True), rtol=1e-5)
    np.testing.assert_array_equal(got[1], x.argmax(0))
    np.testing.assert_array_equal(got[2], x)
    assert got[3].shape == (1, 3, 4)


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError):
        ops.no_such_op  # noqa: B018
