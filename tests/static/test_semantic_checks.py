"""The checks that need more than a name table: argument orders, meaning changes, methods, patterns."""
from __future__ import annotations

import pytest

from .helpers import codes, fix, lint

TF = "import tensorflow as tf\n"


@pytest.mark.parametrize("call, expected", [
    ("tf.concat(1, [a, b])", "tf.concat(axis=1, values=[a, b])"),
    ("tf.concat(0, parts)", "tf.concat(axis=0, values=parts)"),
    ("tf.split(0, n_step, x)", "tf.split(axis=0, num_or_size_splits=n_step, value=x)"),
    ("tf.nn.softmax_cross_entropy_with_logits(pred, y)",
     "tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y)"),
    ("tf.nn.sparse_softmax_cross_entropy_with_logits(pred, y)",
     "tf.nn.sparse_softmax_cross_entropy_with_logits(logits=pred, labels=y)"),
    ("tf.nn.sigmoid_cross_entropy_with_logits(pred, y)",
     "tf.nn.sigmoid_cross_entropy_with_logits(logits=pred, labels=y)"),
    ("tf.reverse(x, [False, True])", "tf.reverse(x, [1])"),
])
def test_old_orders_become_keywords_never_swapped(call: str, expected: str) -> None:
    assert fix(f"{TF}y = {call}\n") == f"{TF}y = {expected}\n"


@pytest.mark.parametrize("call", [
    "tf.concat([a, b], 1)", "tf.concat(values=[a, b], axis=1)", "tf.split(x, 2, axis=1)", "tf.split(x, 4, 1)",
    "tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=p)", "tf.reverse(x, [1])",
])
def test_new_orders_are_valid(call: str) -> None:
    assert codes(f"{TF}y = {call}\n") == []


def test_cross_entropy_is_not_wrapped_in_stop_gradient() -> None:
    after = fix(f"{TF}loss = tf.nn.softmax_cross_entropy_with_logits(prediction, truth)\n")
    assert "stop_gradient" not in after
    assert "logits=prediction, labels=truth" in after


def test_ambiguous_concat_uses_file_evidence() -> None:
    ambiguous = f"{TF}y = tf.concat(a, b)\n"
    assert codes(ambiguous) == ["TFC205"] and fix(ambiguous) == ambiguous
    old_file = f"{TF}p = tf.pack([a])\ny = tf.concat(a, b)\n"
    assert "y = tf.concat(axis=a, values=b)" in fix(old_file)
    new_file = f"{TF}p = tf.stack([a])\ny = tf.concat(a, b)\n"
    assert codes(new_file) == []


def test_keyword_renames() -> None:
    source = f"{TF}m = tf.reduce_mean(x, reduction_indices=[1], keep_dims=True)\n"
    assert fix(source) == f"{TF}m = tf.reduce_mean(x, axis=[1], keepdims=True)\n"
    assert fix(f"{TF}r = tf.cond(p, fn1=f, fn2=g)\n") == f"{TF}r = tf.cond(p, true_fn=f, false_fn=g)\n"


def test_initializer_not_called() -> None:
    source = f"{TF}w = tf.get_variable('w', [2], initializer=tf.zeros_initializer)\n"
    assert "TFC302" in codes(source)
    assert "initializer=tf.compat.v1.zeros_initializer()" in fix(source)
    assert "TFC302" not in codes(f"{TF}i = tf.zeros_initializer()\n")


def test_tensor_array_pack() -> None:
    source = f"{TF}ta = tf.TensorArray(tf.float32, size=3)\nta = ta.write(0, x)\nout = ta.pack()\n"
    assert fix(source).endswith("out = ta.stack()\n")
    unknown = lint("import tensorflow as tf\ndef f(ta):\n    return ta.pack()\n")
    assert [d.code for d in unknown] == ["TFC401"] and unknown[0].fix is None
    assert codes("import tensorflow as tf\nimport struct\nb = struct.pack('i', 1)\n") == []


@pytest.mark.parametrize("module", ["tensorflow", "tensorflow.compat.v1", "tfcompat.v1"])
def test_tensor_array_pack_on_the_constructor_call(module: str) -> None:
    """The constructor's own spelling is resolved as for an assigned TensorArray: the fix is known."""
    diagnostics = lint(f"import {module} as tf\nout = tf.TensorArray(tf.float32, 3).pack()\n")
    assert [(d.code, d.fix is not None) for d in diagnostics if d.code == "TFC401"] == [("TFC401", True)]


@pytest.mark.parametrize("expr", ["x.get_shape()[1].value", "x.get_shape().with_rank(2)[1].value",
                                  "x.get_shape().with_rank(2)[1].value()", "x.shape[0].value"])
def test_dimension_value(expr: str) -> None:
    source = f"{TF}n = {expr}\n"
    assert codes(source) == ["TFC402"]
    inner = expr.removesuffix("()").removesuffix(".value")
    assert fix(source) == f"{TF}n = tf.compat.dimension_value({inner})\n"


def test_graph_mode_gets_v1_behaviour_once() -> None:
    source = f"{TF}import numpy as np\n\nx = tf.placeholder(tf.float32)\nsess = tf.Session()\n"
    assert codes(source).count("TFC501") == 1
    after = fix(source)
    assert after.count("disable_v2_behavior()") == 1
    assert after.index("import numpy") < after.index("tf.compat.v1.disable_v2_behavior()") < after.index("x =")
    assert codes("import tfcompat.v1 as tf\nx = tf.placeholder(tf.float32)\n") == []


def test_variable_reuse_in_loop() -> None:
    bad = f"{TF}for h in hidden:\n    out, st = tf.nn.dynamic_rnn(cell, h, dtype=tf.float32)\n"
    assert "TFC502" in codes(bad)
    good = (f"{TF}for i, h in enumerate(hidden):\n    if i > 0:\n        tf.get_variable_scope().reuse_variables()\n"
            "    out, st = tf.nn.dynamic_rnn(cell, h, dtype=tf.float32)\n")
    assert "TFC502" not in codes(good)
    scoped = f"{TF}for i in range(3):\n    with tf.variable_scope('l%d' % i):\n        w = tf.get_variable('w', [2])\n"
    assert "TFC502" not in codes(scoped)


def test_graph_growth_in_session_loop() -> None:
    bad = (f"{TF}sess = tf.Session()\nfor batch in batches:\n    loss = tf.reduce_mean(batch)\n"
           "    sess.run(loss)\n")
    assert codes(bad).count("TFC503") == 1
    good = (f"{TF}loss = tf.reduce_mean(x)\nsess = tf.Session()\nfor batch in batches:\n"
            "    sess.run(loss, feed_dict={x: batch})\n")
    assert "TFC503" not in codes(good)
    reset = (f"{TF}for t in tests:\n    y = tf.reduce_mean(t)\n    with tf.Session() as s:\n        s.run(y)\n"
             "    tf.reset_default_graph()\n")
    assert "TFC503" not in codes(reset)


def test_noqa() -> None:
    assert codes(f"{TF}y = tf.pack(x)  # noqa: TFC101\n") == []
    assert codes(f"{TF}y = tf.pack(x)  # noqa\n") == []
    assert codes(f"{TF}y = tf.pack(x)  # noqa: TFC203\n") == ["TFC101"]
    assert codes(f"# tfcompat: noqa\n{TF}y = tf.pack(x)\n") == []
    assert codes(f"# tfcompat: noqa: TFC101\n{TF}y = tf.pack(x)\nz = tf.mul(a, b)\n") == []


def test_python2_source_is_one_diagnostic() -> None:
    found = lint(f"{TF}print tf.__version__\n")
    assert [d.code for d in found] == ["TFC901"]
    assert found[0].row == 2 and "--py2" in found[0].message


@pytest.mark.parametrize("call, expected", [
    ("tf.concat(1, (a))", "tf.concat(axis=1, values=(a))"),
    ("tf.concat((1), [a])", "tf.concat(axis=(1), values=[a])"),
    ("tf.concat(  # axis first\n    1,\n    [a, b])", "tf.concat(  # axis first\n    axis=1,\n    values=[a, b])"),
    ("tf.split(0, 2, ((x)))", "tf.split(axis=0, num_or_size_splits=2, value=((x)))"),
])
def test_keywords_go_before_parentheses_and_comments(call: str, expected: str) -> None:
    assert fix(f"{TF}y = {call}\n") == f"{TF}y = {expected}\n"


# ----- issue 11: migration semantics found on real code ---------------------------------------------------------
def test_v1_switch_goes_after_a_late_tensorflow_import() -> None:
    """Item 15: the 2016 tutorials import `tf` after other code; the call must follow that import."""
    source = ('"""MNIST."""\nfrom tensorflow.examples.tutorials.mnist import input_data\n'
              'mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)\n\n'
              "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 784])\n")
    assert fix(source) == ('"""MNIST."""\nfrom tfcompat.examples.tutorials.mnist import input_data\n'
                           'mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)\n\n'
                           "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
                           "x = tf.compat.v1.placeholder(tf.float32, [None, 784])\n")


def test_v1_switch_after_a_guarded_import_and_never_inside_a_function() -> None:
    guarded = "import numpy as np\ntry:\n    import tensorflow as tf\nexcept ImportError:\n    raise\nx = tf.Session()\n"
    assert fix(guarded) == ("import numpy as np\ntry:\n    import tensorflow as tf\nexcept ImportError:\n    raise\n"
                            "tf.compat.v1.disable_v2_behavior()\nx = tf.compat.v1.Session()\n")
    local = "import numpy as np\n\ndef main():\n    import tensorflow as tf\n    x = tf.placeholder(tf.float32)\n"
    assert fix(local) == ("import numpy as np\nimport tensorflow\ntensorflow.compat.v1.disable_v2_behavior()\n\n"
                          "def main():\n    import tensorflow as tf\n    x = tf.compat.v1.placeholder(tf.float32)\n")


@pytest.mark.parametrize("body", [
    "    def test_a(self):\n        with self.test_session():\n            pass\n",
    "    def test_a(self):\n        with self.cached_session() as sess:\n            pass\n",
    "    def test_a(self):\n        with self.session():\n            pass\n",
    "    def test_a(self):\n        self.assertEqual(tf.constant(1).eval(), 1)\n",
    "    @test_util.run_v1_only('graph')\n    def test_a(self):\n        pass\n",
    "    @test_util.run_deprecated_v1\n    def test_a(self):\n        pass\n",
])
def test_graph_mode_tests_get_v1_behaviour(body: str) -> None:
    """Item 16: a `tf.test.TestCase` with sessions, `.eval()` or v1-only markers is graph-mode code."""
    head = f"{TF}from tensorflow.python.framework import test_util\n"
    source = f"{head}\n\nclass T(tf.test.TestCase):\n{body}"
    assert codes(source).count("TFC501") == 1
    assert fix(source).startswith(f"{head}tf.compat.v1.disable_v2_behavior()\n")


def test_eval_and_session_outside_test_cases_are_not_graph_evidence() -> None:
    assert "TFC501" not in codes(f"{TF}class M:\n    def f(self):\n        return self.session(), model.eval()\n")


@pytest.mark.parametrize("statement", [
    "w = tf.get_variable('w', [2])", "with tf.variable_scope('m'):\n    pass",
    "step = tf.train.get_or_create_global_step()", "class Opt(tf.train.Optimizer):\n    pass",
    "opt = tf.train.GradientDescentOptimizer(0.1)", "h = tf.layers.dense(x, 2)", "tf.add_to_collection('l', x)",
    "ls = tf.get_collection('l')", "g = tf.get_default_graph()", "g = x.graph",
    "s = tf.train.MonitoredTrainingSession()",
])
def test_library_graph_code_gets_v1_behaviour(statement: str) -> None:
    """Item 17: model-library constructs are graph-mode evidence, so a library module switches v1 on itself."""
    source = f"{TF}import numpy as np\n{statement}\n"
    assert codes(source).count("TFC501") == 1
    head, switch, rest = fix(source).partition("tf.compat.v1.disable_v2_behavior()\n")
    assert switch and head.startswith(f"{TF}import numpy as np\n") and rest.count("\n") == statement.count("\n") + 1


def test_variable_name_in_trainable_position_is_reported_and_kept_as_trainable() -> None:
    """Item 18: `Variable(x, "w")` passes "w" as `trainable`; lint says so, migrate keeps (and shows) it."""
    source = f"{TF}v = tf.Variable(1.0, 'w')\nu = tf.Variable(1.0, var_name, None)\nk = tf.Variable(1.0, False)\n"
    found = [d for d in lint(source) if d.code == "TFC207"]
    assert [(d.row, d.col, d.fix) for d in found] == [(2, 21, None), (3, 21, None)]
    assert "`trainable`, not `name`" in found[0].message and "write `name='w'`" in found[0].message
    assert fix(source) == (f"{TF}v = tf.compat.v1.Variable(1.0, trainable='w')\n"
                           "u = tf.compat.v1.Variable(1.0, trainable=var_name, collections=None)\n"
                           "k = tf.compat.v1.Variable(1.0, trainable=False)\n")
    assert codes(f"{TF}v = tf.compat.v1.Variable(1.0, self.name)\n") == ["TFC207"]
    assert codes(f"{TF}v = tf.compat.v1.Variable(1.0, True, name='w')\n") == []


@pytest.mark.parametrize("source", [
    "tf = MyLib()\ntf.mul(1, 2)\n",
    "def f(tf):\n    return tf.mul(1, 2)\n",
    "g = lambda tf: tf.mul(1, 2)\n",
    "for tf in libs:\n    tf.mul(1, 2)\n",
    "with open('f') as tf:\n    tf.mul(1, 2)\n",
    "try:\n    pass\nexcept ValueError as tf:\n    tf.mul(1, 2)\n",
    "y = [tf.mul(1, 2) for tf in libs]\n",
    "def f():\n    global tf\n    tf = None\n    tf.mul(1, 2)\n",
    "def f():\n    x = tf.mul(1, 2)\n    tf = 3\n",
    "class C:\n    tf = MyLib()\n    x = tf.mul(1, 2)\n",
    "import numpy as tf\ntf.mul(1, 2)\n",
])
def test_rebound_tf_is_not_tensorflow(source: str) -> None:
    """Item 19: where a binding shadows the import, `tf.mul` is someone else's."""
    assert codes(f"{TF}{source}") == []
    assert fix(f"{TF}{source}") == f"{TF}{source}"


@pytest.mark.parametrize("source", [
    "def f(x):\n    return tf.mul(x, 2)\ntf = MyLib()\n",  # defined before the rebinding
    "class C:\n    tf = 1\n    def m(self):\n        return tf.mul(1, 2)\n",  # methods do not see class names
    "y = [tf.mul(t, 2) for t in xs]\n",
    "try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None\nz = tf.mul(1, 2)\n",
    "tf = None\nimport tensorflow as tf\nz = tf.mul(1, 2)\n",
    "def f():\n    import tensorflow as tf\n    return tf.mul(1, 2)\ntf = None\n",
])
def test_tensorflow_where_the_import_reaches(source: str) -> None:
    assert codes(f"{TF}{source}") == ["TFC101"]


def test_module_dunders_are_not_unknown_names() -> None:
    """Item 21: `tf.__version__` and friends exist; TFC901's own "Use instead" is clean."""
    assert codes(f"{TF}print(tf.__version__, tf.__path__, tf.__file__, tf.__name__)\n") == []
    assert codes("from tensorflow import __version__\n") == []
    assert codes(f"{TF}y = tf.nn.no_such_op(x)\n") == ["TFC107"]


def test_keras3_optimizers_are_not_reported_but_legacy_ones_are() -> None:
    """Item 21: `tf.keras.optimizers.Adam` works on Keras 3; only `optimizers.legacy.*` raises."""
    assert codes(f"{TF}opt = tf.keras.optimizers.Adam(1e-3)\nsgd = tf.keras.optimizers.SGD(0.1)\n") == []
    found = lint(f"{TF}opt = tf.keras.optimizers.legacy.Adam(1e-3)\n")
    assert [d.code for d in found] == ["TFC104"] and found[0].fix is None
    assert "use `tf.keras.optimizers.Adam`" in found[0].message and "not supported in Keras 3" in found[0].message


# ----- issue 10: rows cover the chains below them; nothing broken is written; svd reads like the runtime ---------
@pytest.mark.parametrize("source, expected", [
    ('tf.app.flags.DEFINE_integer("steps", 10, "Steps.")\n', 'tf.compat.v1.flags.DEFINE_integer("steps", 10, "Steps.")\n'),
    ("FLAGS = tf.app.flags.FLAGS\n", "FLAGS = tf.compat.v1.flags.FLAGS\n"),
    ('tf.flags.DEFINE_string("d", "", "Dir.")\n', 'tf.compat.v1.flags.DEFINE_string("d", "", "Dir.")\n'),
    ("k = tf.GraphKeys.TRAINABLE_VARIABLES\n", "k = tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES\n"),
    ("y = tf.nn.nn_ops.relu(x)\n", "y = tf.nn.relu(x)\n"),
    ("y = tf.nn.nn_ops.xw_plus_b(x, w, b)\n", "y = tf.compat.v1.nn.xw_plus_b(x, w, b)\n"),
])
def test_a_module_row_covers_the_chains_below_it(source: str, expected: str) -> None:
    assert len(lint(TF + source)) >= 1
    assert fix(TF + source) == TF + expected


@pytest.mark.parametrize("source, code, reason", [
    ("c = tf.estimator.BoostedTreesClassifier(f, 1)\n", "TFC106", "removed in TF 2.16 (tf.estimator and tf.compat.v1.estimator"),
    ("e = tf.compat.v1.estimator.experimental.LinearSDCA('ex')\n", "TFC106", "removed in TF 2.16"),
    ("o = tf.estimator.export.EvalOutput(loss)\n", "TFC106", "removed in TF 2.16"),
    ("b = tf.contrib.training.stratified_sample\n", "TFC105", "tf.contrib was removed in TF 2"),
    ("y = tf.user_ops.my_fact()\n", "TFC107", "0.x example module of a custom op"),
    ("s = tf.keras.experimental.CosineDecay(0.1, 100)\n", "TFC107", "Keras 3 removed tf.keras.experimental"),
    ("p = tf.keras.mixed_precision.experimental.Policy('mixed_float16')\n", "TFC107", "mixed_precision.experimental"),
    ("y = tf.nn.nn_ops.quantized_relu(x)\n", "TFC106", "gone on TF 2 and neither TF 2.21 nor tfcompat has it"),
    ("x = tf.train.NoSuchThing.attr\n", "TFC107", "`tf.train.NoSuchThing.attr` does not exist in TensorFlow 2.21"),
])
def test_names_tf2_lacks_are_reported_with_a_reason_and_left(source: str, code: str, reason: str) -> None:
    found = lint(TF + source)
    assert [d.code for d in found] == [code] and reason in found[0].message and found[0].fix is None
    assert fix(TF + source) == TF + source


@pytest.mark.parametrize("source, expected", [
    ("import tensorflow as tfx\nm = tfx.estimator.ModeKeys.TRAIN\n", "import tfcompat\nm = tfcompat.estimator.ModeKeys.TRAIN\n"),
    ("from tensorflow import estimator\n", "from tfcompat import estimator\n"),
    ("from tensorflow.estimator import RunConfig\n", "from tfcompat.estimator import RunConfig\n"),
    ("import tensorflow as tf\ne = tf.compat.v1.estimator.Estimator(f)\n",
     "import tfcompat\ne = tfcompat.estimator.Estimator(f)\n"),
    ("import tensorflow as tf\nf = tf.estimator.inputs.numpy_input_fn(x, y, shuffle=False)\n",
     "import tfcompat\nf = tfcompat.estimator.inputs.numpy_input_fn(x, y, shuffle=False)\n"),
    ("from tensorflow.contrib.training import HParams\n", "from tfcompat.contrib.training import HParams\n"),
    ("import tensorflow as tf\nr = tf.estimator.export.build_raw_serving_input_receiver_fn(f)\n",
     "import tfcompat\nr = tfcompat.estimator.export.build_raw_serving_input_receiver_fn(f)\n"),
    ("from tensorflow.estimator.export import ServingInputReceiver\n",
     "from tfcompat.estimator.export import ServingInputReceiver\n"),
    ("import tensorflow as tf\nx = tf.estimator.BestExporter(serving_input_receiver_fn=r)\n",
     "import tfcompat\nx = tfcompat.estimator.BestExporter(serving_input_receiver_fn=r)\n"),
])
def test_estimator_is_reported_in_every_spelling_and_served_by_tfcompat(source: str, expected: str) -> None:
    found = lint(source)
    assert found and all(d.code in ("TFC105", "TFC106") and "removed in TF 2" in d.message for d in found)
    assert fix(source) == expected


def test_a_module_import_is_not_rewritten_into_one_that_lacks_the_names_used() -> None:
    """`control_flow_ops.While` (0.x's while loop) is not in tf.compat.v1: that import stays, reported with why;
    `math_ops.mul` has a row of its own, so math_ops' import is rewritten and the use fixed."""
    source = ("from tensorflow.python.ops import control_flow_ops, math_ops\n"
              "y = control_flow_ops.While(c, b, v)\nz = math_ops.mul(a, b)\nw = control_flow_ops.cond(p, f, g)\n")
    kept = [d for d in lint(source) if d.row == 1 and d.fix is None]
    assert len(kept) == 1 and "lacks `control_flow_ops.While`" in kept[0].message
    assert fix(source) == ("from tensorflow.python.ops import control_flow_ops\nimport tensorflow\n"
                           "y = control_flow_ops.While(c, b, v)\nz = tensorflow.multiply(a, b)\n"
                           "w = control_flow_ops.cond(p, f, g)\n")


def test_imports_are_rewritten_only_into_importable_modules() -> None:
    """`tf.compat.v1.flags` is an absl object: `from tensorflow.compat.v1.flags import FLAGS` would fail."""
    source = "from tensorflow.app.flags import FLAGS\nfrom tensorflow.app import flags\n"
    found = lint(source)
    assert [(d.row, d.code) for d in found] == [(1, "TFC103"), (2, "TFC103")]
    assert fix(source) == "from tensorflow.app.flags import FLAGS\nfrom tensorflow.compat.v1 import flags\n"
    assert fix("from tensorflow.contrib.losses import add_loss\n") == "from tfcompat.contrib.slim.losses import add_loss\n"


def test_a_module_import_without_as_leaves_its_root_checked() -> None:
    """`import tensorflow.contrib.slim` binds `tensorflow`: its other uses are still TF names to check."""
    assert [(d.row, d.code) for d in lint("import tensorflow.contrib.slim\nx = tensorflow.pack([a])\n")] == [
        (1, "TFC105"), (2, "TFC101")]


@pytest.mark.parametrize("call, expected", [
    ("tf.svd(m)", "tf.linalg.svd(m)"),
    ("tf.svd(m, False)", "tf.linalg.svd(tensor=m, compute_uv=False)"),  # 0.x: singular values alone
    ("tf.svd(m, False, True)", "tf.linalg.svd(tensor=m, compute_uv=False, full_matrices=True)"),
    ("tf.svd(m, True)", "tf.linalg.svd(m, True)"),  # 1.x: full_matrices=True
    ("tf.svd(m, True, False)", "tf.linalg.svd(m, True, False)"),
    ("tf.svd(m, True, True)", "tf.linalg.svd(m, True, True)"),  # equal flags: the same in both orders
    ("tf.svd(m, False, False)", "tf.linalg.svd(m, False, False)"),
    ("tf.svd(m, False, full_matrices=True)", "tf.linalg.svd(tensor=m, compute_uv=False, full_matrices=True)"),
    ("tf.svd(m, True, compute_uv=False)", "tf.linalg.svd(m, True, compute_uv=False)"),
])
def test_svd_flags_are_read_like_the_runtime(call: str, expected: str) -> None:
    """The decision table of tfcompat/ops/_arguments.py's `svd`."""
    assert fix(f"{TF}s = {call}\n") == f"{TF}s = {expected}\n"


@pytest.mark.parametrize("call", ["tf.svd(m, flag)", "tf.svd(m, uv, full)", "tf.compat.v1.svd(m, flag)"])
def test_svd_with_flags_that_do_not_decide_is_left_for_review(call: str) -> None:
    found = lint(f"{TF}s = {call}\n")
    assert "TFC205" in [d.code for d in found] and all(d.fix is None for d in found)
    assert fix(f"{TF}s = {call}\n") == f"{TF}s = {call}\n"


def test_v1_switch_through_a_compat_v1_binding_is_inserted_once() -> None:
    # `tf` bound to tensorflow.compat.v1 in one branch: the inserted `tf.compat.v1.disable_v2_behavior()` is the
    # switch (`tf.compat.v1.compat.v1` is `tf.compat.v1`), so the fix is not inserted again on every pass.
    source = ("try:\n    import tensorflow.compat.v1 as tf\nexcept ImportError:\n    import tensorflow as tf\n\n"
              "x = tf.placeholder(tf.float32)\n")
    fixed = fix(source)
    assert fixed.count("disable_v2_behavior()") == 1
    assert fix(fixed) == fixed and not [d for d in lint(fixed) if d.code == "TFC501"]
