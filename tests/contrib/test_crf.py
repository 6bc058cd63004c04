"""``tfcompat.contrib.crf`` against a brute-force numpy CRF (every tag sequence enumerated), eager and graph mode.

TF 1.15 semantics checked: length-0 sequences score 0 and have log-norm 0 (crf_decode treats them as length 1
and pads with tag 0), ``max_seq_len == 1`` (static and behind ``tf.cond``), tags past a length decode to 0,
and ``crf_log_likelihood`` makes a ``[O, O]`` variable named ``transitions`` when given none.
"""
from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import crf

ROOT = Path(__file__).resolve().parents[2]
NUM_TAGS = 3
TOL = {"rtol": 1e-5, "atol": 1e-5}
ZERO = tf.UnconnectedGradients.ZERO  # with max_seq_len 1 the transitions take no part


def _case(lengths: list[int], max_len: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    inputs = rng.randn(len(lengths), max_len, NUM_TAGS).astype(np.float32)
    tags = rng.randint(0, NUM_TAGS, (len(lengths), max_len)).astype(np.int32)
    transitions = rng.randn(NUM_TAGS, NUM_TAGS).astype(np.float32)
    return inputs, tags, np.array(lengths, np.int32), transitions


CASES = {"lengths_4_1_0": _case([4, 1, 0], 4, 0), "lengths_2_4_3": _case([2, 4, 3], 4, 1),
         "max_len_1": _case([1, 0, 1], 1, 2)}


# -- numpy reference ------------------------------------------------------------------------------------------
def np_score(x: np.ndarray, path: tuple[int, ...], transitions: np.ndarray) -> float:
    """Score of ``path`` (its length is the sequence's) over one example's ``[T, O]`` inputs."""
    unary = sum(float(x[t, tag]) for t, tag in enumerate(path))
    return unary + sum(float(transitions[a, b]) for a, b in zip(path, path[1:]))


def np_paths(length: int, allowed: np.ndarray | None = None) -> list[tuple[int, ...]]:
    paths = itertools.product(range(NUM_TAGS), repeat=length)
    return [p for p in paths if allowed is None or all(allowed[t, tag] for t, tag in enumerate(p))]


def np_log_norm(x: np.ndarray, length: int, transitions: np.ndarray, allowed: np.ndarray | None = None) -> float:
    if length <= 0:
        return 0.0
    scores = np.array([np_score(x, p, transitions) for p in np_paths(length, allowed)])
    return float(np.logaddexp.reduce(scores))


def np_best(x: np.ndarray, length: int, transitions: np.ndarray) -> tuple[list[int], float]:
    paths = np_paths(length)
    scores = [np_score(x, p, transitions) for p in paths]
    return list(paths[int(np.argmax(scores))]), float(max(scores))


def np_marginal_grads(x: np.ndarray, tags: np.ndarray, length: int,
                      transitions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """d log-likelihood / d (inputs, transitions): gold counts minus expected counts under the CRF."""
    grad_x, grad_t = np.zeros_like(x, dtype=np.float64), np.zeros_like(transitions, dtype=np.float64)
    if length <= 0:
        return grad_x, grad_t
    log_z = np_log_norm(x, length, transitions)
    for path, sign in [(tuple(tags[:length]), 1.0)] + [(p, -np.exp(np_score(x, p, transitions) - log_z))
                                                       for p in np_paths(length)]:
        for t, tag in enumerate(path):
            grad_x[t, tag] += sign
        for a, b in zip(path, path[1:]):
            grad_t[a, b] += sign
    return grad_x, grad_t


def expected(inputs: np.ndarray, tags: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> dict:
    """Every quantity the tests compare, from the numpy reference."""
    max_len = inputs.shape[1]
    seq = [np_score(x, tuple(tg[:n]), transitions) for x, tg, n in zip(inputs, tags, lengths)]
    norm = [np_log_norm(x, n, transitions) for x, n in zip(inputs, lengths)]
    # crf_decode runs a length-0 sequence as length 1 (1.15 clamps length - 1 at 0).
    best = [np_best(x, max(int(n), 1), transitions) for x, n in zip(inputs, lengths)]
    grads = [np_marginal_grads(x, tg, n, transitions) for x, tg, n in zip(inputs, tags, lengths)]
    return {"sequence_score": np.array(seq), "log_norm": np.array(norm), "log_likelihood": np.array(seq) - norm,
            "decode_tags": np.array([p + [0] * (max_len - len(p)) for p, _ in best], np.int32),
            "best_score": np.array([s for _, s in best]),
            "grad_inputs": np.stack([g for g, _ in grads]), "grad_transitions": sum(g for _, g in grads)}


# -- the TF side, built once per mode ------------------------------------------------------------------------
def tf_quantities(inputs: tf.Tensor, tags: np.ndarray, lengths: np.ndarray,
                  transitions: tf.Tensor, grad_fn) -> dict:
    log_likelihood, returned = crf.crf_log_likelihood(inputs, tags, lengths, transitions)
    assert returned is transitions
    decode_tags, best_score = crf.crf_decode(inputs, transitions, lengths)
    grad_inputs, grad_transitions = grad_fn(log_likelihood)
    return {"sequence_score": crf.crf_sequence_score(inputs, tags, lengths, transitions),
            "log_norm": crf.crf_log_norm(inputs, lengths, transitions), "log_likelihood": log_likelihood,
            "decode_tags": decode_tags, "best_score": best_score,
            "grad_inputs": grad_inputs, "grad_transitions": grad_transitions}


def eager_run(inputs: np.ndarray, tags: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> dict:
    x, t = tf.constant(inputs), tf.constant(transitions)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, t])
        got = tf_quantities(x, tags, lengths, t,
                            lambda ll: tape.gradient(tf.reduce_sum(ll), [x, t], unconnected_gradients=ZERO))
    return {k: v.numpy() for k, v in got.items()}


def graph_run(inputs: np.ndarray, tags: np.ndarray, lengths: np.ndarray, transitions: np.ndarray,
              static_shape: bool) -> dict:
    with tf.Graph().as_default():
        shape = inputs.shape if static_shape else [None, None, NUM_TAGS]
        x = tf.compat.v1.placeholder(tf.float32, shape)
        t = tf.constant(transitions)
        got = tf_quantities(x, tags, lengths, t,
                            lambda ll: tf.gradients(tf.reduce_sum(ll), [x, t], unconnected_gradients=ZERO))
        with tf.compat.v1.Session() as session:
            return session.run(got, {x: inputs})


def assert_matches(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for key in want:
        if key == "decode_tags":
            assert got[key].dtype == np.int32
            np.testing.assert_array_equal(got[key], want[key])
        else:
            np.testing.assert_allclose(got[key], want[key], **TOL, err_msg=key)


@pytest.mark.parametrize("name", sorted(CASES))
def test_eager_matches_brute_force(name: str) -> None:
    case = CASES[name]
    assert_matches(eager_run(*case), expected(*case))


@pytest.mark.parametrize("static_shape", [True, False], ids=["static_shape", "dynamic_shape_tf_cond"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_session_matches_brute_force(name: str, static_shape: bool) -> None:
    case = CASES[name]
    assert_matches(graph_run(*case, static_shape=static_shape), expected(*case))


def test_expected_values_are_not_trivial() -> None:
    """Guards the reference: padding, length 0 and length 1 give the values 1.15 documents."""
    want = expected(*CASES["lengths_4_1_0"])
    inputs, tags, _, _ = CASES["lengths_4_1_0"]
    assert want["sequence_score"][2] == want["log_norm"][2] == 0.0
    assert want["sequence_score"][1] == pytest.approx(inputs[1, 0, tags[1, 0]])
    np.testing.assert_array_equal(want["decode_tags"][1:, 1:], 0)
    assert want["decode_tags"][2, 0] == int(np.argmax(inputs[2, 0]))
    assert np.all(want["log_likelihood"][:2] < 0)


@pytest.mark.parametrize("name", sorted(CASES))
def test_viterbi_decode_numpy_matches_brute_force(name: str) -> None:
    inputs, _, lengths, transitions = CASES[name]
    for x, n in zip(inputs, lengths):
        if n == 0:
            continue
        tags, score = crf.viterbi_decode(x[:n], transitions)
        want_tags, want_score = np_best(x, int(n), transitions)
        assert tags == want_tags and all(type(tag) is int for tag in tags)
        assert isinstance(score, float) and score == pytest.approx(want_score, rel=1e-6)


def test_unary_and_binary_scores_add_up() -> None:
    inputs, tags, lengths, transitions = CASES["lengths_2_4_3"]
    unary = crf.crf_unary_score(tags, lengths, inputs).numpy()
    binary = crf.crf_binary_score(tags, lengths, transitions).numpy()
    want_unary = [sum(x[t, tg[t]] for t in range(n)) for x, tg, n in zip(inputs, tags, lengths)]
    np.testing.assert_allclose(unary, want_unary, **TOL)
    np.testing.assert_allclose(unary + binary, expected(*CASES["lengths_2_4_3"])["sequence_score"], **TOL)


@pytest.mark.parametrize("name", sorted(CASES))
def test_multitag_sequence_score(name: str) -> None:
    inputs, tags, lengths, transitions = CASES[name]
    one_hot = np.eye(NUM_TAGS, dtype=bool)[tags]
    got_one_hot = crf.crf_multitag_sequence_score(inputs, one_hot, lengths, transitions).numpy()
    want = expected(inputs, tags, lengths, transitions)["sequence_score"]
    if inputs.shape[1] > 1:  # 1.15's max_seq_len == 1 path ignores lengths (a length-0 row is not zeroed)
        np.testing.assert_allclose(got_one_hot, want, **TOL)
    bitmap = np.random.RandomState(3).rand(*inputs.shape) < 0.6
    bitmap[np.arange(len(tags))[:, None], np.arange(tags.shape[1]), tags] = True  # keep one path allowed
    got = crf.crf_multitag_sequence_score(inputs, bitmap, lengths, transitions).numpy()
    want_multi = [np_log_norm(x, n, transitions, allowed) if inputs.shape[1] > 1 else
                  float(np.logaddexp.reduce(x[0][allowed[0]]))
                  for x, n, allowed in zip(inputs, lengths, bitmap)]
    np.testing.assert_allclose(got, want_multi, **TOL)


def test_transitions_variable_created_in_graph() -> None:
    inputs, tags, lengths, _ = CASES["lengths_4_1_0"]
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("tagger"):
            log_likelihood, transitions = crf.crf_log_likelihood(tf.constant(inputs), tags, lengths)
        assert transitions.name == "tagger/transitions:0"
        assert transitions.shape.as_list() == [NUM_TAGS, NUM_TAGS] and transitions.dtype == tf.float32
        assert tf.compat.v1.trainable_variables() == [transitions]
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            got, matrix = session.run([log_likelihood, transitions])
    want = expected(inputs, tags, lengths, matrix)["log_likelihood"]
    np.testing.assert_allclose(got, want, **TOL)


def test_transitions_variable_created_eagerly() -> None:
    inputs, tags, lengths, _ = CASES["lengths_2_4_3"]
    log_likelihood, transitions = crf.crf_log_likelihood(tf.constant(inputs), tags, lengths)
    assert isinstance(transitions, tf.Variable) and transitions.name == "transitions:0"
    want = expected(inputs, tags, lengths, transitions.numpy())["log_likelihood"]
    np.testing.assert_allclose(log_likelihood.numpy(), want, **TOL)


def test_cells_are_tfcompat_rnn_cells() -> None:
    from tfcompat.rnn_cell import RNNCell
    transitions = tf.constant(CASES["lengths_4_1_0"][3])
    for cell in (crf.CrfForwardRnnCell(transitions), crf.CrfDecodeForwardRnnCell(transitions)):
        assert isinstance(cell, RNNCell) and cell.state_size == cell.output_size == NUM_TAGS
    backward = crf.CrfDecodeBackwardRnnCell(NUM_TAGS)
    assert isinstance(backward, RNNCell) and backward.state_size == backward.output_size == 1
    pointers = tf.constant([[2, 0, 1], [1, 1, 0]], tf.int32)
    new_tags, state = backward(pointers, tf.constant([[0], [2]], tf.int32))
    np.testing.assert_array_equal(new_tags.numpy(), [[2], [0]])
    np.testing.assert_array_equal(state.numpy(), [[2], [0]])


TAGGER = """
import json, sys
import numpy as np
import tfcompat.v1 as tf
import tfcompat.contrib.crf

inputs, tags, lengths = (np.array(v, dtype) for v, dtype in zip(json.loads(sys.argv[1]), ("float32", "int32", "int32")))
assert tf.contrib.crf is tfcompat.contrib.crf
from tfcompat.v1.contrib.crf import crf_decode, crf_log_likelihood
unary = tf.get_variable("unary", initializer=tf.constant(inputs))
log_likelihood, transitions = crf_log_likelihood(unary, tags, lengths)
loss = tf.reduce_mean(-log_likelihood)
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
decoded, _ = crf_decode(unary, transitions, lengths)
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    losses = [session.run([loss, train_op])[0] for _ in range(30)]
    print(json.dumps({"name": transitions.name, "first": float(losses[0]), "last": float(losses[-1]),
                      "decoded": session.run(decoded).tolist()}))
"""


def test_v1_tagger_trains_under_tfcompat_v1() -> None:
    """``import tfcompat.v1 as tf`` (v1 control flow, ref variables): a CRF tagger learns its gold tags."""
    inputs, tags, lengths, _ = CASES["lengths_2_4_3"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(TAGGER),
                           json.dumps([inputs.tolist(), tags.tolist(), lengths.tolist()])],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["name"] == "transitions:0"
    assert result["last"] < result["first"] / 4
    mask = np.arange(tags.shape[1]) < lengths[:, None]
    np.testing.assert_array_equal(np.array(result["decoded"]), np.where(mask, tags, 0))
