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
