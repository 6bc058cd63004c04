"""Names are resolved through imports, never by the text `tf.`."""
from __future__ import annotations

import pytest

from .helpers import codes, fix, lint


@pytest.mark.parametrize("source", [
    "import tensorflow as tfx\ny = tfx.pack([a, b])\n",
    "import tensorflow\ny = tensorflow.pack([a, b])\n",
    "from tensorflow import pack\ny = pack([a, b])\n",
    "import tensorflow.compat.v1 as tf\ny = tf.pack([a, b])\n",
    "def f():\n    import tensorflow as t\n    return t.pack([a, b])\n",
])
def test_aliases_resolve(source: str) -> None:
    assert "TFC101" in codes(source)


@pytest.mark.parametrize("source", [
    "import numpy as tf\ny = tf.pack([a, b])\n",  # not TensorFlow, whatever its name
    "tf = object()\ny = tf.pack([a, b])  # tensorflow\n",
    "import tensorflow as tf\ny = tf.stack([a, b])\n",
    "import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32)\ntf.compat.v1.disable_v2_behavior()\n",
])
def test_not_flagged(source: str) -> None:
    assert codes(source) == []


def test_from_contrib_import_is_rewritten() -> None:
    source = "from tensorflow.contrib import rnn\ncell = rnn.BasicLSTMCell(4)\n"
    assert codes(source) == ["TFC105"]  # the import, once; uses go through the replaced module
    assert fix(source) == "from tfcompat.contrib import rnn\ncell = rnn.BasicLSTMCell(4)\n"


def test_internal_modules_map_to_public_names() -> None:
    source = ("from tensorflow.python.ops import rnn_cell, array_ops\n"
              "cell = rnn_cell.BasicLSTMCell(4)\nh = array_ops.concat(1, states)\n")
    found = codes(source)
    assert found.count("TFC106") == 2 and "TFC201" in found
    assert fix(source) == ("from tfcompat import rnn_cell\nfrom tensorflow.compat import v1 as array_ops\n"
                           "cell = rnn_cell.BasicLSTMCell(4)\nh = array_ops.concat(axis=1, values=states)\n")


def test_slim_module_import() -> None:
    source = "import tensorflow.contrib.slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n"
    assert fix(source) == "import tfcompat.contrib.slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n"


def test_unknown_symbol_catch_all() -> None:
    found = lint("import tensorflow as tf\ny = tf.nn.no_such_op(x)\nz = tf.float32.as_numpy_dtype\n")
    assert [(d.code, d.row) for d in found] == [("TFC107", 2)]


def test_contrib_without_replacement_is_manual() -> None:
    found = lint("import tensorflow as tf\nest = tf.contrib.learn.Estimator()\n")
    assert [d.code for d in found] == ["TFC105"] and found[0].fix is None


def test_star_import_is_not_a_crash() -> None:
    assert codes("from tensorflow import *\nx = 1\n") == []
