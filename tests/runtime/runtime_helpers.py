"""Shared helpers for the runtime tests: graph and eager runs that work whatever the global TF mode.

``tfcompat.v1`` switches TensorFlow to v1 behaviour process-wide.  These tests
import it with ``TFCOMPAT_KEEP_V2=1`` (the switch itself is tested in a
subprocess), build graphs in explicit ``tf.Graph()`` blocks and run eager code
inside ``eager_mode()``, so they pass in any order beside any other test.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402
from tensorflow.python.eager import context  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def v1() -> Any:
    """``tfcompat.v1``, imported without switching this process to v1 behaviour."""
    saved = os.environ.get("TFCOMPAT_KEEP_V2")
    os.environ["TFCOMPAT_KEEP_V2"] = "1"
    try:
        import tfcompat.v1 as module
    finally:
        if saved is None:
            del os.environ["TFCOMPAT_KEEP_V2"]
        else:
            os.environ["TFCOMPAT_KEEP_V2"] = saved
    return module


def run_graph(build: Callable[[], Any], feed: dict | None = None) -> Any:
    """Build ``build()`` in a fresh graph and run it in a v1 Session."""
    with tf.Graph().as_default():
        outputs = build()
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            return sess.run(outputs, feed)


def graph_op_types(build: Callable[[], Any]) -> list[str]:
    """The op types ``build()`` adds to a fresh graph, in creation order."""
    with tf.Graph().as_default() as graph:
        build()
        return [op.type for op in graph.get_operations()]


def run_eager(build: Callable[[], Any]) -> Any:
    """``build()`` run eagerly (even if the process is in v1 mode), as numpy."""
    with context.eager_mode():
        return tf.nest.map_structure(lambda t: t.numpy() if hasattr(t, "numpy") else t, build())


def run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with tfcompat importable."""
    environ = {k: v for k, v in os.environ.items() if k != "TFCOMPAT_KEEP_V2"}
    environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "lint"), environ.get("PYTHONPATH", "")])
    environ.update(env or {})
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=environ, timeout=300)


def gpu_available() -> bool:
    return bool(tf.config.list_physical_devices("GPU"))
