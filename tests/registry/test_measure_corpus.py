"""scripts/measure_corpus.py counts the references a migrated module makes, per repository (no TensorFlow here)."""
from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("measure_corpus", ROOT / "scripts" / "measure_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["measure_corpus"] = module
    spec.loader.exec_module(module)
    return module


measure = _load()

SOURCE = """
import tensorflow as tf
import tfcompat
from tensorflow.python.ops import rnn_cell
x = tf.nn.relu(tf.constant(1.0))
cell = tfcompat.rnn_cell.LSTMCell(4)
y = tf.float32
def f(tf):
    return tf.zeros
"""


def test_references_are_imports_and_outermost_chains() -> None:
    found = measure.references(ast.parse(SOURCE), SOURCE)
    assert sorted(found) == sorted([("tf.python.ops.rnn_cell", 4, 4), ("tf.nn.relu", 5, 2), ("tf.constant", 5, 2),
                                    ("tfcompat.rnn_cell.LSTMCell", 6, 3), ("tf.float32", 7, 2)])


def test_names_the_program_assigns_are_no_references() -> None:
    source = "import tensorflow as tf\ntf.GraphKeys.LAYER_TENSOR = 'layer_tensor'\nx = tf.GraphKeys.LAYER_TENSOR\n"
    tree = ast.parse(source)
    assert measure.assigned(tree) == {"tf.GraphKeys.LAYER_TENSOR"}
    assert measure.references(tree, source) == [("tf.GraphKeys.LAYER_TENSOR", 3, 1)]


def test_other_issue_families_are_told_apart() -> None:
    assert measure._in_other_issue("tf.estimator.ModeKeys.TRAIN")
    assert measure._in_other_issue("tfcompat.estimator.Estimator")
    assert measure._in_other_issue("tf.contrib.learn.preprocessing")
    assert not measure._in_other_issue("tf.contrib.layers.fully_connected")


def test_report_gives_shares_per_repository_and_in_total() -> None:
    one = measure.Tally(files=2, references=200, unresolved=1)
    two = measure.Tally(files=1, references=100, unresolved=2, other_issue=50, other_unresolved=2)
    table = measure.report({"a__x": one, "b__y": two}, top=0)
    assert "| a/x | 2 | 0 | 200 | 1 | 0.50% | 0.50% | 0 |" in table
    assert "| b/y | 1 | 0 | 100 | 2 | 2.00% | 0.00% | 0 |" in table
    assert "| **total** | 3 | 0 | 300 | 3 | 1.00% | 0.40% | 0 |" in table


def test_line_map_follows_kept_and_rewritten_lines() -> None:
    before = "import tensorflow as tf\nx = tf.mul(a, b)\ny = 1\nz = 2\n"
    after = "import tensorflow as tf\nimport tfcompat\nx = tf.multiply(a, b)\ny = 1\nz = 2\n"
    assert measure.line_map(before, after) == {1: 1, 2: 2, 3: 2, 4: 3, 5: 4}  # a rewritten block: its old lines


def _fetch():
    spec = importlib.util.spec_from_file_location("fetch_corpus", ROOT / "scripts" / "fetch_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fetch_takes_the_first_files_that_import_tensorflow_from_wheels_and_sdists(tmp_path) -> None:
    import io
    import tarfile
    import zipfile

    fetch = _fetch()
    files = {"pkg/b.py": b"import tensorflow as tf\n", "pkg/a.py": b"from tensorflow.contrib import rnn\n",
             "pkg/c.py": b"import numpy\n", "pkg/d.py": b"x = 1\nimport tensorflow\n",
             "pkg/e.txt": b"import tensorflow"}
    wheel = tmp_path / "pkg-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as opened:
        for path, data in {**files, "pkg-1.0.dist-info/x.py": b"import tensorflow\n"}.items():
            opened.writestr(path, data)
    sdist = tmp_path / "pkg-1.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as opened:
        for path, data in files.items():
            info = tarfile.TarInfo(f"pkg-1.0/{path}")
            info.size = len(data)
            opened.addfile(info, io.BytesIO(data))
    for archive in (wheel, sdist):
        found = fetch.sources(archive)
        assert sorted(found) == ["pkg/a.py", "pkg/b.py", "pkg/c.py", "pkg/d.py"]
        assert fetch.select(found, 2) == ["pkg/a.py", "pkg/b.py"]
        assert fetch.select(found, 9) == ["pkg/a.py", "pkg/b.py", "pkg/d.py"]
    (tmp_path / "pkg-1.0.1.tar.gz").touch()
    assert fetch.download("pkg==1.0", tmp_path) == wheel  # in the cache already: nothing is downloaded
