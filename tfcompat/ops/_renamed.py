"""0.x ops that TensorFlow renamed: thin forwarding shims onto the TF 2 ops.

Each shim builds exactly the ops of its TF 2 spelling (it only renames
arguments) and warns once per call site.
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from tfcompat._warnings import warn_removed

_v1 = tf.compat.v1


def renamed(
    old: str,
    new: str,
    target: Callable[..., Any],
    *,
    code: str = "TFC101",
    positional: tuple[str, ...] = (),
    keywords: dict[str, str] | None = None,
) -> Callable[..., Any]:
    """A shim for ``old`` calling ``target``.

    ``positional`` names the old positional parameters in their old order (only
    needed where the order or names differ); ``keywords`` maps old keyword
    names to ``target``'s names.
    """
    short = old.rsplit(".", 1)[-1]
    if not positional and not keywords:

        def shim(*args: Any, **kwargs: Any) -> Any:
            warn_removed(old, new, code)
            return target(*args, **kwargs)

        shim.__wrapped__ = target  # type: ignore[attr-defined]
    else:
        renames = keywords or {}

        def shim(*args: Any, **kwargs: Any) -> Any:
            warn_removed(old, new, code)
            if len(args) > len(positional):
                raise TypeError(f"{short}() takes at most {len(positional)} positional arguments")
            for param, value in zip(positional, args):
                if param in kwargs:
                    raise TypeError(f"{short}() got multiple values for argument {param!r}")
                kwargs[param] = value
            return target(**{renames.get(k, k): v for k, v in kwargs.items()})

    shim.__name__ = shim.__qualname__ = short
    shim.__doc__ = f"``{old}``, removed from TensorFlow: runs ``{new}`` (rule {code})."
    return shim


pack = renamed("tf.pack", "tf.stack", tf.stack)
unpack = renamed("tf.unpack", "tf.unstack", tf.unstack)
mul = renamed("tf.mul", "tf.multiply", tf.multiply)
sub = renamed("tf.sub", "tf.subtract", tf.subtract)
neg = renamed("tf.neg", "tf.negative", tf.negative)
inv = renamed("tf.inv", "tf.math.reciprocal", tf.math.reciprocal)
complex_abs = renamed("tf.complex_abs", "tf.abs", tf.abs)
select = renamed(
    "tf.select", "tf.compat.v1.where", _v1.where,
    positional=("condition", "t", "e", "name"), keywords={"t": "x", "e": "y"},
)
listdiff = renamed(
    "tf.listdiff", "tf.compat.v1.setdiff1d", _v1.setdiff1d,
    positional=("x", "y", "out_idx", "name"), keywords={"out_idx": "index_dtype"},
)
batch_matmul = renamed(
    "tf.batch_matmul", "tf.matmul", tf.linalg.matmul,
    positional=("x", "y", "adj_x", "adj_y", "name"),
    keywords={"x": "a", "y": "b", "adj_x": "adjoint_a", "adj_y": "adjoint_b"},
)
# The user's notes spell it ``tf.batch_mul``; TensorFlow never had that name.
batch_mul = renamed(
    "tf.batch_mul", "tf.matmul", tf.linalg.matmul,
    positional=("x", "y", "adj_x", "adj_y", "name"),
    keywords={"x": "a", "y": "b", "adj_x": "adjoint_a", "adj_y": "adjoint_b"},
)

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
batch_svd = renamed(
    "tf.batch_svd", "tf.linalg.svd", tf.linalg.svd,
    positional=("tensor", "compute_uv", "full_matrices", "name"),
)
batch_matrix_diag = renamed("tf.batch_matrix_diag", "tf.linalg.diag", tf.linalg.diag)
batch_matrix_diag_part = renamed("tf.batch_matrix_diag_part", "tf.linalg.diag_part", tf.linalg.diag_part)
batch_matrix_set_diag = renamed("tf.batch_matrix_set_diag", "tf.linalg.set_diag", tf.linalg.set_diag)
batch_matrix_band_part = renamed("tf.batch_matrix_band_part", "tf.linalg.band_part", tf.linalg.band_part)
batch_fft = renamed("tf.batch_fft", "tf.signal.fft", tf.signal.fft)
batch_ifft = renamed("tf.batch_ifft", "tf.signal.ifft", tf.signal.ifft)
batch_fft2d = renamed("tf.batch_fft2d", "tf.signal.fft2d", tf.signal.fft2d)
batch_ifft2d = renamed("tf.batch_ifft2d", "tf.signal.ifft2d", tf.signal.ifft2d)
batch_fft3d = renamed("tf.batch_fft3d", "tf.signal.fft3d", tf.signal.fft3d)
batch_ifft3d = renamed("tf.batch_ifft3d", "tf.signal.ifft3d", tf.signal.ifft3d)

per_image_whitening = renamed(
    "tf.image.per_image_whitening", "tf.image.per_image_standardization", tf.image.per_image_standardization
)
