"""TFCompatDeprecationWarning: a FutureWarning subclass, once per call site, naming the fix."""
from __future__ import annotations

import subprocess
import sys
import warnings

import pytest

import tfcompat._warnings as tfw
import tfcompat.ops as ops


def _record(calls) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        calls()
    return [w for w in caught if issubclass(w.category, tfw.TFCompatDeprecationWarning)]


def test_is_a_future_warning_naming_tf2_spelling_and_code() -> None:
    caught = _record(lambda: ops.pack([1.0, 2.0]))
    assert len(caught) == 1
    assert issubclass(caught[0].category, FutureWarning)
    text = str(caught[0].message)
    assert "tf.pack" in text and "tf.stack" in text and "[TFC" in text
    assert caught[0].filename == __file__


@pytest.mark.parametrize(
    "call",
    [
        lambda: ops.pack([1.0, 2.0]),  # renamed() wrapper
        lambda: ops.select(True, 1.0, 2.0),  # warn_removed()
        lambda: ops.split(0, 2, [1.0, 2.0]),  # split's positional fast path
        lambda: ops.split(split_dim=0, num_split=2, value=[1.0, 2.0]),  # split's keyword path
        lambda: ops.concat(0, [[1.0], [2.0]]),  # concat's positional fast path
    ],
    ids=["renamed", "warn_removed", "split-fast", "split-keywords", "concat-fast"],
)
def test_points_at_the_users_line(call) -> None:
    caught = _record(call)
    assert len(caught) == 1
    assert (caught[0].filename, caught[0].lineno) == (__file__, call.__code__.co_firstlineno)


def test_once_per_call_site() -> None:
    def loop() -> None:
        for _ in range(3):
            ops.mul(2.0, 3.0)
        ops.mul(2.0, 3.0)

    assert len(_record(loop)) == 2


def test_sites_at_the_same_offset_of_different_functions_each_warn() -> None:
    def first() -> None:
        ops.mul(2.0, 3.0)

    def second() -> None:
        ops.mul(2.0, 3.0)

    assert first.__code__.co_code == second.__code__.co_code  # same offsets: only the code object differs
    assert len(_record(lambda: [f() for f in (first, second, first, second)])) == 2


def test_each_api_called_from_one_site_warns_there_once() -> None:
    def loop() -> None:
        for _ in range(2):
            for shim in (ops.mul, ops.sub, ops.select):
                shim(True, 2.0, 3.0) if shim is ops.select else shim(2.0, 3.0)

    assert [str(w.message).split()[0] for w in _record(loop)] == ["tf.mul", "tf.sub", "tf.select"]


def test_once_per_call_site_through_warn_removed() -> None:
    def loop() -> None:
        for _ in range(3):
            ops.select(True, 1.0, 2.0)
            ops.batch_matmul([[1.0]], [[2.0]])

    assert [str(w.message).split()[0] for w in _record(loop)] == ["tf.select", "tf.batch_matmul"]


def test_standard_filters_silence_it() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore", tfw.TFCompatDeprecationWarning)
        ops.sub(2.0, 3.0)
    assert caught == []


def test_error_filter_raises_at_the_call_site() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", tfw.TFCompatDeprecationWarning)
        with pytest.raises(tfw.TFCompatDeprecationWarning, match="tf.negative"):
            ops.neg(2.0)


def test_old_argument_order_says_so() -> None:
    caught = _record(lambda: ops.concat(0, [[1.0], [2.0]]))
    assert "called with its 0.x arguments" in str(caught[0].message) and "TFC201" in str(caught[0].message)


def test_default_wording_names_the_given_spelling() -> None:
    assert tfw._message("tf.old_thing", "tf.new_thing", "TFC101") == (
        "tf.old_thing was removed from TensorFlow; tfcompat runs it as tf.new_thing. "
        "Write tf.new_thing instead [TFC101]")


def test_spec_spelling_wins_over_the_default() -> None:
    assert "Write tfcompat.rnn.static_rnn instead [TFC101]" in tfw._message("tf.nn.rnn", "something.else", "TFC101")


def test_wording_needs_neither_linter_nor_tensorflow() -> None:
    code = ("import sys; import tfcompat._warnings\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'tfcompat_lint')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
