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
