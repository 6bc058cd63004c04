"""Issue 11: every file is parsed, syntax-error advice names `--py2` only for Python 2, `--py2` converts
notebook cells and Python 2's tab indentation, and the v1 switch lands where a nested import binds `tf`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tfcompat_lint.config import Settings
from tfcompat_lint.engine import lint_python
from tfcompat_lint.migrate._file import migrate_file

pytest.importorskip("fissix")

BIN = Path(sys.executable).parent
PY2_ADVICE = "looks like Python 2; convert it with `tfcompat-migrate --py2`"
FIX_ADVICE = "fix the syntax error, then re-run"


def migrate(tmp_path: Path, name: str, data: str | bytes, py2: bool = False):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return migrate_file(path, Settings(root=tmp_path, py2=py2), name)


def cli(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), "--no-cache", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={"NO_COLOR": "1", "PATH": str(BIN)})


# ----- item 1: the v1 switch after an import nested in a compound statement ----------------------------
MAIN_GUARD = "if __name__ == '__main__':\n    import tensorflow as tf\n    x = tf.placeholder(tf.float32)\n"


def test_v1_switch_goes_right_after_the_import_in_its_block(tmp_path: Path) -> None:
    assert migrate(tmp_path, "m.py", MAIN_GUARD).after == (
        "if __name__ == '__main__':\n    import tensorflow as tf\n    tf.compat.v1.disable_v2_behavior()\n"
        "    x = tf.compat.v1.placeholder(tf.float32)\n")


def test_v1_switch_keeps_a_tab_indented_block(tmp_path: Path) -> None:
    source = "try:\n\timport tensorflow as tf\n\tx = tf.placeholder(tf.float32)\nexcept ImportError:\n\tpass\n"
    assert migrate(tmp_path, "t.py", source).after == (
        "try:\n\timport tensorflow as tf\n\ttf.compat.v1.disable_v2_behavior()\n"
        "\tx = tf.compat.v1.placeholder(tf.float32)\nexcept ImportError:\n\tpass\n")


def test_v1_switch_for_an_import_sharing_its_line_imports_tensorflow_first(tmp_path: Path) -> None:
    source = "import os\nif True: import tensorflow as tf; x = tf.placeholder(tf.float32)\n"
    assert migrate(tmp_path, "o.py", source).after == (
        "import os\nimport tensorflow\ntensorflow.compat.v1.disable_v2_behavior()\n"
        "if True: import tensorflow as tf; x = tf.compat.v1.placeholder(tf.float32)\n")


def test_v1_switch_after_a_block_that_only_imports(tmp_path: Path) -> None:
    source = "try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None\nx = tf.placeholder(tf.float32)\n"
    assert migrate(tmp_path, "b.py", source).after == (
        "try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None\ntf.compat.v1.disable_v2_behavior()\n"
        "x = tf.compat.v1.placeholder(tf.float32)\n")


def test_migrated_main_guard_program_runs(tmp_path: Path) -> None:
    pytest.importorskip("tensorflow")
    (tmp_path / "main.py").write_text(MAIN_GUARD + "    print(type(x).__name__)\n")
    assert cli("tfcompat-migrate", "--write", "main.py", cwd=tmp_path).returncode == 0
    done = subprocess.run([sys.executable, "main.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout == "SymbolicTensor\n", done.stderr[-2000:]


# ----- item 2: files that do not mention tensorflow are parsed too --------------------------------------
def test_lint_reports_a_syntax_error_in_a_file_without_tensorflow() -> None:
    [found] = lint_python("print 'hi'\n")
    assert (found.code, found.row, found.message) == (
        "TFC901", 1, "cannot parse: Missing parentheses in call to 'print'. Did you mean print(...)? — " + PY2_ADVICE)
    assert lint_python("import os\nprint(os.sep)\n") == []


def test_cli_on_a_python_2_module_without_tensorflow(tmp_path: Path) -> None:
    (tmp_path / "util.py").write_text("print 'hi'\n")
    lint = cli("tfcompat-lint", "--output-format", "concise", "util.py", cwd=tmp_path)
    assert lint.returncode == 1 and "util.py:1:1: TFC901 cannot parse: " in lint.stdout, lint.stdout
    check = cli("tfcompat-migrate", "--check", "util.py", cwd=tmp_path)
    assert check.returncode == 2 and "util.py: line 1: not valid Python 3" in check.stderr, check.stderr
    assert cli("tfcompat-migrate", "--py2", "--write", "util.py", cwd=tmp_path).returncode == 0
    assert (tmp_path / "util.py").read_text() == "print('hi')\n"


# ----- item 3: `--py2` advice only for Python 2 ---------------------------------------------------------
PYTHON_2 = {"print": "print 'hi'\n", "except": "try:\n    pass\nexcept E, e:\n    pass\n", "backticks": "x = `y`\n",
            "diamond": "x = a <> b\n", "exec": "exec 'x = 1'\n", "octal": "x = 0777\n", "ur": "x = ur'a'\n",
            "long": "x = 10L\n", "raise": "raise E, 'm'\n", "tabs": "if True:\n        x = 1\n\ty = 2\n"}
NOT_PYTHON = {"bad-def": "def f(:\n    pass\n", "nul": "x = 1\x00\n", "u0085": "x = 1\x85\n",
              "deep": "x = " + "(" * 300 + ")" * 300 + "\n", "bracket": "x = f(1))\n"}


@pytest.mark.parametrize("source", PYTHON_2.values(), ids=PYTHON_2.keys())
def test_python_2_syntax_is_sent_to_py2(tmp_path: Path, source: str) -> None:
    [found] = lint_python(source)
    assert found.code == "TFC901" and found.message.endswith(" — " + PY2_ADVICE), found.message
    error = migrate(tmp_path, "p.py", source).error
    assert error.endswith("left untouched — it looks like Python 2: re-run with `--py2` to convert it first"), error


@pytest.mark.parametrize("source", NOT_PYTHON.values(), ids=NOT_PYTHON.keys())
def test_other_syntax_errors_say_fix_it(tmp_path: Path, source: str) -> None:
    [found] = lint_python(source)
    assert found.code == "TFC901" and found.message.endswith(" — " + FIX_ADVICE), found.message
    error = migrate(tmp_path, "p.py", source).error
    assert error.startswith("line 1: not valid Python (") and "--py2" not in error, error
    assert error.endswith("; left untouched — fix the syntax error, then re-run"), error


# ----- item 4: --py2 converts notebook cells ------------------------------------------------------------
def _notebook(*sources: list[str]) -> str:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
             for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_py2_converts_a_python_2_cell_and_keeps_its_magics(tmp_path: Path) -> None:
    source = _notebook(["import tensorflow as tf\n"], ["%matplotlib inline\n", "print 'hi', 7/2\n"])
    outcome = migrate(tmp_path, "n.ipynb", source, py2=True)
    assert outcome.error is None and outcome.problems == []
    assert outcome.after == source.replace('"print \'hi\', 7/2\\n"', '"print(\'hi\', 7/2)\\n"')
    assert outcome.review == [(2, "cell 2: `/` was floor division on ints in Python 2; check it")]


def test_without_py2_a_python_2_cell_is_left_unchanged(tmp_path: Path) -> None:
    source = _notebook(["import tensorflow as tf\n"], ["print 'hi'\n"])
    outcome = migrate(tmp_path, "n.ipynb", source)
    assert outcome.after == source and outcome.problems == [
        "cell 2, line 1: cannot parse (Missing parentheses in call to 'print'. Did you mean print(...)?); "
        "this cell was left unchanged"]


# ----- item 5: Python 2's tab indentation under --py2 ---------------------------------------------------
def test_py2_expands_mixed_tab_indentation_but_not_string_content(tmp_path: Path) -> None:
    source = 'if True:\n        x = 1\n\tprint x\n\ts = """a\n\tb"""\n'
    outcome = migrate(tmp_path, "t.py", source, py2=True)
    assert outcome.error is None, outcome.error
    assert outcome.after == 'if True:\n        x = 1\n        print(x)\n        s = """a\n\tb"""\n'


def test_py2_keeps_consistent_tab_indentation(tmp_path: Path) -> None:
    outcome = migrate(tmp_path, "t.py", "if True:\n\tprint 'hi'\n", py2=True)
    assert outcome.after == "if True:\n\tprint('hi')\n"
