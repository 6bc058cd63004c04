"""Old argument orders and keywords decided at run time: split, concat, reverse, cond, cross-entropy."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.ops as ops
from runtime_helpers import graph_op_types, run_eager, run_graph

pytestmark = pytest.mark.filterwarnings("ignore::tfcompat._warnings.TFCompatDeprecationWarning")

rng = np.random.default_rng(1)
X = rng.standard_normal((4, 8)).astype(np.float32)
Y = rng.standard_normal((4, 3)).astype(np.float32)
LOGITS = rng.standard_normal((5, 3)).astype(np.float32)
ONE_HOT = np.eye(3, dtype=np.float32)[[0, 2, 1, 1, 0]]


def _both_modes(build: Callable[[], Any]) -> list[Any]:
    return [run_graph(build), run_eager(build)]


def _softmax_xent(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(-1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    return -(labels * log_softmax).sum(-1)


def _sigmoid_xent(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))


# -- split ---------------------------------------------------------------------------------------

SPLITS = {
    "0.x positional (split_dim, num_split, value)": lambda x: ops.split(1, 4, x),
    "0.x keywords": lambda x: ops.split(split_dim=1, num_split=4, value=x),
    "0.x with value keyword": lambda x: ops.split(1, 4, value=x),
    "1.x positional (value, num, axis)": lambda x: ops.split(x, 4, 1),
    "1.x keywords": lambda x: ops.split(value=x, num_or_size_splits=4, axis=1),
}


@pytest.mark.parametrize("spelling", sorted(SPLITS))
def test_split_orders_match_numpy(spelling: str) -> None:
    for got in _both_modes(lambda: SPLITS[spelling](tf.constant(X))):
        for part, want in zip(got, np.split(X, 4, axis=1), strict=True):
            np.testing.assert_array_equal(part, want)


def test_split_notes_static_rnn_input() -> None:
    """Notes item 1: split(0, n_step, x) on [n_step * batch, n_input] gives n_step tensors."""
    got = run_eager(lambda: ops.split(0, 2, tf.constant(X)))
    assert [p.shape for p in got] == [(2, 8), (2, 8)]


def test_split_old_order_builds_native_ops() -> None:
    assert graph_op_types(lambda: ops.split(1, 4, tf.constant(X))) == graph_op_types(
        lambda: tf.split(tf.constant(X), 4, axis=1))


@pytest.mark.parametrize("call", [lambda x: ops.split(1, 4, 2), lambda x: ops.split(1, 4)])
def test_split_ambiguous_raises(call: Callable[[Any], Any]) -> None:
    with pytest.raises(ValueError, match=r"ambiguous tf.split.*num_or_size_splits=.*axis="):
        run_eager(lambda: call(tf.constant(X)))


# -- concat --------------------------------------------------------------------------------------

CONCATS = {
    "0.x positional (concat_dim, values)": lambda x, y: ops.concat(1, [x, y]),
    "0.x tuple values": lambda x, y: ops.concat(1, (x, y)),
    "0.x keywords": lambda x, y: ops.concat(concat_dim=1, values=[x, y]),
    "0.x axis positional, values keyword": lambda x, y: ops.concat(1, values=[x, y]),
    "0.x numpy int axis": lambda x, y: ops.concat(np.int64(1), [x, y]),
    "0.x scalar tensor axis": lambda x, y: ops.concat(tf.constant(1), [x, y]),
    "1.x positional (values, axis)": lambda x, y: ops.concat([x, y], 1),
    "1.x keywords": lambda x, y: ops.concat(values=[x, y], axis=1),
}


@pytest.mark.parametrize("spelling", sorted(CONCATS))
def test_concat_orders_match_numpy(spelling: str) -> None:
    for got in _both_modes(lambda: CONCATS[spelling](tf.constant(X), tf.constant(Y))):
        np.testing.assert_array_equal(got, np.concatenate([X, Y], axis=1))


def test_concat_single_tensor_in_either_order() -> None:
    for got in _both_modes(lambda: [ops.concat(0, tf.constant(X)), ops.concat(tf.constant(X), 0)]):
        np.testing.assert_array_equal(got[0], X)
        np.testing.assert_array_equal(got[1], X)


def test_concat_old_order_builds_native_ops() -> None:
    assert graph_op_types(lambda: ops.concat(1, [tf.constant(X), tf.constant(Y)])) == graph_op_types(
        lambda: tf.concat([tf.constant(X), tf.constant(Y)], 1))


@pytest.mark.parametrize("args", [(1, 2), ([1.0], [2.0])], ids=["two ints", "two lists"])
def test_concat_ambiguous_raises(args: tuple[Any, Any]) -> None:
    with pytest.raises(ValueError, match=r"ambiguous tf.concat.*values=\[\.\.\.\], axis="):
        ops.concat(*args)


def test_concat_two_matrices_is_ambiguous() -> None:
    with pytest.raises(ValueError, match="ambiguous tf.concat"):
        run_eager(lambda: ops.concat(tf.constant(X), tf.constant(X)))


# -- reverse -------------------------------------------------------------------------------------

REVERSES = {
    "0.x bool list": lambda x: ops.reverse(x, [True, False]),
    "0.x bool array keyword": lambda x: ops.reverse(x, dims=np.array([True, False])),
    "0.x bool tensor": lambda x: ops.reverse(x, tf.constant([True, False])),
    "1.x axis": lambda x: ops.reverse(x, [0]),
    "1.x axis keyword": lambda x: ops.reverse(x, axis=[-2]),
}


@pytest.mark.parametrize("spelling", sorted(REVERSES))
def test_reverse_forms_match_numpy(spelling: str) -> None:
    for got in _both_modes(lambda: REVERSES[spelling](tf.constant(X))):
        np.testing.assert_array_equal(got, X[::-1])


def test_reverse_bool_list_builds_native_ops() -> None:
    assert graph_op_types(lambda: ops.reverse(tf.constant(X), [False, True])) == graph_op_types(
        lambda: tf.reverse(tf.constant(X), [1]))


# -- cond ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("pred", [True, False])
def test_cond_takes_fn1_fn2(pred: bool) -> None:
    def build() -> Any:
        return ops.cond(tf.constant(pred), fn1=lambda: tf.constant(X) * 2.0, fn2=lambda: tf.constant(X) - 1.0)

    for got in _both_modes(build):
        np.testing.assert_allclose(got, X * 2.0 if pred else X - 1.0, rtol=1e-6)


def test_cond_fn1_builds_native_ops() -> None:
    def build(**branches: Any) -> Callable[[], Any]:
        return lambda: ops.cond(tf.constant(True), **branches) if branches.get("fn1") else tf.compat.v1.cond(
            tf.constant(True), **branches)

    assert graph_op_types(build(fn1=lambda: tf.constant(1.0), fn2=lambda: tf.constant(2.0))) == graph_op_types(
        build(true_fn=lambda: tf.constant(1.0), false_fn=lambda: tf.constant(2.0)))


# -- cross-entropy -------------------------------------------------------------------------------

def test_softmax_cross_entropy_positional_is_logits_then_labels() -> None:
    """Notes item 19: softmax_cross_entropy_with_logits(prediction, truth) must not be swapped."""
    for got in _both_modes(lambda: ops.softmax_cross_entropy_with_logits(tf.constant(LOGITS), tf.constant(ONE_HOT))):
        np.testing.assert_allclose(got, _softmax_xent(LOGITS, ONE_HOT), rtol=1e-5)


def test_softmax_cross_entropy_positional_dim() -> None:
    got = run_eager(lambda: ops.softmax_cross_entropy_with_logits(tf.constant(LOGITS.T), tf.constant(ONE_HOT.T), 0))
    np.testing.assert_allclose(got, _softmax_xent(LOGITS, ONE_HOT), rtol=1e-5)


def test_softmax_cross_entropy_keywords_pass_through() -> None:
    got = run_eager(lambda: ops.softmax_cross_entropy_with_logits(labels=ONE_HOT, logits=LOGITS))
    np.testing.assert_allclose(got, _softmax_xent(LOGITS, ONE_HOT), rtol=1e-5)


def test_softmax_cross_entropy_positional_builds_native_ops() -> None:
    assert graph_op_types(lambda: ops.softmax_cross_entropy_with_logits(tf.constant(LOGITS), tf.constant(ONE_HOT))) \
        == graph_op_types(lambda: tf.compat.v1.nn.softmax_cross_entropy_with_logits(
            labels=tf.constant(ONE_HOT), logits=tf.constant(LOGITS)))


def test_softmax_cross_entropy_gradient_reaches_logits_only() -> None:
    def build() -> Any:
        logits, labels = tf.constant(LOGITS), tf.constant(ONE_HOT)
        loss = tf.reduce_sum(ops.softmax_cross_entropy_with_logits(logits, labels))
        grad_logits, grad_labels = tf.compat.v1.gradients(loss, [logits, labels])
        assert grad_labels is None  # 0.x/1.x: labels get no gradient
        return grad_logits

    softmax = np.exp(LOGITS) / np.exp(LOGITS).sum(-1, keepdims=True)
    np.testing.assert_allclose(run_graph(build), softmax - ONE_HOT, rtol=1e-5, atol=1e-6)


def test_sparse_softmax_cross_entropy_positional() -> None:
    labels = ONE_HOT.argmax(-1).astype(np.int64)
    for got in _both_modes(lambda: ops.sparse_softmax_cross_entropy_with_logits(tf.constant(LOGITS),
                                                                                tf.constant(labels))):
        np.testing.assert_allclose(got, _softmax_xent(LOGITS, ONE_HOT), rtol=1e-5)


@pytest.mark.parametrize("call", [
    lambda l, t: ops.sigmoid_cross_entropy_with_logits(l, t),
    lambda l, t: ops.sigmoid_cross_entropy_with_logits(logits=l, targets=t),
], ids=["positional", "0.x targets keyword"])
def test_sigmoid_cross_entropy_0x_forms(call: Callable[..., Any]) -> None:
    for got in _both_modes(lambda: call(tf.constant(LOGITS), tf.constant(ONE_HOT))):
        np.testing.assert_allclose(got, _sigmoid_xent(LOGITS, ONE_HOT), rtol=1e-5)


def test_weighted_cross_entropy_positional() -> None:
    q = 2.5
    log_weight = 1 + (q - 1) * ONE_HOT
    want = (1 - ONE_HOT) * LOGITS + log_weight * (np.log1p(np.exp(-np.abs(LOGITS))) + np.maximum(-LOGITS, 0))
    for got in _both_modes(lambda: ops.weighted_cross_entropy_with_logits(tf.constant(LOGITS),
                                                                          tf.constant(ONE_HOT), q)):
        np.testing.assert_allclose(got, want, rtol=1e-5)


def test_cross_entropy_positional_and_same_keyword_raises() -> None:
    with pytest.raises(TypeError, match=r"values for argument .logits.*0.x order \(logits, labels.*keyword"):
        ops.softmax_cross_entropy_with_logits(ONE_HOT, logits=LOGITS)


# -- sampled losses: 0.x (weights, biases, inputs, labels) vs 1.x (weights, biases, labels, inputs) --------

EMB = rng.standard_normal((6, 4)).astype(np.float32)  # [num_classes, dim]
BIAS = rng.standard_normal(6).astype(np.float32)
INPUTS = rng.standard_normal((3, 4)).astype(np.float32)
LABELS = np.array([[1], [4], [0]], np.int64)
SAMPLED = np.array([2, 5], np.int64)
TRUE_EXPECTED, SAMPLED_EXPECTED = np.full((3, 1), 0.3, np.float32), np.full(2, 0.2, np.float32)


def _sampled_logits() -> tuple[np.ndarray, np.ndarray]:
    true = (INPUTS * EMB[LABELS[:, 0]]).sum(1, keepdims=True) + BIAS[LABELS] - np.log(TRUE_EXPECTED)
    sampled = INPUTS @ EMB[SAMPLED].T + BIAS[SAMPLED] - np.log(SAMPLED_EXPECTED)
    return true, sampled


def _sampled_call(fn: Callable[..., Any], old_order: bool) -> Callable[[], Any]:
    def build() -> Any:
        w, b, x, y = (tf.constant(v) for v in (EMB, BIAS, INPUTS, LABELS))
        sampled = (tf.constant(SAMPLED), tf.constant(TRUE_EXPECTED), tf.constant(SAMPLED_EXPECTED))
        third, fourth = (x, y) if old_order else (y, x)
        return fn(w, b, third, fourth, 2, 6, sampled_values=sampled, remove_accidental_hits=False)
    return build


@pytest.mark.parametrize("old_order", [True, False], ids=["0.x order", "1.x order"])
def test_nce_loss_orders_match_numpy(old_order: bool) -> None:
    true, sampled = _sampled_logits()
    want = _sigmoid_xent(true, np.ones_like(true)).sum(1) + _sigmoid_xent(sampled, np.zeros_like(sampled)).sum(1)
    for got in _both_modes(_sampled_call(ops.nce_loss, old_order)):
        np.testing.assert_allclose(got, want, rtol=1e-5)


@pytest.mark.parametrize("old_order", [True, False], ids=["0.x order", "1.x order"])
def test_sampled_softmax_loss_orders_match_numpy(old_order: bool) -> None:
    true, sampled = _sampled_logits()
    logits = np.concatenate([true, sampled], 1)
    want = _softmax_xent(logits, np.eye(3, dtype=np.float32)[np.zeros(3, int)])
    for got in _both_modes(_sampled_call(ops.sampled_softmax_loss, old_order)):
        np.testing.assert_allclose(got, want, rtol=1e-5)


def test_nce_loss_old_order_builds_native_ops() -> None:
    native = tf.compat.v1.nn.nce_loss
    assert graph_op_types(_sampled_call(ops.nce_loss, True)) == graph_op_types(_sampled_call(native, False))


def test_sampled_loss_without_integer_labels_is_ambiguous() -> None:
    with pytest.raises(ValueError, match="ambiguous tf.nn.nce_loss.*labels=..., inputs="):
        ops.nce_loss(EMB, BIAS, INPUTS, INPUTS, 2, 6)


def test_reverse_mixed_bools_and_ints_raises() -> None:
    with pytest.raises(ValueError, match="0.x dims are all booleans"):
        ops.reverse(X, [True, 1])


def test_reverse_masks_are_checked_on_every_call_not_only_the_first() -> None:
    # The axes of each mask are cached; (True, 1) == (True, True) must not reach that cache.
    ops.reverse(X, [True, True])
    with pytest.raises(ValueError, match="0.x dims are all booleans"):
        ops.reverse(X, [True, 1])


@pytest.mark.parametrize("mask", [[False, False, False], [True, False, True], [np.True_, np.True_, np.False_]],
                         ids=["none", "first and last", "numpy bools"])
def test_reverse_masks_of_rank_3_match_numpy(mask: list[Any]) -> None:
    cube = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    axes = tuple(i for i, flag in enumerate(mask) if flag)
    for _ in range(2):  # the second call reads the cached axes
        for got in _both_modes(lambda: ops.reverse(tf.constant(cube), mask)):
            np.testing.assert_array_equal(got, np.flip(cube, axes) if axes else cube)
