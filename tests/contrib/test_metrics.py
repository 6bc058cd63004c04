"""``tfcompat.contrib.metrics`` in a TF 1.x graph: streamed over batches, against numpy on the whole data.

The ``streaming_*`` names that are ``tf.compat.v1.metrics`` with ``predictions`` first must build the same metric
(checked against numpy, and equal to the TF 2 op called with ``labels`` first); covariance, Pearson's r, recall@k and
the best-threshold F1 follow TF 1.15's definitions (unbiased covariance, frequency weights).
"""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import metrics

v1 = tf.compat.v1
RNG = np.random.RandomState(3)
PRED = RNG.rand(3, 8).astype(np.float32)  # 3 batches of 8
LABELS = (RNG.rand(3, 8) < 0.5).astype(np.int64)
WEIGHTS = RNG.randint(1, 4, size=(3, 8)).astype(np.float32)


def stream(build, *arrays: np.ndarray) -> tuple[float, list[float]]:
    """Run ``build(*placeholders)`` over the batches; returns the final value and each update's value."""
    with tf.Graph().as_default():
        holders = [v1.placeholder(tf.as_dtype(a.dtype), a.shape[1:]) for a in arrays]
        value, update = build(*holders)
        with v1.Session() as sess:
            sess.run(v1.local_variables_initializer())
            updates = [sess.run(update, dict(zip(holders, batch))) for batch in zip(*arrays)]
            return sess.run(value), updates


def test_accuracy_precision_recall_mean() -> None:
    hard = (PRED > 0.5).astype(np.int64)
    acc, _ = stream(lambda p, l: metrics.streaming_accuracy(p, l), hard, LABELS)
    assert acc == pytest.approx(np.mean(hard == LABELS))
    prec, _ = stream(lambda p, l: metrics.streaming_precision(p, l), hard, LABELS)
    assert prec == pytest.approx(np.sum(hard & LABELS) / np.sum(hard))
    rec, _ = stream(lambda p, l: metrics.streaming_recall(predictions=p, labels=l), hard, LABELS)
    assert rec == pytest.approx(np.sum(hard & LABELS) / np.sum(LABELS))
    mean, _ = stream(lambda x, w: metrics.streaming_mean(x, w), PRED, WEIGHTS)
    assert mean == pytest.approx(np.sum(PRED * WEIGHTS) / np.sum(WEIGHTS), rel=1e-6)
    rmse, _ = stream(lambda p, l: metrics.streaming_root_mean_squared_error(p, l), PRED, LABELS.astype(np.float32))
    assert rmse == pytest.approx(np.sqrt(np.mean((PRED - LABELS) ** 2)), rel=1e-6)


def test_streaming_auc_is_the_tf2_metric_with_labels_first() -> None:
    ours, _ = stream(lambda p, l: metrics.streaming_auc(p, l, num_thresholds=50), PRED, LABELS)
    native, _ = stream(lambda p, l: v1.metrics.auc(l, p, num_thresholds=50), PRED, LABELS)
    assert ours == native
    # numpy: the exact ROC AUC (Mann-Whitney); 50 thresholds approximate it
    pos, neg = PRED[LABELS == 1], PRED[LABELS == 0]
    exact = np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg])
    assert ours == pytest.approx(exact, abs=0.03)


def test_mean_iou() -> None:
    pred = (PRED * 3).astype(np.int64)
    truth = (LABELS + (PRED > 0.9)).astype(np.int64)
    iou, _ = stream(lambda p, l: metrics.streaming_mean_iou(p, l, num_classes=3), pred, truth)
    cm = np.zeros((3, 3))
    np.add.at(cm, (truth.ravel(), pred.ravel()), 1)
    inter = np.diag(cm)
    union = cm.sum(0) + cm.sum(1) - inter
    assert iou == pytest.approx(np.mean(inter[union > 0] / union[union > 0]), rel=1e-6)


def np_weighted_cov(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    n = w.sum()
    mx, my = (w * x).sum() / n, (w * y).sum() / n
    return float((w * (x - mx) * (y - my)).sum() / (n - 1))


@pytest.mark.parametrize("weighted", [False, True])
def test_covariance_and_pearson(weighted: bool) -> None:
    labels = (PRED * 2 + RNG.rand(3, 8)).astype(np.float32)
    w = WEIGHTS if weighted else np.ones_like(WEIGHTS)
    args = (PRED, labels, WEIGHTS) if weighted else (PRED, labels)
    cov, updates = stream(lambda p, l, *ws: metrics.streaming_covariance(p, l, *ws), *args)
    assert cov == pytest.approx(np_weighted_cov(PRED, labels, w), rel=1e-5)
    # each update is the covariance of the batches seen so far
    assert updates[1] == pytest.approx(np_weighted_cov(PRED[:2], labels[:2], w[:2]), rel=1e-5)
    r, _ = stream(lambda p, l, *ws: metrics.streaming_pearson_correlation(p, l, *ws), *args)
    expected = np_weighted_cov(PRED, labels, w) / np.sqrt(np_weighted_cov(PRED, PRED, w) *
                                                          np_weighted_cov(labels, labels, w))
    assert r == pytest.approx(expected, rel=1e-5)


def test_covariance_is_nan_until_two_examples() -> None:
    cov, updates = stream(lambda p, l: metrics.streaming_covariance(p, l), PRED[:, :1], PRED[:, :1])
    assert np.isnan(updates[0]) and not np.isnan(updates[1])


def test_f1_score_is_the_best_over_thresholds() -> None:
    best, _ = stream(lambda l, p: metrics.f1_score(l, p, num_thresholds=11), LABELS, PRED)
    thresholds = [-1e-7, *[(i + 1) / 10 for i in range(9)], 1 + 1e-7]
    scores = []
    for t in thresholds:
        hit = PRED > t
        tp, fp, fn = np.sum(hit & (LABELS == 1)), np.sum(hit & (LABELS == 0)), np.sum(~hit & (LABELS == 1))
        p, r = tp / (1e-7 + tp + fp), tp / (1e-7 + tp + fn)
        scores.append(2 * p * r / (p + r + 1e-7))
    assert best == pytest.approx(max(scores), rel=1e-5)


def test_recall_at_k() -> None:
    logits = RNG.rand(3, 8, 5).astype(np.float32)
    classes = RNG.randint(0, 5, size=(3, 8)).astype(np.int64)
    rec, _ = stream(lambda p, l: metrics.streaming_recall_at_k(p, l, 2), logits, classes)
    rank = (logits > np.take_along_axis(logits, classes[..., None], -1)).sum(-1)
    assert rec == pytest.approx(np.mean(rank < 2))


def test_accuracy_and_aggregation() -> None:
    with tf.Graph().as_default(), v1.Session() as sess:
        acc = metrics.accuracy(tf.constant([1, 2, 3]), tf.constant([1, 0, 3]), weights=tf.constant([1.0, 1.0, 2.0]))
        assert sess.run(acc) == pytest.approx(3 / 4)
    values, updates = metrics.aggregate_metric_map({"a": (1, 2), "b": (3, 4)})
    assert values == {"a": 1, "b": 3} and updates == {"a": 2, "b": 4}
    assert metrics.aggregate_metrics((1, 2), (3, 4)) == ([1, 3], [2, 4])


def test_slim_metrics_is_contrib_metrics() -> None:
    from tfcompat.contrib.slim import metrics as slim_metrics

    assert slim_metrics.streaming_accuracy is metrics.streaming_accuracy


def test_the_rest_comes_from_tf_slim() -> None:
    pytest.importorskip("tf_slim")
    hard = (PRED > 0.5).astype(np.int64)
    kappa, _ = stream(lambda p, l: metrics.cohen_kappa(l, p, num_classes=2), hard, LABELS)
    po = np.mean(hard == LABELS)
    pe = sum(np.mean(hard == c) * np.mean(LABELS == c) for c in (0, 1))
    assert kappa == pytest.approx((po - pe) / (1 - pe), rel=1e-5)
