"""Suite-wide pytest setup: the `gpu` marker skips when no GPU is visible; no test may leave TF in v1 mode
or sys.stdout closed."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _gpu_visible() -> bool:
    try:
        import tensorflow as tf
    except ImportError:
        return False
    return bool(tf.config.list_physical_devices("GPU"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not any(item.get_closest_marker("gpu") for item in items):
        return
    if _gpu_visible():
        return
    skip = pytest.mark.skip(reason="no GPU visible")
    for item in items:
        if item.get_closest_marker("gpu"):
            item.add_marker(skip)


def _tf1_modes(tf) -> list[str]:
    """The process-wide TF 1.x modes now on: each breaks the eager tests that run later in this process."""
    from tensorflow.python import tf2

    modes = [] if tf2.enabled() else ["v1 behaviour (disable_v2_behavior, or tfcompat.v1 imported without "
                                      "TFCOMPAT_KEEP_V2=1)"]
    if not tf.executing_eagerly():
        modes.append("graph mode (eager execution disabled, or a graph left as default)")
    if not tf.compat.v1.resource_variables_enabled():
        modes.append("ref variables (resource variables disabled)")
    return modes


@pytest.fixture(autouse=True)
def _process_state_left_as_found() -> Iterator[None]:
    """Fail the test that leaves sys.stdout closed or TensorFlow in a TF 1.x mode, instead of the unrelated
    tests after it (with xdist or `pytest -s`, those run in the same process)."""
    yield
    if getattr(sys.stdout, "closed", False):  # e.g. capsys's stream, restored by a monkeypatch undone after it
        sys.stdout = sys.__stdout__
        pytest.fail("this test left sys.stdout closed: undo a monkeypatch of sys.stdout before capsys's teardown",
                    pytrace=False)
    tf = sys.modules.get("tensorflow")  # never imports TensorFlow itself: tests/static must run without it
    if tf is None or not hasattr(tf, "executing_eagerly"):
        return
    modes = _tf1_modes(tf)
    if modes:
        tf.compat.v1.enable_v2_behavior()  # undo the switches, so the later tests of this process do not fail too
        pytest.fail(f"this test left TensorFlow in {'; '.join(modes)}: run such code in a subprocess",
                    pytrace=False)
