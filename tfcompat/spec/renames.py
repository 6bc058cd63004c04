"""The TF 0.x names that TF 1.0 renamed, and the names ``tfcompat.v1`` adds to ``tf.compat.v1``.

The linter builds its TFC101 rows (message, fix, examples) from ``RENAMES`` and
``TO_TFCOMPAT``; ``tfcompat.v1`` serves every one of them (``tfcompat.ops`` holds
the functions) and words its warnings with the same new spelling.
"""
from __future__ import annotations

from functools import lru_cache

from .modules import served_by

# (old, new, example arguments or None for an attribute, flags): "g" needs graph mode on TF 2, "u" the fix may
# change results (see the note), "s" the runtime serves it with a generated shim (`new` takes the same
# arguments; without "s", tfcompat.ops has a hand-written function, or tf.compat.v1 or a tfcompat module has
# it). New spellings are the TF 2.21-native name where one behaves the same, else the tf.compat.v1 name.
# Adding a rename is adding a row here.
RENAMES: tuple[tuple[str, str, str | None, str], ...] = (
    ("tf.inv", "tf.math.reciprocal", "x", "s"),
    ("tf.contrib.deprecated.scalar_summary", "tf.compat.v1.summary.scalar", '"loss", loss', "g"),
    ("tf.contrib.deprecated.histogram_summary", "tf.compat.v1.summary.histogram", '"w", w', "g"),
    ("tf.listdiff", "tf.compat.v1.setdiff1d", "x, y", ""),
    ("tf.list_diff", "tf.compat.v1.setdiff1d", "x, y", ""),
    ("tf.mul", "tf.multiply", "a, b", "s"),
    ("tf.neg", "tf.negative", "x", "s"),
    ("tf.sub", "tf.subtract", "a, b", "s"),
    ("tf.train.SummaryWriter", "tf.compat.v1.summary.FileWriter", '"logs"', "g"),
    ("tf.scalar_summary", "tf.compat.v1.summary.scalar", '"loss", loss', "g"),
    ("tf.histogram_summary", "tf.compat.v1.summary.histogram", '"w", w', "g"),
    ("tf.audio_summary", "tf.compat.v1.summary.audio", '"wav", wav, 16000', "g"),
    ("tf.image_summary", "tf.compat.v1.summary.image", '"img", images', "g"),
    ("tf.merge_summary", "tf.compat.v1.summary.merge", "[s1, s2]", "g"),
    ("tf.merge_all_summaries", "tf.compat.v1.summary.merge_all", "", "g"),
    ("tf.image.per_image_whitening", "tf.image.per_image_standardization", "image", "s"),
    ("tf.all_variables", "tf.compat.v1.global_variables", "", "g"),
    ("tf.VARIABLES", "tf.compat.v1.GraphKeys.GLOBAL_VARIABLES", None, "g"),
    ("tf.initialize_all_variables", "tf.compat.v1.global_variables_initializer", "", "g"),
    ("tf.initialize_variables", "tf.compat.v1.variables_initializer", "[w, b]", "g"),
    ("tf.initialize_local_variables", "tf.compat.v1.local_variables_initializer", "", "g"),
    ("tf.batch_matrix_diag", "tf.linalg.diag", "d", "s"),
    ("tf.batch_band_part", "tf.linalg.band_part", "m, -1, 0", "s"),
    ("tf.batch_set_diag", "tf.linalg.set_diag", "m, d", "s"),
    ("tf.batch_matrix_transpose", "tf.linalg.matrix_transpose", "m", "s"),
    ("tf.batch_matrix_determinant", "tf.linalg.det", "m", "s"),
    ("tf.batch_matrix_inverse", "tf.linalg.inv", "m", "s"),
    ("tf.batch_cholesky", "tf.linalg.cholesky", "m", "s"),
    ("tf.batch_cholesky_solve", "tf.linalg.cholesky_solve", "chol, rhs", "s"),
    ("tf.batch_matrix_solve", "tf.linalg.solve", "m, rhs", "s"),
    ("tf.batch_matrix_triangular_solve", "tf.linalg.triangular_solve", "m, rhs", "s"),
    ("tf.batch_matrix_solve_ls", "tf.linalg.lstsq", "m, rhs", "s"),
    ("tf.batch_self_adjoint_eig", "tf.linalg.eigh", "m", "us"),
    ("tf.batch_self_adjoint_eigvals", "tf.linalg.eigvalsh", "m", "s"),
    ("tf.batch_svd", "tf.linalg.svd", "m", ""),
    ("tf.batch_fft", "tf.signal.fft", "x", "s"),
    ("tf.batch_ifft", "tf.signal.ifft", "x", "s"),
    ("tf.batch_fft2d", "tf.signal.fft2d", "x", "s"),
    ("tf.batch_ifft2d", "tf.signal.ifft2d", "x", "s"),
    ("tf.batch_fft3d", "tf.signal.fft3d", "x", "s"),
    ("tf.batch_ifft3d", "tf.signal.ifft3d", "x", "s"),
    ("tf.select", "tf.compat.v1.where", "c, a, b", ""),
    ("tf.complex_abs", "tf.abs", "z", "s"),
    ("tf.batch_matmul", "tf.matmul", "a, b", ""),
    ("tf.pack", "tf.stack", "[a, b]", "s"),
    ("tf.unpack", "tf.unstack", "x", "s"),
    ("tf.op_scope", "tf.compat.v1.name_scope", None, ""),
    # The 0.11 spellings TF 1.0's upgrade table misses (it lists batch_band_part
    # and batch_set_diag, which 0.x never had).
    ("tf.batch_matrix_band_part", "tf.linalg.band_part", "m, -1, 0", "s"),
    ("tf.batch_matrix_set_diag", "tf.linalg.set_diag", "m, d", "s"),
    ("tf.batch_matrix_diag_part", "tf.linalg.diag_part", "m", "s"),
    ("tf.nn.deconv2d", "tf.nn.conv2d_transpose", "x, w, shape, [1, 2, 2, 1]", "s"),
)

RENAME_NOTES: dict[str, str] = {
    "tf.batch_self_adjoint_eig": " Before 0.11 it returned one [M+1, M] matrix; eigh returns (e, v).",
    "tf.select": " (tf.where on TF 2 broadcasts; compat.v1.where keeps select's row selection.)",
    "tf.batch_matmul": " A third positional argument now means transpose_a, not adj_x.",
    "tf.op_scope": " Its arguments were (values, name, default_name).",
    "tf.scalar_summary": " The tag now follows name scopes.",
    "tf.nn.deconv2d": " A sixth positional argument was name (now data_format).",
}

# 0.x names whose TF 1.x successors only tfcompat still runs on TF 2.16+ (Keras 3): (old, new, example arguments).
TO_TFCOMPAT: tuple[tuple[str, str, str], ...] = (
    ("tf.nn.rnn", "tfcompat.rnn.static_rnn", "cell, xs, dtype=tf.float32"),
    ("tf.nn.bidirectional_rnn", "tfcompat.rnn.static_bidirectional_rnn", "cell_fw, cell_bw, xs, dtype=tf.float32"),
)

# The module holding tfcompat.v1's hand-written functions for RENAMES rows (each under its 0.x name).
RENAMES_MODULE = "tfcompat.ops"

# Names tfcompat.v1 serves with tfcompat's own function because tf.compat.v1's takes other arguments or means
# something else on TF 2.21, per namespace under tf.compat.v1 ("" is the top): (module, names).
REIMPLEMENTED: dict[str, tuple[tuple[str, str], ...]] = {
    "": (("tfcompat.ops", "split concat reverse cond svd sparse_split sparse_concat ones_initializer "
                          "zeros_initializer batch_mul"),),
    "nn": (("tfcompat.ops", "softmax_cross_entropy_with_logits sparse_softmax_cross_entropy_with_logits "
                            "sigmoid_cross_entropy_with_logits weighted_cross_entropy_with_logits nce_loss "
                            "sampled_softmax_loss"),
           ("tfcompat.rnn", "dynamic_rnn static_rnn bidirectional_dynamic_rnn static_bidirectional_rnn")),
}


def _split(old: str) -> tuple[str, str]:
    """`tf.nn.rnn` -> ("nn", "rnn"): the namespace under tf.compat.v1 and the name."""
    namespace, _, name = old[len("tf."):].rpartition(".")
    return namespace, name


@lru_cache(maxsize=1)
def new_names() -> dict[str, str]:
    """Old ``tf.``-spelled name -> the spelling to write instead (the linter's and the warnings' wording)."""
    return {old: new for old, new, *_ in (*RENAMES, *TO_TFCOMPAT)}


def runtime_overrides() -> dict[str, dict[str, str]]:
    """Namespace under tf.compat.v1 -> name -> ``"module:attribute"`` for the REIMPLEMENTED names."""
    return {namespace: {name: f"{module}:{name}" for module, names in groups for name in names.split()}
            for namespace, groups in REIMPLEMENTED.items()}


def runtime_renames() -> dict[str, dict[str, tuple[str, str]]]:
    """Namespace under tf.compat.v1 -> 0.x name -> (old, new) for every rename tfcompat.v1 serves itself.

    A rename under a namespace that a tfcompat module serves whole (``tf.train``, ``tf.contrib``) is that
    module's.  The runtime serves a row with ``RENAMES_MODULE``'s function of the same name where there is one
    (argument or meaning differences), else with a generated shim that warns and calls ``new``.
    """
    table: dict[str, dict[str, tuple[str, str]]] = {}
    for old, new, *_ in (*RENAMES, *TO_TFCOMPAT):
        namespace, name = _split(old)
        if not namespace or served_by(namespace) is None:
            table.setdefault(namespace, {})[name] = (old, new)
    return table
