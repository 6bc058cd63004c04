"""``tfcompat.v1.keras``: tf-keras's Keras 2 v1 API when ``tfcompat[keras2]`` is installed, else TF 2.21's Keras 3
whose missing graph-mode names (``backend.get_session``, ...) raise an ImportError naming the extra.

``tfcompat.v1`` switches TensorFlow to v1 behaviour, so each case runs in a subprocess.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
BLOCK_TF_KERAS = "import sys; sys.modules['tf_keras'] = None\n"


def _run(code: str, block_tf_keras: bool = False) -> dict:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}
    source = BLOCK_TF_KERAS * block_tf_keras + textwrap.dedent(code)
    proc = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, env=env, timeout=240,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["get_session", "set_session", "learning_phase", "set_learning_phase"])
def test_without_tf_keras_graph_names_name_the_extra(name: str) -> None:
    out = _run(f"""
        import json
        import tfcompat.v1 as tf
        try:
            tf.keras.backend.{name}
            error = None
        except ImportError as e:
            error = str(e)
        print(json.dumps({{"error": error}}))
    """, block_tf_keras=True)
    assert out["error"] is not None
    assert f"tfcompat.v1.keras.backend.{name}" in out["error"]
    assert "pip install 'tfcompat[keras2]'" in out["error"]


def test_without_tf_keras_keras3_code_keeps_working() -> None:
    out = _run("""
        import json
        import tensorflow
        import tfcompat.v1 as tf
        import tfcompat.v1.keras.layers as layers
        print(json.dumps({"keras": tf.keras.__name__, "layers": layers.__name__,
                          "dense_is_tf": tf.keras.layers.Dense is tensorflow.compat.v1.keras.layers.Dense,
                          "clear_session": callable(tf.keras.backend.clear_session)}))
    """, block_tf_keras=True)
    assert out == {"keras": "tfcompat.v1.keras", "layers": "tfcompat.v1.keras.layers", "dense_is_tf": True,
                   "clear_session": True}


def test_with_tf_keras_v1_keras_is_its_v1_api() -> None:
    pytest.importorskip("tf_keras")
    out = _run("""
        import json
        import tf_keras.api._v1.keras as keras2
        import tfcompat.v1 as tf
        import tfcompat.v1.keras.backend as backend
        print(json.dumps({"same": tf.keras is keras2, "backend": backend is keras2.backend,
                          "dense": tf.keras.layers.Dense is keras2.layers.Dense}))
    """)
    assert out == {"same": True, "backend": True, "dense": True}


def test_with_tf_keras_a_model_trains_in_a_session_mixed_with_tf_layers() -> None:
    """Keras 2 layers and tfcompat's tf.layers in one graph, fed through placeholders, trained by a v1 optimizer
    in the session set with ``backend.set_session``; numbers against numpy."""
    pytest.importorskip("tf_keras")
    rng = np.random.RandomState(3)
    x, w1, w2 = rng.standard_normal((6, 3)), rng.standard_normal((3, 4)), rng.standard_normal((4, 1))
    as32 = lambda a: a.astype(np.float32).astype(np.float64)  # noqa: E731
    x, w1, w2 = as32(x), as32(w1), as32(w2)
    out = _run(f"""
        import json
        import numpy as np
        import tfcompat.v1 as tf
        x_np = np.array({x.tolist()}, np.float32)
        x = tf.placeholder(tf.float32, [None, 3])
        model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="relu", use_bias=False, input_shape=(3,),
                                     kernel_initializer=tf.constant_initializer({w1.tolist()}))])
        out = tf.layers.dense(model(x), 1, use_bias=False, kernel_initializer=tf.constant_initializer({w2.tolist()}))
        loss = tf.reduce_sum(out)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        tf.keras.backend.set_session(sess)
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, {{x: x_np}})
        sess.run(train, {{x: x_np}})
        print(json.dumps({{"first": float(first), "kernel": model.get_weights()[0].tolist(),
                          "same": tf.keras.backend.get_session() is sess}}))
    """)
    h = np.maximum(x @ w1, 0)
    grad_w1 = x.T @ ((h > 0) * w2.T)  # d sum(relu(x w1) w2) / d w1
    assert out["same"]
    np.testing.assert_allclose(out["first"], (h @ w2).sum(), rtol=1e-5)
    np.testing.assert_allclose(out["kernel"], w1 - 0.1 * grad_w1, rtol=1e-5, atol=1e-6)


def test_with_tf_keras_model_fit_runs_under_v1_behaviour() -> None:
    """``compile`` + ``fit`` of a linear model in graph mode (full batch, plain SGD) against numpy."""
    pytest.importorskip("tf_keras")
    rng = np.random.RandomState(8)
    as32 = lambda a: a.astype(np.float32).astype(np.float64)  # noqa: E731
    x, y, w = as32(rng.standard_normal((5, 3))), as32(rng.standard_normal((5, 1))), as32(rng.standard_normal((3, 1)))
    out = _run(f"""
        import json
        import numpy as np
        import tfcompat.v1 as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, use_bias=False, input_shape=(3,),
                                     kernel_initializer=tf.constant_initializer({w.tolist()}))])
        model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
        history = model.fit(np.array({x.tolist()}, np.float32), np.array({y.tolist()}, np.float32), batch_size=5,
                            epochs=3, shuffle=False, verbose=0)
        print(json.dumps({{"eager": tf.executing_eagerly(), "loss": history.history["loss"],
                          "kernel": model.get_weights()[0].tolist()}}))
    """)
    losses = []
    for _ in range(3):
        residual = x @ w - y
        losses.append(np.mean(residual ** 2))
        w = w - 0.1 * 2 * x.T @ residual / len(x)
    assert out["eager"] is False
    np.testing.assert_allclose(out["loss"], losses, rtol=1e-5)
    np.testing.assert_allclose(out["kernel"], w, rtol=1e-5, atol=1e-6)


def _lint(source: str) -> list[tuple[str, str]]:
    from tfcompat_lint.engine import lint_python

    return [(d.code, d.message) for d in lint_python(textwrap.dedent(source))]


def test_lint_names_the_extra_for_keras_session_names() -> None:
    found = _lint("""
        import tensorflow as tf
        sess = tf.compat.v1.keras.backend.get_session()
    """)
    keras = [message for code, message in found if code == "TFC104"]
    assert len(keras) == 1 and "pip install 'tfcompat[keras2]'" in keras[0], found
    assert "tfcompat.contrib.keras.backend.get_session" in keras[0]


def test_lint_sends_tf_keras_of_a_session_module_to_tf_keras() -> None:
    found = _lint("""
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        from tensorflow.keras import layers
        model = tf.keras.models.Sequential([layers.Dense(2)])
        with tf.compat.v1.Session() as sess:
            pass
    """)
    messages = [message for code, message in found if code == "TFC504"]
    assert len(messages) == 2, found
    assert all("pip install 'tfcompat[keras2]'" in m for m in messages)
    assert "`tfcompat.contrib.keras.models.Sequential`" in messages[0]


def test_lint_leaves_keras3_code_alone() -> None:
    assert _lint("""
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
        model.compile("sgd", "mse")
        with tf.GradientTape() as tape:
            pass
    """) == []
