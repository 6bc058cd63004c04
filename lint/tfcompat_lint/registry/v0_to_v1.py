"""The TF 0.x -> 1.0 change set, curated from TF 1.x's ``tf_upgrade.py``.

The renames are rows of ``tfcompat.spec.renames`` (the runtime serves the same
rows).  Every entry carries its before/after examples.
"""
from __future__ import annotations

from tfcompat.spec.renames import RENAME_NOTES, RENAMES

from ._schema import Change, Example, Kind, Safety
from .rules import RULES, Reorder

_HEAD = "import tensorflow as tf\n"


def _rename(old: str, new: str, args: str | None, flags: str) -> Change:
    if old == "tf.op_scope":
        use = 'with tf.op_scope(values=[a], name="s"):\n    pass\n'
        fixed = use.replace(old, new)
    elif args is None:
        use, fixed = f"key = {old}\n", f"key = {new}\n"
    else:
        use, fixed = f"y = {old}({args})\n", f"y = {new}({args})\n"
    graph = "g" in flags
    where = " (graph mode)" if graph else ""
    return Change(
        old=old,
        code="TFC101",
        message=f"`{old}` was renamed in TF 1.0; use `{new}`{where}.{RENAME_NOTES.get(old, '')}",
        kind=Kind.RENAMED,
        new=new,
        safety=Safety.UNSAFE if "u" in flags else Safety.SAFE,
        graph_mode=graph,
        in_compat_v1=True,
        since="1.0",
        examples=(
            Example(_HEAD + use, _HEAD + fixed),
            Example(_HEAD + fixed, valid=True),
        ),
    )


# Keyword renames: function -> ((old, new), ...), in_compat_v1 (True where
# tf.compat.v1 no longer accepts the old keyword), flagged use, its fix.
# Each list also holds the 1.x->2.x renames TF's own tables give for the
# function, so this curated entry can shadow the generated one.
_REDUCE_KEYWORDS = (("reduction_indices", "axis"), ("keep_dims", "keepdims"))
_KEYWORDS: tuple[tuple[str, tuple[tuple[str, str], ...], bool, str, str], ...] = (
    ("tf.batch_matmul", (("adj_x", "adjoint_a"), ("adj_y", "adjoint_b")), True,
     "y = tf.batch_matmul(a, b, adj_x=True)", "y = tf.matmul(a, b, adjoint_a=True)"),
    ("tf.count_nonzero", (*_REDUCE_KEYWORDS, ("input_tensor", "input")), False,
     "n = tf.count_nonzero(x, reduction_indices=1)", "n = tf.math.count_nonzero(x, axis=1)"),
    *(
        (f"tf.reduce_{op}", _REDUCE_KEYWORDS, False,
         f"y = tf.reduce_{op}(x, reduction_indices=[1], keep_dims=True)",
         f"y = tf.reduce_{op}(x, axis=[1], keepdims=True)")
        for op in ("all", "any", "max", "mean", "min", "prod", "sum", "logsumexp")
    ),
    ("tf.expand_dims", (("dim", "axis"),), False,
     "y = tf.expand_dims(x, dim=1)", "y = tf.expand_dims(x, axis=1)"),
    ("tf.argmax", (("dimension", "axis"),), False,
     "i = tf.argmax(x, dimension=1)", "i = tf.argmax(x, axis=1)"),
    ("tf.argmin", (("dimension", "axis"),), False,
     "i = tf.argmin(x, dimension=1)", "i = tf.argmin(x, axis=1)"),
    ("tf.reduce_join", _REDUCE_KEYWORDS, False,
     "s = tf.reduce_join(x, reduction_indices=0)", "s = tf.strings.reduce_join(x, axis=0)"),
    ("tf.sparse_concat", (("concat_dim", "axis"), ("expand_nonconcat_dim", "expand_nonconcat_dims")), False,
     "s = tf.sparse_concat(concat_dim=1, sp_inputs=[a, b])", "s = tf.sparse.concat(axis=1, sp_inputs=[a, b])"),
    ("tf.sparse_split", (("split_dim", "axis"),), False,
     "p = tf.sparse_split(split_dim=1, num_split=2, sp_input=sp)",
     "p = tf.sparse.split(axis=1, num_split=2, sp_input=sp)"),
    ("tf.sparse_reduce_sum", (("reduction_axes", "axis"), ("keep_dims", "keepdims")), False,
     "s = tf.sparse_reduce_sum(sp, reduction_axes=1)", "s = tf.sparse.reduce_sum(sp, axis=1)"),
    ("tf.sparse_reduce_sum_sparse", (("reduction_axes", "axis"), ("keep_dims", "keepdims")), False,
     "s = tf.sparse_reduce_sum_sparse(sp, reduction_axes=1)",
     "s = tf.compat.v1.sparse_reduce_sum_sparse(sp, axis=1)"),
    ("tf.reverse_sequence", (("seq_dim", "seq_axis"), ("batch_dim", "batch_axis")), False,
     "y = tf.reverse_sequence(x, lengths, seq_dim=1, batch_dim=0)",
     "y = tf.reverse_sequence(x, lengths, seq_axis=1, batch_axis=0)"),
    ("tf.squeeze", (("squeeze_dims", "axis"),), False,
     "y = tf.squeeze(x, squeeze_dims=[1])", "y = tf.squeeze(x, axis=[1])"),
    ("tf.split", (("split_dim", "axis"), ("num_split", "num_or_size_splits")), True,
     "a, b = tf.split(split_dim=1, num_split=2, value=x)",
     "a, b = tf.split(axis=1, num_or_size_splits=2, value=x)"),
    ("tf.concat", (("concat_dim", "axis"),), True,
     "y = tf.concat(concat_dim=1, values=[a, b])", "y = tf.concat(axis=1, values=[a, b])"),
    ("tf.image_summary", (("max_images", "max_outputs"),), True,
     's = tf.image_summary("img", images, max_images=4)',
     's = tf.compat.v1.summary.image("img", images, max_outputs=4)'),
)


def _keywords(old: str, mapping: tuple[tuple[str, str], ...], in_v1: bool, use: str, fixed: str) -> Change:
    names = ", ".join(f"{a}->{b}" for a, b in mapping)
    return Change(
        old=old,
        code="TFC203",
        message=f"`{old}` keywords were renamed: {names}.",
        kind=Kind.ARGUMENTS,
        keywords=mapping,
        in_compat_v1=in_v1,
        since="1.0",
        examples=(Example(_HEAD + use + "\n", _HEAD + fixed + "\n"), Example(_HEAD + fixed + "\n", valid=True)),
    )


# Positional reorders: (old, code, old order in new keyword names, how many
# lead positions keep their place, flagged use, fix, valid uses).
_REORDERS: tuple[tuple[str, str, tuple[str, ...], int, str, str, tuple[str, ...]], ...] = (
    ("tf.split", "TFC201", ("axis", "num_or_size_splits", "value", "name"), 0,
     "a, b = tf.split(1, 2, x)", "a, b = tf.split(axis=1, num_or_size_splits=2, value=x)",
     ("a, b = tf.split(x, 2, axis=1)", "a, b = tf.split(x, 2, 1)")),
    ("tf.sparse_split", "TFC201", ("axis", "num_split", "sp_input", "name"), 0,
     "p = tf.sparse_split(1, 2, sp)", "p = tf.sparse.split(axis=1, num_split=2, sp_input=sp)",
     ("p = tf.sparse.split(sp, 2, 1)",)),
    ("tf.concat", "TFC201", ("axis", "values", "name"), 0,
     "y = tf.concat(1, [a, b])", "y = tf.concat(axis=1, values=[a, b])",
     ("y = tf.concat([a, b], 1)", "y = tf.concat([a, b], axis=1)")),
    ("tf.svd", "TFC201", ("tensor", "compute_uv", "full_matrices", "name"), 1,
     "s = tf.svd(m, False, True)", "s = tf.linalg.svd(tensor=m, compute_uv=False, full_matrices=True)",
     ("s, u, v = tf.linalg.svd(m)",)),
    ("tf.batch_svd", "TFC201", ("tensor", "compute_uv", "full_matrices", "name"), 1,
     "s = tf.batch_svd(m, False, True)", "s = tf.linalg.svd(tensor=m, compute_uv=False, full_matrices=True)",
     ("s = tf.linalg.svd(m, compute_uv=False)",)),
    ("tf.op_scope", "TFC201", ("values", "name", "default_name"), 0,
     'with tf.op_scope([a], "s"):\n    pass', 'with tf.compat.v1.name_scope(values=[a], name="s"):\n    pass',
     ('with tf.compat.v1.name_scope("s", values=[a]):\n    pass',)),
    ("tf.nn.softmax_cross_entropy_with_logits", "TFC202", ("logits", "labels", "axis", "name"), 0,
     "loss = tf.nn.softmax_cross_entropy_with_logits(pred, y)",
     "loss = tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y)",
     ("loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=pred)",)),
    ("tf.nn.sparse_softmax_cross_entropy_with_logits", "TFC202", ("logits", "labels", "name"), 0,
     "loss = tf.nn.sparse_softmax_cross_entropy_with_logits(pred, y)",
     "loss = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=pred, labels=y)",
     ("loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=pred)",)),
    ("tf.nn.sigmoid_cross_entropy_with_logits", "TFC202", ("logits", "labels", "name"), 0,
     "loss = tf.nn.sigmoid_cross_entropy_with_logits(pred, y)",
     "loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=pred, labels=y)",
     ("loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=pred)",)),
)


def _reorder(old: str, code: str, order: tuple[str, ...], kept: int, use: str, fixed: str,
             valid: tuple[str, ...]) -> Change:
    spelled = ", ".join(order[:-1] if order[-1] == "name" else order)
    if RULES[code].reorder is Reorder.KEYWORDS_REQUIRED:
        message = f"`{old}` took (logits, labels) positionally before TF 1.0; now (labels, logits): pass keywords."
    else:
        message = f"`{old}` took ({spelled}) positionally before TF 1.0: pass keywords."
    return Change(
        old=old,
        code=code,
        message=message,
        kind=Kind.ARGUMENTS,
        positional=order,
        positional_kept=kept,
        in_compat_v1=True,
        since="1.0",
        examples=(
            Example(_HEAD + use + "\n", _HEAD + fixed + "\n"),
            *(Example(_HEAD + v + "\n", valid=True) for v in valid),
        ),
    )


_SPECIAL = (
    Change(
        old="tf.reverse",
        code="TFC301",
        message="`tf.reverse` took one boolean per dimension before TF 1.0; it now takes the axes to reverse.",
        kind=Kind.MEANING,
        special="reverse_bool",
        in_compat_v1=True,
        since="1.0",
        examples=(
            Example(_HEAD + "y = tf.reverse(x, [False, True])\n", _HEAD + "y = tf.reverse(x, [1])\n"),
            Example(_HEAD + "y = tf.reverse(x, dims=[True, False, True])\n", _HEAD + "y = tf.reverse(x, axis=[0, 2])\n"),
            Example(_HEAD + "y = tf.reverse(x, flags)\n"),
            Example(_HEAD + "y = tf.reverse(x, [1])\n", valid=True),
            Example(_HEAD + "y = tf.reverse(x, axis=[0])\n", valid=True),
        ),
    ),
    *(
        Change(
            old=f"tf.{name}",
            code="TFC302",
            message=f"`tf.{name}` became a class in TF 1.0: call it (`tf.{name}()`) to get an initializer.",
            kind=Kind.MEANING,
            special="initializer_call",
            in_compat_v1=True,
            since="1.0",
            examples=(
                # TFC304 also moves the class to its TF 1.x form, tf.compat.v1.
                Example(_HEAD + f"init = tf.{name}\n", _HEAD + f"init = tf.compat.v1.{name}()\n"),
                Example(_HEAD + f"z = tf.{name}([2, 3])\n", _HEAD + f"z = tf.compat.v1.{name}()([2, 3])\n"),
                Example(_HEAD + f"init = tf.{name}()\n", valid=True),
            ),
        )
        for name in ("ones_initializer", "zeros_initializer")
    ),
)

CHANGES: tuple[Change, ...] = (
    *(_rename(*row) for row in RENAMES),
    *(_keywords(*row) for row in _KEYWORDS),
    *(_reorder(*row) for row in _REORDERS),
    *_SPECIAL,
)
