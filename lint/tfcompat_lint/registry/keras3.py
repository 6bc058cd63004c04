"""What TF 2.16+ with Keras 3 broke, all of `tf.contrib`, and the internal/tutorial modules.

Each replacement is tfcompat's Keras-free re-implementation (same variable names and
numerics as TF 1.x) or the public module that holds the same functions.
"""
from __future__ import annotations

from ._schema import Change, Example, Kind, Safety

RNN_CELLS = ("RNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell", "DropoutWrapper",
             "ResidualWrapper", "DeviceWrapper", "OutputProjectionWrapper", "LSTMStateTuple")
CONTRIB_RNN_EXTRA = ("LSTMBlockCell", "LSTMBlockFusedCell", "GRUBlockCell", "LayerNormBasicLSTMCell",
                     "AttentionCellWrapper", "static_rnn", "static_bidirectional_rnn")
RNN_FUNCTIONS = ("dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn", "static_bidirectional_rnn")
LAYERS = ("dense", "conv1d", "conv2d", "conv3d", "conv2d_transpose", "separable_conv2d", "max_pooling1d",
          "max_pooling2d", "max_pooling3d", "average_pooling1d", "average_pooling2d", "average_pooling3d",
          "batch_normalization", "dropout", "flatten", "Dense", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose",
          "SeparableConv2D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D",
          "AveragePooling2D", "AveragePooling3D", "BatchNormalization", "Dropout", "Flatten", "Layer")
CONTRIB_LAYERS = ("xavier_initializer", "xavier_initializer_conv2d", "variance_scaling_initializer",
                  "l1_regularizer", "l2_regularizer", "fully_connected", "conv2d", "max_pool2d", "avg_pool2d",
                  "flatten", "batch_norm", "layer_norm", "dropout", "embed_sequence")
CONTRIB_FRAMEWORK = ("arg_scope", "add_arg_scope", "get_variables", "get_or_create_global_step")
SLIM = ("arg_scope", "conv2d", "fully_connected", "max_pool2d", "avg_pool2d", "flatten", "dropout", "batch_norm",
        "repeat", "stack", "l2_regularizer", "get_variables_to_restore")

KERAS3 = "raises \"not available with Keras 3\" on TF 2.16+"


def _keras3(module: str, names: tuple[str, ...], new_module: str) -> tuple[Change, ...]:
    return tuple(
        Change(f"{module}.{name}", "TFC104", f"`{module}.{name}` {KERAS3}; use tfcompat's Keras-free `{name}`",
               Kind.REMOVED, new=f"{new_module}.{name}", in_compat_v1=True, since="2.16")
        for name in names
    )


def _contrib(module: str, names: tuple[str, ...]) -> tuple[Change, ...]:
    new_module = "tfcompat" + module[2:]
    return tuple(
        Change(f"{module}.{name}", "TFC105", f"`tf.contrib` was removed in TF 2; use `{new_module}.{name}`",
               Kind.REMOVED, new=f"{new_module}.{name}", in_compat_v1=True, since="2.0")
        for name in names
    )


def _module(old: str, new: str | None, code: str, message: str) -> Change:
    safety = Safety.SAFE if new else Safety.MANUAL
    return Change(old, code, message, Kind.REMOVED, new=new, safety=safety, in_compat_v1=True, since="2.0")


CHANGES: tuple[Change, ...] = (
    *_keras3("tf.nn.rnn_cell", RNN_CELLS, "tfcompat.rnn_cell"),
    *_keras3("tf.layers", LAYERS, "tfcompat.layers"),
    *(Change(f"tf.nn.{name}", "TFC104", f"`tf.compat.v1.nn.{name}` only runs Keras-2 cells on TF 2.16+; "
             f"use tfcompat's `{name}` (same variables, fused fast path)", Kind.REMOVED,
             new=f"tfcompat.rnn.{name}", in_compat_v1=True, since="2.16") for name in RNN_FUNCTIONS),
    Change("tf.nn.rnn", "TFC101", "`tf.nn.rnn` became `static_rnn` in TF 1.0; use tfcompat's `static_rnn`",
           Kind.RENAMED, new="tfcompat.rnn.static_rnn", in_compat_v1=True, since="1.0",
           examples=(Example("import tensorflow as tf\noutputs, state = tf.nn.rnn(cell, xs, dtype=tf.float32)\n",
                             "import tensorflow as tf\nimport tfcompat\n"
                             "outputs, state = tfcompat.rnn.static_rnn(cell, xs, dtype=tf.float32)\n"),)),
    Change("tf.nn.bidirectional_rnn", "TFC101", "`tf.nn.bidirectional_rnn` became `static_bidirectional_rnn` in "
           "TF 1.0; use tfcompat's", Kind.RENAMED, new="tfcompat.rnn.static_bidirectional_rnn", in_compat_v1=True,
           since="1.0"),
    *_contrib("tf.contrib.rnn", RNN_CELLS + CONTRIB_RNN_EXTRA),
    *_contrib("tf.contrib.layers", CONTRIB_LAYERS),
    *_contrib("tf.contrib.framework", CONTRIB_FRAMEWORK),
    *_contrib("tf.contrib.slim", SLIM),
    _module("tf.contrib", "tfcompat.contrib", "TFC105", "`tf.contrib` was removed in TF 2; tfcompat.contrib has "
            "its most used parts"),
    *(_module(f"tf.contrib.{m}", f"tfcompat.contrib.{m}", "TFC105", f"`tf.contrib.{m}` was removed in TF 2; "
              f"use `tfcompat.contrib.{m}`") for m in ("layers", "rnn", "framework", "slim", "legacy_seq2seq")),
    *_contrib("tf.contrib.legacy_seq2seq", ("sequence_loss_by_example", "sequence_loss")),
    _module("tf.contrib.*", None, "TFC105", "`tf.contrib` was removed in TF 2.0 with no drop-in for this part"),
    _module("tf.layers", "tfcompat.layers", "TFC104", f"`tf.layers` {KERAS3}; use `tfcompat.layers`"),
    _module("tf.nn.rnn_cell", "tfcompat.rnn_cell", "TFC104", f"`tf.nn.rnn_cell` {KERAS3}; use `tfcompat.rnn_cell`"),
    # Internal and tutorial modules people imported.
    *(_module(old, new, "TFC106", f"internal module; use `{new}`") for old, new in (
        ("tf.python.ops.rnn_cell", "tfcompat.rnn_cell"),
        ("tf.python.ops.rnn_cell_impl", "tfcompat.rnn_cell"),
        ("tf.models.rnn.rnn_cell", "tfcompat.rnn_cell"),
        ("tf.python.ops.rnn", "tfcompat.rnn"),
        ("tf.python.ops.seq2seq", "tfcompat.contrib.legacy_seq2seq"),
        ("tf.models.rnn.seq2seq", "tfcompat.contrib.legacy_seq2seq"),
        ("tf.models.rnn.rnn", "tfcompat.rnn"),
        ("tf.python.util.nest", "tfcompat.nest"),
        ("tf.contrib.framework.nest", "tfcompat.nest"),
        ("tf.python.ops.array_ops", "tf.compat.v1"),
        ("tf.python.ops.math_ops", "tf.compat.v1"),
        ("tf.python.ops.control_flow_ops", "tf.compat.v1"),
        ("tf.python.ops.clip_ops", "tf.compat.v1"),
        ("tf.python.ops.init_ops", "tf.compat.v1"),
        ("tf.python.ops.state_ops", "tf.compat.v1"),
        ("tf.python.ops.variable_scope", "tf.compat.v1"),
        ("tf.python.ops.variables", "tf.compat.v1"),
        ("tf.python.ops.nn_ops", "tf.compat.v1.nn"),
        ("tf.python.ops.nn", "tf.compat.v1.nn"),
        ("tf.python.ops.embedding_ops", "tf.compat.v1.nn"),
        ("tf.python.platform.gfile", "tf.compat.v1.gfile"),
        ("tf.examples.tutorials.mnist", "tfcompat.examples.tutorials.mnist"),
        ("tf.examples.tutorials.mnist.input_data", "tfcompat.examples.tutorials.mnist.input_data"),
    )),
    _module("tf.python.*", None, "TFC106", "internal module: not part of TF's public API, and it may be gone or "
            "need Keras 2 on TF 2; use the public spelling"),
    _module("tf.models.*", None, "TFC106", "`tensorflow.models` was never part of TF 1.x+; port by hand"),
    _module("tf.examples.*", None, "TFC106", "the tutorials are not shipped with TF 2"),
)
