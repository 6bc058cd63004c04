"""``tfcompat.contrib.opt`` and ``tfcompat.contrib.image`` against numpy references, eager and graph mode.

TF 1.15 semantics checked: LazyAdam's sparse step moves ``m``, ``v`` and the variable only at the gathered rows
(duplicates summed) and equals Adam on dense gradients; AdamW/MomentumW decay ``var -= wd * var`` before the
base step, only for ``decay_var_list``; ``rotate`` turns counterclockwise, outside points read 0.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import image, opt

ROOT = Path(__file__).resolve().parents[2]
LR, B1, B2, EPS = 0.1, 0.9, 0.999, 1e-8
TOL = {"rtol": 1e-5, "atol": 1e-6}
IDS = ([0, 2, 2], [2, 3], [0])  # row 2 repeats in step 1: its gradients add up; rows 1, 4, 5 are never touched
WEIGHTS = np.arange(1, 4, dtype=np.float32)  # loss = sum(gather(emb, ids) * WEIGHTS) per step


def np_adam(var: np.ndarray, m: np.ndarray, v: np.ndarray, grad: np.ndarray, t: int,
            rows: np.ndarray | None = None) -> None:
    """One TF 1.x Adam step in place (``rows``: only those rows, as LazyAdam)."""
    rows = np.arange(len(var)) if rows is None else rows
    lr_t = LR * np.sqrt(1 - B2 ** t) / (1 - B1 ** t)
    m[rows] = B1 * m[rows] + (1 - B1) * grad[rows]
    v[rows] = B2 * v[rows] + (1 - B2) * grad[rows] ** 2
    var[rows] -= lr_t * m[rows] / (np.sqrt(v[rows]) + EPS)


def np_sparse_grad(shape: tuple[int, int], ids: list[int]) -> np.ndarray:
    grad = np.zeros(shape, np.float32)
    for i in ids:
        grad[i] += WEIGHTS
    return grad


def init_embedding() -> np.ndarray:
    return np.random.RandomState(0).randn(6, 3).astype(np.float32)


def run_steps(make_opt: Callable[[], tf.compat.v1.train.Optimizer], losses: Callable, init: dict[str, np.ndarray],
              mode: str, steps: int, apply_kwargs: Callable[[dict], dict]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Train variables named by ``init`` for ``steps`` with ``losses(vars, step)``; returns values and m/v slots."""
    if mode == "eager":
        variables = {k: tf.Variable(v, name=k) for k, v in init.items()}
        optimizer = make_opt()
        for step in range(steps):
            with tf.GradientTape() as tape:
                loss = losses(variables, step)
            grads = tape.gradient(loss, list(variables.values()))
            optimizer.apply_gradients(list(zip(grads, variables.values())), **apply_kwargs(variables))
        values = {k: v.numpy() for k, v in variables.items()}
        slots = {f"{k}/{s}": optimizer.get_slot(v, s).numpy() for k, v in variables.items()
                 for s in optimizer.get_slot_names()}
        return values, slots
    with tf.Graph().as_default():
        variables = {k: tf.compat.v1.Variable(v, name=k, use_resource=mode == "graph_resource")
                     for k, v in init.items()}
        optimizer = make_opt()
        # One train op per step: each step's ids are static, so its gradient is a plain IndexedSlices.
        train_ops = [optimizer.minimize(losses(variables, s), **apply_kwargs(variables)) for s in range(steps)]
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for op in train_ops:
                sess.run(op)
            values = sess.run({k: v for k, v in variables.items()})
            slots = sess.run({f"{k}/{s}": optimizer.get_slot(v, s) for k, v in variables.items()
                              for s in optimizer.get_slot_names()})
        return values, slots


def no_kwargs(_variables: dict) -> dict:
    return {}


def sparse_loss(variables: dict, step: int) -> tf.Tensor:
    return tf.reduce_sum(tf.gather(variables["emb"], IDS[step]) * WEIGHTS)


MODES = ["eager", "graph_ref", "graph_resource"]


@pytest.mark.parametrize("mode", MODES)
def test_lazy_adam_sparse_touches_only_gathered_rows(mode: str) -> None:
    init = init_embedding()
    values, slots = run_steps(lambda: opt.LazyAdamOptimizer(LR, B1, B2, EPS), sparse_loss, {"emb": init}, mode, 3,
                              apply_kwargs=no_kwargs)
    var, m, v = init.copy(), np.zeros_like(init), np.zeros_like(init)
    for t, ids in enumerate(IDS, start=1):
        np_adam(var, m, v, np_sparse_grad(init.shape, ids), t, rows=np.unique(ids))
    np.testing.assert_allclose(values["emb"], var, **TOL)
    np.testing.assert_allclose(slots["emb/m"], m, **TOL)
    np.testing.assert_allclose(slots["emb/v"], v, **TOL)
    untouched = [1, 4, 5]
    np.testing.assert_array_equal(values["emb"][untouched], init[untouched])
    np.testing.assert_array_equal(slots["emb/m"][untouched], 0.0)
    np.testing.assert_array_equal(slots["emb/v"][untouched], 0.0)


@pytest.mark.parametrize("mode", ["eager", "graph_ref"])
def test_lazy_adam_dense_equals_adam(mode: str) -> None:
    init = {"w": np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)}

    def dense_loss(variables: dict, step: int) -> tf.Tensor:
        return tf.reduce_sum(tf.square(variables["w"] - float(step)))

    lazy, lazy_slots = run_steps(lambda: opt.LazyAdamOptimizer(LR), dense_loss, init, mode, 3, apply_kwargs=no_kwargs)
    adam, adam_slots = run_steps(lambda: tf.compat.v1.train.AdamOptimizer(LR), dense_loss, init, mode, 3,
                                 apply_kwargs=no_kwargs)
    np.testing.assert_array_equal(lazy["w"], adam["w"])
    np.testing.assert_array_equal(lazy_slots["w/m"], adam_slots["w/m"])
    assert not np.allclose(lazy["w"], init["w"])


def test_lazy_adam_variable_names_are_tf1s() -> None:
    with tf.Graph().as_default():
        emb = tf.compat.v1.Variable(init_embedding(), name="emb")
        optimizer = opt.LazyAdamOptimizer()
        optimizer.minimize(tf.reduce_sum(tf.gather(emb, [1])))
        names = sorted(v.op.name for v in tf.compat.v1.global_variables())
    assert names == ["beta1_power", "beta2_power", "emb", "emb/Adam", "emb/Adam_1"]


def quadratic_loss(variables: dict, step: int) -> tf.Tensor:
    del step
    return tf.reduce_sum(tf.square(variables["a"])) + tf.reduce_sum(3.0 * variables["b"])


QUAD_INIT = {"a": np.array([1.0, -2.0, 0.5], np.float32), "b": np.array([4.0, -1.0], np.float32)}
WD = 0.05


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("decay_only_a", [False, True])
def test_adamw_decays_then_steps(mode: str, decay_only_a: bool) -> None:
    def kwargs(variables: dict) -> dict:
        return {"decay_var_list": [variables["a"]]} if decay_only_a else {}

    values, slots = run_steps(lambda: opt.AdamWOptimizer(WD, learning_rate=LR), quadratic_loss, QUAD_INIT, mode, 3,
                              apply_kwargs=kwargs)
    ref = {}
    for name, init in QUAD_INIT.items():
        var, m, v = init.copy(), np.zeros_like(init), np.zeros_like(init)
        for t in (1, 2, 3):
            grad = 2 * var if name == "a" else np.full_like(var, 3.0)  # at the value before the decay
            if name == "a" or not decay_only_a:
                var -= WD * var
            np_adam(var, m, v, grad, t)
        ref[name] = var
        np.testing.assert_allclose(slots[f"{name}/m"], m, **TOL)
    np.testing.assert_allclose(values["a"], ref["a"], **TOL)
    np.testing.assert_allclose(values["b"], ref["b"], **TOL)


def test_adamw_slot_names_follow_its_name() -> None:
    with tf.Graph().as_default():
        w = tf.compat.v1.Variable([1.0], name="w")
        opt.AdamWOptimizer(WD).minimize(tf.reduce_sum(w))
        names = sorted(v.op.name for v in tf.compat.v1.global_variables())
    assert names == ["beta1_power", "beta2_power", "w", "w/AdamW", "w/AdamW_1"]


@pytest.mark.parametrize("mode", ["eager", "graph_ref"])
def test_momentumw_and_extended_sgd(mode: str) -> None:
    init = {"a": QUAD_INIT["a"]}

    def a_loss(variables: dict, step: int) -> tf.Tensor:
        return tf.reduce_sum(tf.square(variables["a"]))

    values, _ = run_steps(lambda: opt.MomentumWOptimizer(WD, LR, 0.9), a_loss, init, mode, 2,
                          apply_kwargs=no_kwargs)
    var, accum = init["a"].copy(), np.zeros(3, np.float32)
    for _ in range(2):
        grad = 2 * var
        var -= WD * var
        accum = 0.9 * accum + grad
        var -= LR * accum
    np.testing.assert_allclose(values["a"], var, **TOL)

    sgdw = opt.extend_with_decoupled_weight_decay(tf.compat.v1.train.GradientDescentOptimizer)
    values, _ = run_steps(lambda: sgdw(WD, LR), a_loss, init, mode, 1, apply_kwargs=no_kwargs)
    expected = init["a"] - WD * init["a"] - LR * 2 * init["a"]
    np.testing.assert_allclose(values["a"], expected, **TOL)
    assert issubclass(sgdw, opt.DecoupledWeightDecayExtension)


@pytest.mark.parametrize("mode", MODES)
def test_lazy_adamw_sparse_decays_only_gathered_rows(mode: str) -> None:
    lazy_adamw = opt.extend_with_decoupled_weight_decay(opt.LazyAdamOptimizer)
    init = init_embedding()
    values, _ = run_steps(lambda: lazy_adamw(WD, LR), sparse_loss, {"emb": init}, mode, 3, apply_kwargs=no_kwargs)
    var, m, v = init.copy(), np.zeros_like(init), np.zeros_like(init)
    for t, ids in enumerate(IDS, start=1):
        rows = np.unique(ids)
        var[rows] -= WD * var[rows]
        np_adam(var, m, v, np_sparse_grad(init.shape, ids), t, rows=rows)
    np.testing.assert_allclose(values["emb"], var, **TOL)
    np.testing.assert_array_equal(values["emb"][[1, 4, 5]], init[[1, 4, 5]])


# -- image ----------------------------------------------------------------------------------------------------
def np_translate(img: np.ndarray, dx: int, dy: int) -> np.ndarray:
    out = np.zeros_like(img)
    h, w = img.shape[:2]
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = img[max(-dy, 0):h - max(dy, 0),
                                                                    max(-dx, 0):w - max(dx, 0)]
    return out


def evaluate(build: Callable[[], tf.Tensor], mode: str) -> np.ndarray:
    if mode == "eager":
        return build().numpy()
    with tf.Graph().as_default(), tf.compat.v1.Session() as sess:
        return sess.run(build())


IMG = np.arange(25, dtype=np.float32).reshape(5, 5) + 1  # +1: a zero pixel would hide a missing fill


@pytest.mark.parametrize("mode", ["eager", "graph"])
def test_rotate_quarter_turn_is_counterclockwise(mode: str) -> None:
    assert np.array_equal(evaluate(lambda: image.rotate(IMG, np.pi / 2), mode), np.rot90(IMG))
    even = IMG[:4, :4].astype(np.uint8)
    got = evaluate(lambda: image.rotate(even[:, :, None], -np.pi / 2), mode)
    assert got.dtype == np.uint8 and np.array_equal(got[:, :, 0], np.rot90(even, -1))
    batch = np.stack([IMG, IMG * 2])[..., None]
    got = evaluate(lambda: image.rotate(batch, [np.pi / 2, np.pi]), mode)
    np.testing.assert_array_equal(got[0, :, :, 0], np.rot90(IMG))
    np.testing.assert_array_equal(got[1, :, :, 0], np.rot90(IMG * 2, 2))


@pytest.mark.parametrize("mode", ["eager", "graph"])
def test_translate_shifts_with_zero_fill(mode: str) -> None:
    got = evaluate(lambda: image.translate(IMG, [1, 2]), mode)
    np.testing.assert_array_equal(got, np_translate(IMG, 1, 2))
    assert got[0, 0] == 0 and got[2, 1] == IMG[0, 0]
    rgb = np.stack([IMG, -IMG, IMG * 3], axis=-1)
    got = evaluate(lambda: image.translate(rgb, [-2, 1], interpolation="BILINEAR"), mode)
    np.testing.assert_allclose(got, np_translate(rgb, -2, 1), atol=1e-5)
    batch = np.stack([IMG, IMG])[..., None]
    got = evaluate(lambda: image.translate(batch, [[1, 0], [0, -1]]), mode)
    np.testing.assert_array_equal(got[0, :, :, 0], np_translate(IMG, 1, 0))
    np.testing.assert_array_equal(got[1, :, :, 0], np_translate(IMG, 0, -1))


@pytest.mark.parametrize("mode", ["eager", "graph"])
def test_composed_transform_equals_sequential(mode: str) -> None:
    def both() -> tf.Tensor:
        shift_t = image.translations_to_projective_transforms([1, 2])
        turn_t = image.angles_to_projective_transforms(np.pi / 2, 5.0, 5.0)
        once = image.transform(IMG, image.compose_transforms(shift_t, turn_t))
        return tf.stack([once, image.transform(image.transform(IMG, shift_t), turn_t)])

    once, sequential = evaluate(both, mode)
    np.testing.assert_array_equal(once, sequential)
    np.testing.assert_array_equal(once, np.rot90(np_translate(IMG, 1, 2)))


def test_flat_matrix_round_trip_and_output_shape() -> None:
    flat = np.array([1.0, 0.5, -1.0, 0.25, 2.0, 3.0, 0.0, 0.0], np.float32)
    matrices = image.flat_transforms_to_matrices(flat).numpy()
    np.testing.assert_array_equal(matrices, [[[1.0, 0.5, -1.0], [0.25, 2.0, 3.0], [0.0, 0.0, 1.0]]])
    np.testing.assert_array_equal(image.matrices_to_flat_transforms(matrices * 2).numpy(), [flat])
    identity = [1.0, 0, 0, 0, 1.0, 0, 0, 0]
    got = image.transform(IMG, identity, output_shape=[3, 6]).numpy()
    np.testing.assert_array_equal(got, np.pad(IMG[:3], ((0, 0), (0, 1))))
    with pytest.raises(TypeError, match="rank between 2 and 4"):
        image.rotate(np.zeros((1, 2, 2, 1, 1), np.float32), 0.0)
    with pytest.raises(TypeError, match="Invalid dtype"):
        image.transform(np.zeros((2, 2), np.bool_), identity)


def test_rotate_has_a_gradient() -> None:
    x = tf.Variable(IMG)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(image.rotate(x, np.pi / 2) * IMG)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), np.rot90(IMG, -1))


V1_PROGRAM = """
import json
import numpy as np
import tfcompat.v1 as tf
import tfcompat.contrib.image, tfcompat.contrib.opt

assert tf.contrib.opt is tfcompat.contrib.opt and tf.contrib.image is tfcompat.contrib.image
from tfcompat.v1.contrib.opt import LazyAdamOptimizer
emb = tf.get_variable("emb", initializer=tf.constant(np.ones((4, 2), np.float32)))
train_op = LazyAdamOptimizer(0.1).minimize(tf.reduce_sum(tf.nn.embedding_lookup(emb, [1, 1, 3])))
img = tf.placeholder(tf.float32, [3, 3])
turned = tf.contrib.image.rotate(img, np.pi / 2)
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    session.run(train_op)
    print(json.dumps({"emb": session.run(emb).tolist(), "slots": sorted(v.op.name for v in tf.global_variables()),
                      "turned": session.run(turned, {img: np.arange(9.0).reshape(3, 3)}).tolist()}))
"""


def test_under_tfcompat_v1() -> None:
    """``import tfcompat.v1 as tf`` (v1 behaviour, ref variables): ``tf.contrib.opt`` / ``.image`` in a Session."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(V1_PROGRAM)], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    # Adam's first step moves each touched entry by the learning rate; rows 0 and 2 keep their value.
    np.testing.assert_allclose(result["emb"], [[1, 1], [0.9, 0.9], [1, 1], [0.9, 0.9]], rtol=1e-6)
    assert result["slots"] == ["beta1_power", "beta2_power", "emb", "emb/Adam", "emb/Adam_1"]
    np.testing.assert_array_equal(result["turned"], np.rot90(np.arange(9.0).reshape(3, 3)))


def test_migrate_sends_contrib_opt_and_image_here() -> None:
    """TF's upgrade list names TensorFlow Addons for these; the codemod writes tfcompat's modules instead."""
    from tfcompat_lint.migrate import migrate_python
    migrated = migrate_python(textwrap.dedent("""
        import tensorflow as tf
        step = tf.contrib.opt.LazyAdamOptimizer(0.1)
        turned = tf.contrib.image.rotate(images, 0.5)
        warped = tf.contrib.image.dense_image_warp(images, flow)
    """), lambda d: d.fix is not None and d.fix.safety == "safe").text
    assert migrated == textwrap.dedent("""
        import tensorflow as tf
        import tfcompat
        step = tfcompat.contrib.opt.LazyAdamOptimizer(0.1)
        turned = tfcompat.contrib.image.rotate(images, 0.5)
        warped = tf.contrib.image.dense_image_warp(images, flow)
    """)
