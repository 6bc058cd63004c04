"""0.x ops that TensorFlow renamed: thin forwarding shims onto the TF 2 ops.

Each shim builds exactly the ops of its TF 2 spelling (it only renames
arguments) and warns once per call site.  It calls the TF 2 op below its
pass-through Python layers (``_direct``), doing their work itself.  Arguments
are passed on positionally: TensorFlow's dispatch wrapper is measurably slower
when given keywords.
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf
from tensorflow.python.util import deprecation

from sys import _getframe

from tfcompat._warnings import sites_of, warn_removed, warn_site
from tfcompat.ops._direct import direct, filtered, filtering_tracebacks

_v1 = tf.compat.v1


def renamed(old: str, new: str, target: Callable[..., Any], code: str = "TFC101") -> Callable[..., Any]:
    """A shim for ``old`` calling ``target`` with the same arguments."""
    warned_at = sites_of(old)
    call, promotes, filters = direct(target)

    def shim(*args: Any, **kwargs: Any) -> Any:
        frame = _getframe(1)  # the once-per-site check inlined: this wrapper is on the hot path
        if frame.f_code is not warned_at.get(frame.f_lasti):
            warn_site(frame, old, new, code, 2)
        if promotes is not None and promotes():
            return target(*args, **kwargs)
        try:
            return call(*args, **kwargs) if kwargs else call(*args)
        except Exception as error:
            if filters and filtering_tracebacks():
                raise filtered(error) from None
            raise

    shim.__name__ = shim.__qualname__ = old.rsplit(".", 1)[-1]
    shim.__doc__ = f"``{old}``, removed from TensorFlow: runs ``{new}`` (rule {code})."
    shim.__wrapped__ = target  # type: ignore[attr-defined]
    return shim


pack = renamed("tf.pack", "tf.stack", tf.stack)
unpack = renamed("tf.unpack", "tf.unstack", tf.unstack)
mul = renamed("tf.mul", "tf.multiply", tf.multiply)
sub = renamed("tf.sub", "tf.subtract", tf.subtract)
neg = renamed("tf.neg", "tf.negative", tf.negative)
inv = renamed("tf.inv", "tf.math.reciprocal", tf.math.reciprocal)
complex_abs = renamed("tf.complex_abs", "tf.abs", tf.abs)


def select(condition: Any, t: Any = None, e: Any = None, name: str | None = None) -> Any:
    """``tf.select``, removed from TensorFlow: runs ``tf.compat.v1.where`` (rule TFC101)."""
    warn_removed("tf.select", "tf.compat.v1.where", "TFC101")
    return _v1.where(condition, t, e, name)


def _setdiff(old: str) -> Callable[..., Any]:
    """A shim for ``old`` (0.x had two spellings) running ``tf.compat.v1.setdiff1d``."""

    def shim(x: Any, y: Any, out_idx: Any = tf.int32, name: str | None = None) -> Any:
        warn_removed(old, "tf.compat.v1.setdiff1d", "TFC101")
        with deprecation.silence():  # TF's log names setdiff1d, which the user did not write
            return _v1.setdiff1d(x, y, out_idx, name)

    shim.__name__ = shim.__qualname__ = old.rsplit(".", 1)[-1]
    shim.__doc__ = f"``{old}``, removed from TensorFlow: runs ``tf.compat.v1.setdiff1d`` (rule TFC101)."
    return shim


listdiff, list_diff = _setdiff("tf.listdiff"), _setdiff("tf.list_diff")


_MATMUL = direct(tf.linalg.matmul)


def _matmul(x: Any, y: Any, adj_x: bool, adj_y: bool, name: str | None) -> Any:
    call, promotes, filters = _MATMUL
    if promotes is not None and promotes():
        call = tf.linalg.matmul
    # matmul(a, b, transpose_a, transpose_b, adjoint_a, adjoint_b, ..., name): only
    # the first six are positionally stable, so name goes by keyword when given.
    try:
        if name is None:
            return call(x, y, False, False, adj_x, adj_y)
        return call(x, y, adjoint_a=adj_x, adjoint_b=adj_y, name=name)
    except Exception as error:
        if filters and filtering_tracebacks():
            raise filtered(error) from None
        raise


def batch_matmul(x: Any, y: Any, adj_x: bool = False, adj_y: bool = False, name: str | None = None) -> Any:
    """``tf.batch_matmul``, removed from TensorFlow: runs ``tf.matmul`` with adjoint_a/adjoint_b (rule TFC101)."""
    warn_removed("tf.batch_matmul", "tf.matmul", "TFC101")
    return _matmul(x, y, adj_x, adj_y, name)


def batch_mul(x: Any, y: Any, adj_x: bool = False, adj_y: bool = False, name: str | None = None) -> Any:
    """``tf.batch_mul``, the user's notes' name for ``tf.batch_matmul``: runs ``tf.matmul``."""
    warn_removed("tf.batch_mul", "tf.matmul", "TFC101")
    return _matmul(x, y, adj_x, adj_y, name)


def batch_svd(tensor: Any, compute_uv: bool = True, full_matrices: bool = False, name: str | None = None) -> Any:
    """``tf.batch_svd`` (0.x order: compute_uv first), removed from TensorFlow: runs ``tf.linalg.svd``."""
    warn_removed("tf.batch_svd", "tf.linalg.svd", "TFC101")
    return tf.linalg.svd(tensor, full_matrices, compute_uv, name)


batch_matrix_inverse = renamed("tf.batch_matrix_inverse", "tf.linalg.inv", tf.linalg.inv)
batch_matrix_determinant = renamed("tf.batch_matrix_determinant", "tf.linalg.det", tf.linalg.det)
batch_matrix_solve = renamed("tf.batch_matrix_solve", "tf.linalg.solve", tf.linalg.solve)
batch_matrix_triangular_solve = renamed(
    "tf.batch_matrix_triangular_solve", "tf.linalg.triangular_solve", tf.linalg.triangular_solve
)
batch_matrix_solve_ls = renamed("tf.batch_matrix_solve_ls", "tf.linalg.lstsq", tf.linalg.lstsq)
batch_cholesky = renamed("tf.batch_cholesky", "tf.linalg.cholesky", tf.linalg.cholesky)
batch_cholesky_solve = renamed("tf.batch_cholesky_solve", "tf.linalg.cholesky_solve", tf.linalg.cholesky_solve)
batch_self_adjoint_eig = renamed("tf.batch_self_adjoint_eig", "tf.linalg.eigh", tf.linalg.eigh)
batch_self_adjoint_eigvals = renamed("tf.batch_self_adjoint_eigvals", "tf.linalg.eigvalsh", tf.linalg.eigvalsh)
batch_matrix_diag = renamed("tf.batch_matrix_diag", "tf.linalg.diag", tf.linalg.diag)
batch_matrix_diag_part = renamed("tf.batch_matrix_diag_part", "tf.linalg.diag_part", tf.linalg.diag_part)
batch_matrix_set_diag = renamed("tf.batch_matrix_set_diag", "tf.linalg.set_diag", tf.linalg.set_diag)
batch_matrix_band_part = renamed("tf.batch_matrix_band_part", "tf.linalg.band_part", tf.linalg.band_part)
batch_matrix_transpose = renamed(
    "tf.batch_matrix_transpose", "tf.linalg.matrix_transpose", tf.linalg.matrix_transpose
)
# Spellings only TF 1.0's upgrade script knew (0.x itself had the batch_matrix_* ones).
batch_band_part = renamed("tf.batch_band_part", "tf.linalg.band_part", tf.linalg.band_part)
batch_set_diag = renamed("tf.batch_set_diag", "tf.linalg.set_diag", tf.linalg.set_diag)
batch_fft = renamed("tf.batch_fft", "tf.signal.fft", tf.signal.fft)
batch_ifft = renamed("tf.batch_ifft", "tf.signal.ifft", tf.signal.ifft)
batch_fft2d = renamed("tf.batch_fft2d", "tf.signal.fft2d", tf.signal.fft2d)
batch_ifft2d = renamed("tf.batch_ifft2d", "tf.signal.ifft2d", tf.signal.ifft2d)
batch_fft3d = renamed("tf.batch_fft3d", "tf.signal.fft3d", tf.signal.fft3d)
batch_ifft3d = renamed("tf.batch_ifft3d", "tf.signal.ifft3d", tf.signal.ifft3d)

per_image_whitening = renamed(
    "tf.image.per_image_whitening", "tf.image.per_image_standardization", tf.image.per_image_standardization
)
