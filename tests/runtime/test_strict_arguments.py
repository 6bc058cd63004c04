"""0.x-order calls bind their keywords as Python does: clashes and unknown keywords raise (issue 11 item 6)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.ops as ops
from runtime_helpers import run_eager, run_graph

pytestmark = pytest.mark.filterwarnings("ignore::tfcompat._warnings.TFCompatDeprecationWarning")

M = np.arange(6, dtype=np.float32).reshape(2, 3)

REJECTED: dict[str, tuple[Callable[[Any], Any], str]] = {
    "concat axis= beside a positional concat_dim": (
        lambda m: ops.concat(1, [m, m], axis=0), r"^concat\(\) got multiple values for argument 'axis'"),
    "concat concat_dim= and axis=": (
        lambda m: ops.concat(concat_dim=1, values=[m, m], axis=0), r"got multiple values for argument 'axis'"),
    "concat unknown keyword": (
        lambda m: ops.concat(1, [m, m], foo=3), r"^concat\(\) got an unexpected keyword argument 'foo'$"),
    "split num_or_size_splits= beside a positional num_split": (
        lambda m: ops.split(1, 3, m, num_or_size_splits=3),
        r"^split\(\) got multiple values for argument 'num_or_size_splits'"),
    "split axis= beside a positional split_dim": (
        lambda m: ops.split(1, 3, m, axis=0), r"^split\(\) got multiple values for argument 'axis'"),
    "split unknown keyword": (
        lambda m: ops.split(1, 3, m, foo=3), r"^split\(\) got an unexpected keyword argument 'foo'$"),
    "split name twice": (
        lambda m: ops.split(1, 3, m, "a", name="b"), r"got multiple values for argument 'name'"),
    "reverse dims= and axis=": (
        lambda m: ops.reverse(m, axis=[0], dims=[True, False]), r"got multiple values for argument 'dims'"),
    "cross-entropy logits twice": (
        lambda m: ops.softmax_cross_entropy_with_logits(m, logits=m), r"multiple values for argument 'logits'"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_clashing_or_unknown_keywords_raise_type_error(case: str) -> None:
    call, message = REJECTED[case]
    with pytest.raises(TypeError, match=message):
        run_eager(lambda: call(tf.constant(M)))


def test_one_x_keyword_fills_an_unfilled_zero_x_slot() -> None:
    """split(1, value=x, num_or_size_splits=3) in 0.x order: the 1.x keyword names the 0.x num_split."""
    got = run_eager(lambda: ops.split(1, value=tf.constant(M), num_or_size_splits=3))
    for part, want in zip(got, np.split(M, 3, axis=1), strict=True):
        np.testing.assert_array_equal(part, want)


@pytest.mark.parametrize("mask", [[True], [True, False, True], [0, True], [1, np.True_]],
                         ids=["too few flags", "too many flags", "int then bool", "int then numpy bool"])
def test_reverse_needs_one_boolean_per_dimension(mask: list[Any]) -> None:
    with pytest.raises(ValueError, match=r"one boolean per dimension|0.x dims are all booleans"):
        run_eager(lambda: ops.reverse(tf.constant(M), mask))
    with pytest.raises(ValueError, match=r"one boolean per dimension|0.x dims are all booleans"):
        run_graph(lambda: ops.reverse(tf.constant(M), mask))


def test_reverse_mask_on_a_tensor_of_unknown_rank_is_checked_when_run() -> None:
    def build() -> Any:
        x = tf.compat.v1.placeholder(tf.float32, shape=None)
        return x, ops.reverse(x, [True])

    with tf.Graph().as_default():
        x, y = build()
        with tf.compat.v1.Session() as sess:
            np.testing.assert_array_equal(sess.run(y, {x: [1.0, 2.0]}), [2.0, 1.0])
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(y, {x: M})


def test_reverse_bool_tensor_of_wrong_length_raises() -> None:
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):
        run_eager(lambda: ops.reverse(tf.constant(M), tf.constant([True])))
