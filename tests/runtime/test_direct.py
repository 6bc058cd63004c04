"""Shims calling TF ops below their pass-through layers keep what those layers do.

``tfcompat.ops._direct`` peels TF's weak-tensor promotion and traceback-filtering
wrappers off a native op; the shims then do that work themselves.  These tests
pin the peeling on the installed TensorFlow (a TF whose wrappers changed must
fail here, not silently fall back) and check each duty the layers had: type-based
dispatch, traceback filtering both ways, and dtype promotion when it is on.
"""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
import tensorflow as tf
from tensorflow.python.eager import context

import tfcompat.ops as ops
from runtime_helpers import run_python
from tfcompat.ops._direct import direct

pytestmark = pytest.mark.filterwarnings("ignore::tfcompat._warnings.TFCompatDeprecationWarning")

TF_PYTHON = str(Path(tf.__file__).resolve().parent / "python")


def test_the_installed_tensorflow_is_peeled_as_expected() -> None:
    mul = direct(tf.multiply)
    assert mul.call is not tf.multiply and mul.promotes is not None and mul.filters
    assert mul.call.__code__.co_name == "op_dispatch_handler"  # type dispatch is kept
    split = direct(tf.split)
    assert split.call.__code__.co_name == "op_dispatch_handler" and split.promotes is None and split.filters
    negative = direct(tf.negative)  # promotion layer over a generated op: nothing to filter
    assert negative.promotes is not None and not negative.filters
    assert direct(tf.reverse) == (tf.reverse, None, False)  # a generated op has no layers


def test_an_unknown_callable_is_called_as_it_is() -> None:
    def error_handler(*args: Any) -> Any:  # TF's name, not TF's code
        return args

    assert direct(error_handler) == (error_handler, None, False)


RAGGED = tf.ragged.constant([[1.0, 2.0], [3.0]])


@pytest.mark.parametrize(
    ("shim", "native"),
    [
        (lambda: ops.mul(RAGGED, 2.0), lambda: tf.multiply(RAGGED, 2.0)),
        (lambda: ops.sub(RAGGED, 1.0), lambda: tf.subtract(RAGGED, 1.0)),
        (lambda: ops.pack([RAGGED, RAGGED]), lambda: tf.stack([RAGGED, RAGGED])),
        (lambda: ops.concat(0, [RAGGED, RAGGED]), lambda: tf.concat([RAGGED, RAGGED], 0)),
        (lambda: ops.concat([RAGGED, RAGGED], 1), lambda: tf.concat([RAGGED, RAGGED], 1)),
    ],
    ids=["mul", "sub", "pack", "concat 0.x", "concat 1.x"],
)
def test_type_based_dispatch_still_reaches_ragged_tensors(shim: Callable[[], Any], native: Callable[[], Any]) -> None:
    with context.eager_mode():
        got, want = shim(), native()
    assert isinstance(got, tf.RaggedTensor)
    assert got.to_list() == want.to_list()


X = np.ones((2, 3), np.float32)
FAILING_CALLS = {  # each fails inside TensorFlow
    "renamed": lambda: ops.mul(tf.constant(X), tf.constant([1, 2], tf.int32)),
    "split 0.x": lambda: ops.split(1, 2, tf.constant(X)),
    "split 1.x": lambda: ops.split(tf.constant(X), 2, 1),
    "concat 0.x": lambda: ops.concat(1, [tf.constant(X), tf.constant(X[:1])]),
    "batch_matmul": lambda: ops.batch_matmul(tf.constant(X), tf.constant(X)),
}


def _frames_in_tensorflow(call: Callable[[], Any]) -> list[str]:
    with context.eager_mode(), pytest.raises((tf.errors.InvalidArgumentError, ValueError, TypeError)) as caught:
        call()
    return [frame.filename for frame in traceback.extract_tb(caught.value.__traceback__)
            if frame.filename.startswith(TF_PYTHON)]


@pytest.mark.parametrize("call", FAILING_CALLS.values(), ids=FAILING_CALLS.keys())
def test_tracebacks_are_filtered_as_tensorflow_filters_them(call: Callable[[], Any]) -> None:
    assert tf.debugging.is_traceback_filtering_enabled()
    assert _frames_in_tensorflow(call) == []
    tf.debugging.disable_traceback_filtering()
    try:
        assert _frames_in_tensorflow(call) != []  # unfiltered: TF's own frames show
    finally:
        tf.debugging.enable_traceback_filtering()


def test_dtype_promotion_when_switched_on_runs_the_native_spelling() -> None:
    # The peeled call alone raises TypeError for int32 * 2.5; the native spelling promotes.
    result = run_python(
        """
        import warnings
        warnings.simplefilter("ignore")
        import tensorflow as tf
        tf.experimental.numpy.experimental_enable_numpy_behavior(dtype_conversion_mode="all")
        import tfcompat.ops as ops
        a = tf.constant([1, 2], tf.int32)
        for shim, native in ((ops.mul, tf.multiply), (ops.neg, tf.negative)):
            args = (a, 2.5) if shim is ops.mul else (a,)
            got, want = shim(*args), native(*args)
            print(got.dtype.name == want.dtype.name, got.numpy().tolist() == want.numpy().tolist())
        print(ops.batch_matmul(tf.ones((1, 2, 2), tf.int32), tf.ones((1, 2, 2), tf.float32)).dtype.name)
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "True", "True", "True", "float32"]
