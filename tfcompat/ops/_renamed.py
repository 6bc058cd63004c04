"""0.x ops that TensorFlow renamed: thin forwarding shims onto the TF 2 ops.

The shims of the renames whose TF 2 op takes the same arguments are generated
from tfcompat.spec's rows (``spec_shims``); the others are written here.

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
from tfcompat.spec.renames import RENAMES

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
    """``tf.batch_mul``, a name TF 0.x-era code and notes use for ``tf.batch_matmul``: runs ``tf.matmul``."""
    warn_removed("tf.batch_mul", "tf.matmul", "TFC101")
    return _matmul(x, y, adj_x, adj_y, name)


def batch_svd(tensor: Any, compute_uv: bool = True, full_matrices: bool = False, name: str | None = None) -> Any:
    """``tf.batch_svd`` (0.x order: compute_uv first), removed from TensorFlow: runs ``tf.linalg.svd``."""
    warn_removed("tf.batch_svd", "tf.linalg.svd", "TFC101")
    return tf.linalg.svd(tensor, full_matrices, compute_uv, name)


def _tf_object(name: str) -> Any:
    """The TF 2 object a ``tf.``-spelled name denotes."""
    node: Any = tf
    for part in name.split(".")[1:]:
        node = getattr(node, part)
    return node


def spec_shims() -> dict[str, Callable[..., Any]]:
    """A shim per tfcompat.spec rename served with the same arguments (flag "s"), under its 0.x name."""
    return {old.rpartition(".")[2]: renamed(old, new, _tf_object(new))
            for old, new, _, flags in RENAMES if "s" in flags}
