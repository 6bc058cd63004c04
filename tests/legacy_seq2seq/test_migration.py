"""The 0.x/1.x spellings of legacy seq2seq and of the private cell helpers lint, migrate and run."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tfcompat_lint.engine import lint_python
from tfcompat_lint.migrate import migrate_python

TF = "import tensorflow as tf\n"


def _fix(source: str) -> str:
    return migrate_python(source, lambda d: d.fix is not None and d.fix.safety == "safe").text


@pytest.mark.parametrize("source, expected", [
    (TF + "y = tf.nn.seq2seq.model_with_buckets(e, d, t, w, b, f)\n",
     "import tfcompat\ny = tfcompat.contrib.legacy_seq2seq.model_with_buckets(e, d, t, w, b, f)\n"),
    (TF + "y = tf.contrib.legacy_seq2seq.attention_decoder(d, s, a, c)\n",
     "import tfcompat\ny = tfcompat.contrib.legacy_seq2seq.attention_decoder(d, s, a, c)\n"),
    ("from tensorflow.python.ops import seq2seq\n", "from tfcompat.contrib import legacy_seq2seq as seq2seq\n"),
    ("from tensorflow.models.rnn import seq2seq\n", "from tfcompat.contrib import legacy_seq2seq as seq2seq\n"),
    (TF + "y = tf.nn.rnn_cell._linear([x, h], 4, True)\n",
     "import tfcompat\ny = tfcompat.rnn_cell._linear([x, h], 4, True)\n"),
    ("from tensorflow.python.ops.rnn_cell_impl import _linear, _Linear, _like_rnncell\n",
     "from tfcompat.rnn_cell import _linear, _Linear, _like_rnncell\n"),
    ("from tensorflow.contrib.rnn.python.ops.core_rnn_cell_impl import _linear\n",
     "from tfcompat.rnn_cell import _linear\n"),
    ("from tensorflow.contrib.rnn.python.ops.core_rnn_cell import EmbeddingWrapper, _Linear\n",
     "from tfcompat.contrib.legacy_seq2seq import EmbeddingWrapper\nfrom tfcompat.rnn_cell import _Linear\n"),
    (TF + "c = tf.contrib.rnn.EmbeddingWrapper(cell, 5, 3)\n",
     "import tfcompat\nc = tfcompat.contrib.legacy_seq2seq.EmbeddingWrapper(cell, 5, 3)\n"),
])
def test_the_old_spellings_are_rewritten_to_tfcompat(source: str, expected: str) -> None:
    assert lint_python(source)
    assert _fix(source) == expected


def test_the_translate_tutorials_own_module_is_reported_as_user_code() -> None:
    source = "from tensorflow.models.rnn.translate import seq2seq_model\n"
    found = lint_python(source)
    assert [d.code for d in found] == ["TFC106"] and found[0].fix is None
    assert "copy the tutorial's files into your project" in found[0].message


PROGRAM = '''\
import tensorflow as tf
from tensorflow.python.ops import rnn_cell_impl
from tensorflow.contrib.rnn.python.ops import core_rnn_cell

x = tf.placeholder(tf.float32, [None, 3])
ids = [tf.placeholder(tf.int32, [None]) for _ in range(2)]
with tf.variable_scope("function"):
    y = rnn_cell_impl._linear([x, x], 2, True)
with tf.variable_scope("object"):
    z = rnn_cell_impl._Linear(x, 2, False)(x)
cell = tf.nn.rnn_cell.GRUCell(4)
encoder = core_rnn_cell.EmbeddingWrapper(tf.nn.rnn_cell.GRUCell(4), 5, 3)
outputs, losses = tf.nn.seq2seq.model_with_buckets(
    ids, ids, ids, [tf.ones_like(x[:, 0])] * 2, [(1, 1), (2, 2)],
    lambda a, b: tf.nn.seq2seq.embedding_attention_seq2seq(a, b, cell, 5, 6, 3))
assert rnn_cell_impl._like_rnncell(encoder)
print(" ".join(sorted(v.op.name for v in tf.global_variables() if not v.op.name.startswith("embedding_att"))))
print(len(tf.global_variables()))
'''


def test_a_program_with_them_runs_after_migration(tmp_path) -> None:
    migrated = _fix(PROGRAM)
    assert "tensorflow.python" not in migrated and "tf.nn.seq2seq" not in migrated
    script = tmp_path / "program.py"
    script.write_text("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n" + migrated)
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    names, count = run.stdout.strip().splitlines()[-2:]
    assert names.split() == ["function/bias", "function/kernel", "object/kernel"]
    assert int(count) == 3 + 20  # the two buckets share the 20 variables of one embedding_attention_seq2seq
