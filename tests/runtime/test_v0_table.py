"""Every entry of the linter's retired 0.x -> 1.0 table works through ``tfcompat.v1`` with its 0.x spelling.

The table (``tfcompat_lint.registry.v0_to_v1.CHANGES``) is read as data: each 0.x name must exist under
``tfcompat.v1``, and each flagged example of a keyword rename, reorder or meaning change, run with ``tf``
bound to ``tfcompat.v1``, must give what its fixed form gives on TensorFlow 2 (issue 11 item 20).
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from tensorflow.python.eager import context

from tfcompat_lint.registry._schema import Kind
from tfcompat_lint.registry.v0_to_v1 import CHANGES

pytestmark = pytest.mark.filterwarnings("ignore::tfcompat._warnings.TFCompatDeprecationWarning")

M = np.arange(6, dtype=np.float32).reshape(3, 2) + np.eye(3, 2, dtype=np.float32)  # non-square: full_matrices shows


def _inputs() -> dict[str, Any]:
    """The names the table's examples read, as small eager values."""
    x = np.arange(8, dtype=np.float32).reshape(2, 4) - 3
    return {
        "x": tf.constant(x), "a": tf.constant(x[:, :3]), "b": tf.constant(x[:, 1:]), "m": tf.constant(M),
        "lengths": tf.constant([2, 3], tf.int64), "pred": tf.constant(x[:, :3]),
        "y": tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]), "images": tf.zeros([1, 2, 2, 3]),
        "sp": tf.SparseTensor([[0, 0], [1, 3]], [1.0, 2.0], [2, 4]),
    }


# Examples whose inputs differ from the common ones, keyed by a fragment of the example.
_SPECIAL_INPUTS: dict[str, dict[str, Any]] = {
    "reduce_all(": {"x": tf.constant([[True, False], [True, True]])},
    "reduce_any(": {"x": tf.constant([[True, False], [False, False]])},
    "reduce_join(": {"x": tf.constant([["a", "b"], ["c", "d"]])},
    "squeeze(": {"x": tf.zeros([2, 1, 3])},
    "sparse_concat(": {"a": tf.SparseTensor([[0, 0]], [1.0], [2, 2]), "b": tf.SparseTensor([[1, 1]], [2.0], [2, 3])},
    "sparse_softmax": {"y": tf.constant([1, 0])},
    "dims=[True, False, True]": {"x": tf.reshape(tf.range(12), [2, 3, 2])},
}


def _name(change: Any) -> str:
    return f"{change.code} {change.old}"


def _resolve(module: Any, old: str) -> Any:
    return functools.reduce(getattr, old.split(".")[1:], module)


@pytest.mark.parametrize("change", CHANGES, ids=_name)
def test_every_0x_name_exists_under_tfcompat_v1(v1: Any, change: Any) -> None:
    assert _resolve(v1, change.old) is not None


def _examples() -> list[Any]:
    return [pytest.param(change, example, id=f"{_name(change)}: {example.before.splitlines()[1]}")
            for change in CHANGES if change.kind is not Kind.RENAMED and not change.graph_mode
            for example in change.examples if example.after and not example.valid]


def _values(result: Any) -> Any:
    """Comparable numpy values of ``result`` (sparse tensors densified, initializers applied)."""
    if isinstance(result, tf.Tensor) and not tf.executing_eagerly():  # a summary, built in a graph
        return (result.dtype, result.shape)
    if isinstance(result, (type, tf.compat.v1.ones_initializer, tf.compat.v1.zeros_initializer)):
        return ("initializer", _values(result([2])))  # 0.x passed the function, called as init(shape)
    if isinstance(result, tf.SparseTensor):
        return _values(tf.sparse.to_dense(result))
    if isinstance(result, (list, tuple)):
        return [_values(r) for r in result]
    return np.asarray(result)


def _run(source: str, module: Any, flagged: str) -> dict[str, Any]:
    """Run an example's ``source`` with ``tf`` bound to ``module``, on the inputs its ``flagged`` form needs."""
    code = source.split("\n", 1)[1]  # the example minus its ``import tensorflow as tf`` line
    namespace = _inputs()
    for fragment, values in _SPECIAL_INPUTS.items():
        if fragment in flagged:
            namespace.update(values)
    given = dict(namespace)
    exec(code, {"tf": module}, namespace)  # noqa: S102  (the registry's own examples)
    return {k: _values(v) for k, v in namespace.items() if k not in given or v is not given[k]}


@pytest.mark.parametrize(("change", "example"), _examples())
def test_0x_spelling_through_tfcompat_v1_matches_the_tf2_spelling(v1: Any, change: Any, example: Any) -> None:
    # Summary ops run in graphs only (eager ImageSummary cannot take its tensor attribute), and the 0.x op
    # keeps the tag as given where summary.image scopes it: those compare as the string tensors they build.
    with tf.Graph().as_default() if "_summary(" in example.before else context.eager_mode():
        got, want = _run(example.before, v1, example.before), _run(example.after, tf, example.before)
    assert sorted(got) == sorted(want)
    for name in want:
        np.testing.assert_equal(got[name], want[name], err_msg=name)


@pytest.mark.parametrize(("call", "want"), [
    (lambda tf1: tf1.svd(M, False, True), "s"),  # 0.x compute_uv=False: the singular values alone
    (lambda tf1: tf1.svd(M, False), "s"),
    (lambda tf1: tf1.svd(M, False, full_matrices=True), "s"),  # binds only in 0.x order
    (lambda tf1: tf1.svd(M, True, False), "s"),  # 1.x full_matrices=True, compute_uv=False
    (lambda tf1: tf1.svd(M, True), "full"),  # 1.x full_matrices=True
    (lambda tf1: tf1.svd(M, True, full_matrices=False), "reduced"),  # 0.x compute_uv=True
    (lambda tf1: tf1.svd(M, True, compute_uv=True), "full"),  # binds only in 1.x order
    (lambda tf1: tf1.svd(M, True, True), "full"),  # the same in both orders
    (lambda tf1: tf1.svd(M), "reduced"),
], ids=["F,T", "F", "F,full=T", "T,F", "T", "T,full=F", "T,uv=T", "T,T", "defaults"])
def test_svd_positional_flags(v1: Any, call: Any, want: str) -> None:
    with context.eager_mode():
        got = call(v1)
        if want == "s":
            assert isinstance(got, tf.Tensor)
            np.testing.assert_allclose(got, np.linalg.svd(M, compute_uv=False), rtol=1e-5)
        else:
            s, u, v = got
            assert (u.shape, v.shape) == (((3, 3), (2, 2)) if want == "full" else ((3, 2), (2, 2)))
            np.testing.assert_allclose(s, np.linalg.svd(M, compute_uv=False), rtol=1e-5)


def test_svd_with_flags_that_are_not_booleans_is_ambiguous(v1: Any) -> None:
    with context.eager_mode(), pytest.raises(ValueError, match=r"ambiguous tf.svd.*compute_uv=\.\.\., full_matrices="):
        v1.svd(M, tf.constant(False), tf.constant(True))
