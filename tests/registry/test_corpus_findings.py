"""Findings of scripts/measure_corpus.py on released TF 1.x code (scripts/fetch_corpus.py): each snippet is the
corpus's own code.  Fixed ones migrate (safe fixes, as `tfcompat-migrate --write`) to names TF 2.21 or tfcompat
has; the others are reported by the linter with their reason."""
from __future__ import annotations

import ast

import pytest

from tfcompat_lint.engine import lint_python
from tfcompat_lint.import_table import collect_imports
from tfcompat_lint.migrate import migrate_python
from tfcompat_lint.verdicts import resolves, tfcompat_has

# (repository, the corpus's code, the names its migration writes)
FIXED = [
    ("asyml/texar", "import tensorflow as tf\n"
     "it = tf.data.Iterator.from_structure(\n    first_dataset.output_types, first_dataset.output_shapes)\n",
     {"tf.compat.v1.data.Iterator.from_structure"}),
    ("asyml/texar", "import tensorflow as tf\n"
     "it = tf.data.Iterator.from_string_handle(\n    self._handle, first_dataset.output_types)\n",
     {"tf.compat.v1.data.Iterator.from_string_handle"}),
    ("tflearn/tflearn", "def xavier():\n    try:\n"
     "        from tensorflow.contrib.layers.python.layers.initializers import \\\n            xavier_initializer\n"
     "    except ImportError:\n        raise\n",
     {"tfcompat.contrib.layers.xavier_initializer"}),
    ("asyml/texar", "import tensorflow as tf\nfrom tensorflow import gfile\n"
     "with gfile.GFile(filename) as vocab_file:\n    pass\n",
     {"tf.compat.v1.gfile", "tf.compat.v1.gfile.GFile"}),
    ("OpenNMT/OpenNMT-tf", "import tensorflow as tf\ntf.logging.set_verbosity(getattr(tf.logging, level))\n",
     {"tf.compat.v1.logging.set_verbosity", "tf.compat.v1.logging"}),
    ("tflearn/tflearn", "import tensorflow as tf\n"
     "x = tf.random_ops.random_uniform(shape, -max_val, max_val,\n                                 dtype, seed=seed)\n",
     {"tf.compat.v1.random_uniform"}),
    ("deepmind/sonnet", "import tensorflow as tf\nfrom tensorflow.contrib.eager.python import tfe as contrib_eager\n"
     "self._call = contrib_eager.defun(self._call)\n", {"tfcompat.contrib.eager", "tfcompat.contrib.eager.defun"}),
    ("tflearn/tflearn", "from tensorflow.contrib.rnn.python.ops.core_rnn import static_rnn as _rnn, "
     "static_bidirectional_rnn as _brnn\n", {"tfcompat.rnn.static_rnn", "tfcompat.rnn.static_bidirectional_rnn"}),
    ("tensorpack/tensorpack", "import tensorflow as tf\nfrom tensorflow.python.framework import graph_util\n"
     "frozen_graph_def = graph_util.convert_variables_to_constants(\n    sess, input_graph_def, output_names)\n",
     {"tf.compat.v1.graph_util", "tf.compat.v1.graph_util.convert_variables_to_constants"}),
    ("tensorpack/tensorpack", "from tensorflow.python.layers.normalization import BatchNormalization\n",
     {"tfcompat.layers.BatchNormalization"}),
    ("google/dopamine", "import tensorflow as tf\nprefetch_area = tf.contrib.staging.StagingArea(\n"
     "    [shape_with_type.type for shape_with_type in transition_type])\n",
     {"tfcompat.contrib.staging.StagingArea"}),
    ("tensorpack/tensorpack", "import tensorflow as tf\nps_strategy = tf.contrib.training.GreedyLoadBalancingStrategy(\n"
     "    self.num_ps, tf.contrib.training.byte_size_load_fn)\n",
     {"tfcompat.contrib.training.GreedyLoadBalancingStrategy", "tfcompat.contrib.training.byte_size_load_fn"}),
    ("deepmind/sonnet", "import tensorflow as tf\nfrom tensorflow.contrib import framework as contrib_framework\n"
     "mean, variance = contrib_framework.smart_cond(\n    use_batch_stats, build_batch_stats, build_moving_stats)\n",
     {"tfcompat.contrib.framework", "tfcompat.contrib.framework.smart_cond"}),
    ("google-research/bert", "import tensorflow as tf\nestimator = tf.estimator.tpu.TPUEstimator(\n"
     "    use_tpu=FLAGS.use_tpu, model_fn=model_fn, config=run_config)\n",
     {"tfcompat.estimator.tpu.TPUEstimator"}),
]


def _written(text: str) -> set[str]:
    """The TF and tfcompat names a module imports or uses (outermost attribute chains)."""
    tree = ast.parse(text)
    table = collect_imports(tree)
    names = {binding.target for binding in table.imports} | set(table.tfcompat_aliases.values())
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            names.add(table.resolve(node))
    return names - {None, "tf", "tfcompat"}


def _migrate(text: str) -> str:
    return migrate_python(text, lambda d: d.fix is not None and d.fix.safety == "safe").text


@pytest.mark.parametrize(("repository", "source", "names"), FIXED, ids=[f"{r}-{i}" for i, (r, _, _) in
                                                                     enumerate(FIXED)])
def test_migration_writes_names_that_resolve(repository: str, source: str, names: set[str]) -> None:
    written = _written(_migrate(source))
    assert written == names
    assert all(resolves(n) if n.startswith("tf.") else tfcompat_has(n) for n in written)


# (repository, the corpus's code, the code the linter reports its last line's name with, words of the reason)
REPORTED = [
    ("tflearn/tflearn", "from tensorflow.contrib.factorization.python.ops import clustering_ops as c_ops\n",
     "TFC105", "tf.contrib was removed in TF 2"),
    ("deepmind/sonnet", "import tensorflow as tf\nfrom tensorflow.python.ops import rnn_cell_impl\n"
     "s = rnn_cell_impl._zero_state_tensors(state_size, batch_size, dtype)\n", "TFC106", "rewrite it by hand"),
    ("tensorlayer/tensorlayer", "import tensorflow as tf\nnn = tf.layers.SeparableConv1D(filters=n_filter)\n",
     "TFC104", "not available with Keras 3"),
    ("asyml/texar", "import tensorflow as tf\ny = tf.cast(actions, tf.float)\n", "TFC107", "does not exist"),
    ("tensorpack/tensorpack", "from tensorflow.python.framework import ops\nx = isinstance(t, ops.EagerTensor)\n",
     "TFC106", "internal module"),
    ("tensorpack/tensorpack", "import tensorflow as tf\nfrom tensorflow import keras\n"
     "sess = tf.Session()\nphase = keras.backend.learning_phase()\n", "TFC104", "tfcompat[keras2]"),
]


@pytest.mark.parametrize(("repository", "source", "code", "words"), REPORTED,
                         ids=[f"{r}-{i}" for i, (r, _, _, _) in enumerate(REPORTED)])
def test_what_stays_unresolved_is_reported_with_its_reason(repository: str, source: str, code: str,
                                                           words: str) -> None:
    found = [d.message for d in lint_python(source) if d.code == code]  # on the name, or on its import
    assert any(words in message for message in found), found


def test_smart_cond_picks_the_branch_in_python_when_the_predicate_is_known() -> None:
    import numpy as np
    import tensorflow as tf

    from tfcompat.contrib.framework import smart_cond

    calls: list[str] = []
    assert smart_cond(True, lambda: calls.append("t") or 1, lambda: calls.append("f") or 2) == 1
    assert smart_cond(0, lambda: 1, lambda: 2) == 2
    with tf.Graph().as_default():
        assert smart_cond(tf.constant(False), lambda: 1, lambda: 2) == 2
        pred = tf.compat.v1.placeholder(tf.bool, [])
        out = smart_cond(pred, lambda: tf.constant(np.float32(3.0)), lambda: tf.constant(np.float32(-1.0)))
        with tf.compat.v1.Session() as sess:
            assert [sess.run(out, {pred: flag}) for flag in (True, False)] == [np.float32(3.0), np.float32(-1.0)]
    assert calls == ["t"]
    with pytest.raises(TypeError, match="`false_fn` must be callable"):
        smart_cond(True, lambda: 1, 2)
    with pytest.raises(TypeError, match="`pred` must be a Tensor, or a Python bool, or 1 or 0"):
        smart_cond("yes", lambda: 1, lambda: 2)


def test_greedy_strategy_places_variables_on_the_least_loaded_ps_by_byte_size() -> None:
    import numpy as np
    import tensorflow as tf

    from tfcompat.contrib.training import GreedyLoadBalancingStrategy, byte_size_load_fn

    shapes = [([100], np.float32), ([2, 3], np.float64), ([], np.float32), ([10], np.float32), ([7], np.int64)]
    loads, expected = [0, 0, 0], []
    for shape, dtype in shapes:  # the reference: least-loaded task (first on ties), by numpy's byte count
        task = loads.index(min(loads))
        expected.append(f"/job:ps/task:{task}")
        loads[task] += int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
    with tf.Graph().as_default():
        strategy = GreedyLoadBalancingStrategy(3, byte_size_load_fn)
        with tf.compat.v1.device(tf.compat.v1.train.replica_device_setter(ps_tasks=3, ps_strategy=strategy)):
            made = [tf.compat.v1.Variable(np.zeros(shape, dtype), use_resource=False) for shape, dtype in shapes]
        assert [v.device for v in made] == expected
        with pytest.raises(ValueError, match="must have a single output"):
            byte_size_load_fn(tf.group(made[0].op, made[1].op))


def test_staging_area_hands_back_what_was_put() -> None:
    import numpy as np
    import tensorflow as tf

    from tfcompat.contrib.staging import StagingArea

    rows = np.arange(6, dtype=np.float32).reshape(2, 3)
    with tf.Graph().as_default():
        area = StagingArea([tf.float32, tf.int32], shapes=[[3], []])
        value = tf.compat.v1.placeholder(tf.float32, [3])
        index = tf.compat.v1.placeholder(tf.int32, [])
        put, got, size = area.put([value, index]), area.get(), area.size()
        with tf.compat.v1.Session() as sess:
            for i, row in enumerate(rows):
                sess.run(put, {value: row, index: i})
            assert sess.run(size) == 2
            first, second = sess.run(got), sess.run(got)
    np.testing.assert_array_equal(first[0], rows[0])
    np.testing.assert_array_equal(second[0], rows[1])
    assert (first[1], second[1]) == (0, 1)
