"""Property test: generated TF 0.x/1.x call shapes pushed through the codemod."""
from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import fix

NAMES = st.sampled_from(["x", "a", "b", "h_prev", "inputs", "logits_t"])
INTS = st.integers(min_value=-2, max_value=3).map(str)
LEAF = st.one_of(NAMES, INTS, NAMES.map(lambda n: f"({n})"), st.lists(NAMES, min_size=1, max_size=3).map(lambda v: "[" + ", ".join(v) + "]"))
ARG = st.recursive(LEAF, lambda inner: st.tuples(st.sampled_from(["tf.pack", "tf.mul", "tf.neg", "tf.stack"]),
                                                 st.lists(inner, min_size=1, max_size=2))
                   .map(lambda t: f"{t[0]}({', '.join(t[1])})"), max_leaves=4)
FUNCS = st.sampled_from(["tf.concat", "tf.split", "tf.reduce_sum", "tf.nn.softmax_cross_entropy_with_logits",
                         "tf.reverse", "tf.batch_matmul", "tf.squeeze", "tf.pack", "tf.select"])
KEYWORDS = st.lists(st.sampled_from(["keep_dims=True", "reduction_indices=[1]", "name='op'", "adj_x=True"]),
                    max_size=2, unique=True)
SEP = st.sampled_from([", ", ",", ",\n    ", " , "])


@st.composite
def modules(draw) -> str:
    lines = ["import tensorflow as tf", "# a comment that must survive   exactly"]
    for _ in range(draw(st.integers(1, 4))):
        func = draw(FUNCS)
        args = draw(st.lists(ARG, min_size=1, max_size=3)) + draw(KEYWORDS)
        call = f"{func}({draw(SEP).join(args)})"
        lines.append(f"y = {call}  # tail")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(modules())
def test_codemod_output_parses_is_idempotent_and_keeps_comments(source: str) -> None:
    after = fix(source)
    ast.parse(after)
    assert fix(after) == after
    assert "# a comment that must survive   exactly\n" in after
    assert after.count("  # tail") == source.count("  # tail")


@settings(max_examples=100, deadline=None)
@given(NAMES, NAMES, SEP)
def test_cross_entropy_positional_keeps_its_order(first: str, second: str, sep: str) -> None:
    source = f"import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits({first}{sep}{second})\n"
    after = fix(source)
    assert f"logits={first}{sep}labels={second}" in after
    assert "stop_gradient" not in after
