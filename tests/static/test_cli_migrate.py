"""tfcompat-migrate: diff/check/write modes, reports, notebooks, Python 2, and never losing a file."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tfcompat_lint.cli_migrate import main

OLD = ("import tensorflow as tf\n\n# keep this comment   exactly\nx = tf.placeholder(tf.float32, [None, 4])\n"
       "y = tf.pack([x, x])  # trailing comment\nz = tf.concat(1, [x, x])\n")
NEW = ("import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n\n# keep this comment   exactly\n"
       "x = tf.compat.v1.placeholder(tf.float32, [None, 4])\n"
       "y = tf.stack([x, x])  # trailing comment\nz = tf.concat(axis=1, values=[x, x])\n")


@pytest.fixture
def project(make_project) -> Path:
    return make_project({"old.py": OLD, "clean.py": "import tensorflow as tf\ny = tf.stack([a])\n"})


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_is_default_and_exit_1(project: Path, capsys) -> None:
    code, out, err = run(capsys, "old.py")
    assert code == 1
    assert out.startswith("--- a/old.py\n+++ b/old.py\n")
    assert "\n-y = tf.pack([x, x])  # trailing comment\n" in out
    assert "\n+y = tf.stack([x, x])  # trailing comment\n" in out
    assert (project / "old.py").read_text() == OLD  # nothing written
    assert "1 of 1 file(s) would change" in err


def test_check_names_each_file_it_would_migrate(project: Path, capsys) -> None:
    assert run(capsys, "--check", "old.py") == (1, "would migrate: old.py\n", "")
    assert run(capsys, "--check", "clean.py") == (0, "", "")
    assert run(capsys, "--check", "--exit-zero", "old.py") == (0, "would migrate: old.py\n", "")


def test_write_applies_exactly_and_is_idempotent(project: Path, capsys) -> None:
    clean_mtime = (project / "clean.py").stat().st_mtime_ns
    code, _, err = run(capsys, "--write", ".")
    assert code == 0 and "1 of 2 file(s) changed" in err
    assert (project / "old.py").read_text() == NEW
    assert (project / "clean.py").stat().st_mtime_ns == clean_mtime  # unchanged files are not touched
    assert run(capsys, "--check", ".")[0] == 0  # a second run changes nothing


def test_select_ignore(project: Path, capsys) -> None:
    run(capsys, "--write", "--select", "TFC101", "old.py")
    text = (project / "old.py").read_text()
    assert "tf.stack" in text and "tf.concat(1, [x, x])" in text and "placeholder(tf" in text


def test_report_files(project: Path, capsys) -> None:
    (project / "amb.py").write_text("import tensorflow as tf\ny = tf.concat(a, b)\n")
    run(capsys, "--report", "r.json", ".")
    data = json.loads((project / "r.json").read_text())
    assert {c["code"] for c in data["changes"]} >= {"TFC101", "TFC201", "TFC501", "TFC103"}
    assert [(m["file"], m["line"], m["code"]) for m in data["manual"]] == [("amb.py", 2, "TFC205")]
    run(capsys, "--report", "r.md", ".")
    text = (project / "r.md").read_text()
    assert "## Manual review" in text and "`amb.py:2` | TFC205" in text
    assert run(capsys, "--report", "r.txt", ".")[0] == 2


def test_summary_table(project: Path, capsys) -> None:
    _, _, err = run(capsys, ".")
    assert "fixes  rule" in err and "TFC101 symbol-renamed-in-1.0" in err


def test_output_that_would_not_parse_is_never_written(project: Path, capsys, monkeypatch) -> None:
    from tfcompat_lint.migrate import _apply

    monkeypatch.setattr(_apply, "apply_edits", lambda text, edits: text + "\n)(\n")
    code, _, err = run(capsys, "--write", ".")
    assert code == 2 and "would not parse" in err
    assert (project / "old.py").read_text() == OLD


def test_mode_bits_and_symlinks_kept(project: Path, capsys) -> None:
    target = project / "old.py"
    target.chmod(0o750)
    (project / "sub").mkdir()
    link = project / "sub" / "link.py"
    link.symlink_to(target)
    run(capsys, "--write", "sub/link.py")
    assert link.is_symlink() and target.read_text() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o750
    assert not list(project.glob(".*.tfcompat"))  # no temporary file left behind


def test_python2_needs_flag_and_other_files_still_migrate(project: Path, capsys) -> None:
    py2 = "import tensorflow as tf\nprint tf.pack([1, 2])\nfor i in xrange(3):\n    half = i / 2\n"
    (project / "p2.py").write_text(py2)
    code, _, err = run(capsys, "--write", ".")
    assert code == 2 and "p2.py: line 2: not valid Python 3" in err and "--py2" in err
    assert (project / "p2.py").read_text() == py2 and (project / "old.py").read_text() == NEW
    code, _, err = run(capsys, "--write", "--py2", "p2.py")
    assert code == 0
    assert (project / "p2.py").read_text() == ("import tensorflow as tf\nprint(tf.stack([1, 2]))\n"
                                               "for i in range(3):\n    half = i / 2\n")
    assert "p2.py:4: py2 `/` was floor division" in err


def test_notebook_migrated_with_magics_outputs_and_layout_kept(project: Path, capsys) -> None:
    nb = {"cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {"tags": ["x"]}, "outputs": [{"output_type": "stream",
         "name": "stdout", "text": ["hi\n"]}], "source": ["%matplotlib inline\n", "import tensorflow as tf"]},
        {"cell_type": "markdown", "metadata": {}, "source": ["tf.pack is old"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
         "source": ["!ls\n", "y = tf.pack([a, b])"]},
        {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [], "source": ["%%bash\n", "echo tf.pack\n"]},
    ], "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    path = project / "nb.ipynb"
    path.write_text(json.dumps(nb, indent=1) + "\n")
    assert run(capsys, "--write", "nb.ipynb")[0] == 0
    after = json.loads(path.read_text())
    assert after["cells"][0] == nb["cells"][0]
    assert after["cells"][1] == nb["cells"][1] and after["cells"][3] == nb["cells"][3]
    assert after["cells"][2]["source"] == ["!ls\n", "y = tf.stack([a, b])"]
    assert after["metadata"] == nb["metadata"]
    assert path.read_text().startswith('{\n "cells": [\n  {\n   "cell_type"')  # indent=1 layout kept


def test_unreadable_and_undecodable_files_are_listed(project: Path, capsys) -> None:
    (project / "latin.py").write_bytes(b"import tensorflow as tf\ny = tf.pack('\xe9')\n")
    code, _, err = run(capsys, "--write", ".")
    assert code == 2 and "latin.py" in err and "could not be processed" in err
    assert (project / "old.py").read_text() == NEW


def test_declared_encoding_and_crlf_kept(project: Path, capsys) -> None:
    source = "# -*- coding: latin-1 -*-\r\nimport tensorflow as tf\r\ny = tf.pack(['\xe9'])\r\n"
    (project / "enc.py").write_bytes(source.encode("latin-1"))
    run(capsys, "--write", "enc.py")
    assert (project / "enc.py").read_bytes() == source.replace("tf.pack", "tf.stack").encode("latin-1")


def test_bom_kept(project: Path, capsys) -> None:
    (project / "bom.py").write_bytes(b"\xef\xbb\xbfimport tensorflow as tf\ny = tf.mul(a, b)\n")
    run(capsys, "--write", "bom.py")
    assert (project / "bom.py").read_bytes() == b"\xef\xbb\xbfimport tensorflow as tf\ny = tf.multiply(a, b)\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only directories")
def test_unwritable_file_reported(project: Path, capsys) -> None:
    os.chmod(project, 0o555)
    try:
        code, _, err = run(capsys, "--write", "old.py")
    finally:
        os.chmod(project, 0o755)
    assert code == 2 and "cannot write" in err


def test_imports_left_unused_are_removed_cleanly() -> None:
    from .helpers import fix

    source = "import numpy as np\nimport tensorflow as tf\n\ninit = tf.contrib.layers.xavier_initializer()\n"
    assert fix(source) == "import numpy as np\nimport tfcompat\n\ninit = tfcompat.contrib.layers.xavier_initializer()\n"
    kept = "import tensorflow as tf\ninit = tf.contrib.layers.xavier_initializer()\nx = tf.zeros([1])\n"
    assert fix(kept).count("import tensorflow as tf") == 1
    twice = "import tensorflow as tf\nc = tf.nn.rnn_cell.BasicLSTMCell(4)\nd = tf.nn.rnn_cell.GRUCell(4)\n"
    assert fix(twice).count("import tfcompat\n") == 1  # no duplicate import


def test_shim_changes_only_import_lines(project: Path, capsys) -> None:
    source = ("import tensorflow as tf\nfrom tensorflow.python.ops import rnn_cell, array_ops\n"
              "import tensorflow.contrib.slim as slim\nfrom tensorflow.examples.tutorials.mnist import input_data\n"
              "from tensorflow.python.util import nest\nx = tf.pack([1])\n")
    (project / "s.py").write_text(source)
    assert run(capsys, "--write", "--shim", "s.py")[0] == 0
    assert (project / "s.py").read_text() == (
        "import tfcompat.v1 as tf\nfrom tfcompat.v1.python.ops import rnn_cell, array_ops\n"
        "import tfcompat.v1.contrib.slim as slim\nfrom tfcompat.v1.examples.tutorials.mnist import input_data\n"
        "from tfcompat.v1.python.util import nest\nx = tf.pack([1])\n")
