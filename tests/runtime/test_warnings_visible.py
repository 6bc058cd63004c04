"""Warnings show where user code calls a shim, one variable turns them off, tfcompat's own TF calls log nothing.

Each case runs a fresh interpreter with Python's default warning filters and reads its stderr.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from runtime_helpers import run_python

LIBRARY = "import tfcompat.ops as ops\n\n\ndef stacked():\n    return ops.pack([1.0, 2.0])\n"
CALL_LIBRARY = """
    import sys
    sys.path.insert(0, {directory!r})
    import library
    library.stacked()
"""


def _library(tmp_path: Path) -> str:
    (tmp_path / "library.py").write_text(LIBRARY)
    return CALL_LIBRARY.format(directory=str(tmp_path))


def test_a_call_inside_an_imported_module_warns_at_its_line_by_default(tmp_path: Path) -> None:
    result = run_python(_library(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if "TFCompatDeprecationWarning" in line]
    assert lines == [f"{tmp_path / 'library.py'}:5: TFCompatDeprecationWarning: tf.pack was removed from "
                     "TensorFlow; tfcompat runs it as tf.stack. Write tf.stack instead [TFC101]"]


@pytest.mark.parametrize("value", ["0", "off"])
def test_tfcompat_warnings_0_turns_them_off(tmp_path: Path, value: str) -> None:
    result = run_python(_library(tmp_path), env={"TFCOMPAT_WARNINGS": value})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "TFCompatDeprecationWarning" not in result.stderr


def test_importing_tfcompat_v1_logs_no_tensorflow_deprecation() -> None:
    result = run_python("import tfcompat.v1 as tf; print(tf.executing_eagerly())")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["False"]
    assert "deprecated" not in result.stderr and "disable_resource_variables" not in result.stderr


def test_the_users_own_call_of_a_deprecated_tf_api_still_logs() -> None:
    result = run_python("import tfcompat.v1 as tf; tf.disable_resource_variables()")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "disable_resource_variables (from tensorflow" in result.stderr


def test_ckpt_convert_logs_no_tensorflow_deprecation(tmp_path: Path) -> None:
    result = run_python(f"""
        import tensorflow as tf
        from tfcompat.ckpt.cli import main
        with tf.Graph().as_default():
            tf.compat.v1.get_variable("w", [2])
            with tf.compat.v1.Session() as sess:
                sess.run(tf.compat.v1.global_variables_initializer())
                path = tf.compat.v1.train.Saver().save(sess, {str(tmp_path / "old" / "m.ckpt")!r})
        raise SystemExit(main(["convert", path, {str(tmp_path / "new" / "m.ckpt")!r}]))
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1] == f"wrote {tmp_path / 'new' / 'm.ckpt'}"
    assert "update_checkpoint_state" not in result.stderr and "deprecated" not in result.stderr
