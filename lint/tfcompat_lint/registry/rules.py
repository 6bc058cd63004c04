"""The rule catalogue: one documented rule per code; registry entries name their rule by code."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Availability(str, Enum):
    """Whether the rule's findings come with a fix (the docs' Fix column)."""

    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"


class Reorder(str, Enum):
    """How a rule's rows read a call's positional arguments (argument-level fixes name them with keywords)."""

    KEYWORDS_REQUIRED = "keywords-required"  # TF 1.x requires keywords: positional calls are in the 0.x order
    ERA_DECIDED = "era-decided"  # 0.x or 1.x order, decided by the call's literals or the file's other names
    TF2_REORDERED = "tf2-reordered"  # TF 2 reordered the parameters after the row's `positional_kept`


@dataclass(frozen=True)
class Rule:
    """A lint rule's identity, its documentation (ruff's sections), and what the checks do with its rows."""

    code: str
    name: str  # reads naturally after "allow": names the pattern, not the fix
    what: str
    why: str
    fix: str  # the "Fix safety" section
    availability: Availability
    # Examples for checks that no registry entry carries (entries bring their own).
    example: str = ""
    use_instead: str = ""
    # A flagged snippet its fix leaves alone: the other case of a rule fixed only sometimes.
    unfixed_example: str = ""
    names_symbol: bool = False  # its rows name a symbol, reported where the name is used
    only_uncalled: bool = False  # ... only where it is not called; the fix adds the call, it renames nothing
    encloses: bool = False  # a row for a module or class also covers the attribute chains below it
    marks_0x: bool = False  # its rows' names are TF 0.x code and their replacements TF 1.x code
    changed_meaning: bool = False  # its rows' names still exist on TF 2 but mean something else there
    reorder: Reorder | None = None  # its rows' fixes are argument-level: positional arguments become keywords
    keras_graph: bool = False  # its `tf.keras` row rewrites the tf.keras names of a module that runs TF 1.x graphs
    py2_convertible: bool = False  # `tfcompat-migrate --py2` converts the file before anything else

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:4]]


FAMILIES = {
    "TFC1": "Names that were renamed, moved or removed",
    "TFC2": "Arguments: old positional orders and keyword names",
    "TFC3": "Same spelling, changed meaning",
    "TFC4": "Methods and attributes of TF objects",
    "TFC5": "Graph mode and TF 1.x pitfalls",
    "TFC9": "Files that cannot be linted",
}

_RULES = (
    Rule("TFC101", "symbol-renamed-in-1.0",
         "Finds TF 0.x names that TensorFlow 1.0 renamed or removed (`tf.pack`, `tf.mul`, `tf.batch_matmul`, the `*_summary` ops, ...).",
         "TF 1.0 removed these names, so the code fails with `AttributeError` on any TF 1.x or 2.x. TensorFlow's own `tf_upgrade_v2` does not know them.",
         "Safe: the replacement computes the same thing. Where TF 2 has no one-call equivalent the fix imports tfcompat's re-implementation.",
         Availability.ALWAYS, names_symbol=True, encloses=True, marks_0x=True),
    Rule("TFC102", "symbol-renamed-in-2.0",
         "Finds TF 1.x names that TensorFlow 2.0 moved to a new TF2-native spelling (`tf.log` -> `tf.math.log`).",
         "The old name does not exist on TF 2.x: `AttributeError` at the first call.",
         "Safe: TensorFlow's own rename tables, checked against TF 2.21's API.",
         Availability.ALWAYS, names_symbol=True, encloses=True,
         example='import tensorflow as tf\ny = tf.log(x)\n',
         use_instead='import tensorflow as tf\ny = tf.math.log(x)\n'),
    Rule("TFC103", "symbol-only-in-compat-v1",
         "Finds TF 1.x names that exist on TF 2.x only under `tf.compat.v1` (`tf.placeholder`, `tf.Session`, `tf.train.Saver`, ...).",
         "They were removed from the TF 2 namespace; `tf.compat.v1` keeps them with TF 1.x behaviour.",
         "Safe. Graph-mode names also need v1 behaviour switched on (TFC501).",
         Availability.ALWAYS, names_symbol=True, encloses=True,
         example='import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 784])\n',
         use_instead='import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32, [None, 784])\n'),
    Rule("TFC104", "keras3-removed-api",
         "Finds `tf.layers.*`, `tf.nn.rnn_cell.*` and other Keras-backed TF 1.x APIs, in any spelling including `tf.compat.v1`.",
         "On TF 2.16+ with Keras 3 they raise \"not available with Keras 3\" unless the frozen `tf_keras` package is installed and `TF_USE_LEGACY_KERAS=1` is set before TensorFlow is imported.",
         "Safe: the fix uses tfcompat's Keras-free re-implementation, which keeps TF 1.x variable names and numerics.",
         Availability.SOMETIMES, names_symbol=True, encloses=True,
         example='import tensorflow as tf\nh = tf.layers.dense(x, 10)\n',
         use_instead='import tensorflow as tf\nimport tfcompat\nh = tfcompat.layers.dense(x, 10)\n'),
    Rule("TFC105", "contrib-api",
         "Finds uses of `tf.contrib`, which TF 2 removed entirely.",
         "`import tensorflow.contrib` and every `tf.contrib.*` name fail on TF 2.x.",
         "Safe where tfcompat re-implements the name (layers, rnn, framework, slim core); otherwise reported for manual migration.",
         Availability.SOMETIMES, names_symbol=True, encloses=True,
         example='import tensorflow as tf\ninit = tf.contrib.layers.xavier_initializer()\n',
         use_instead='import tensorflow as tf\nimport tfcompat\ninit = tfcompat.contrib.layers.xavier_initializer()\n'),
    Rule("TFC106", "removed-module",
         "Finds imports of modules that are gone or internal: `tensorflow.examples.tutorials.mnist`, `tensorflow.models.rnn`, `tensorflow.python.ops.rnn_cell`, ...",
         "The tutorials and `models` packages are not shipped with TF 2; internal `tensorflow.python.*` paths change between releases and several now need Keras 2.",
         "Safe where a public or tfcompat module replaces it; the uses are then rewritten to the public spelling.",
         Availability.SOMETIMES, names_symbol=True, encloses=True,
         example='from tensorflow.python.ops import rnn_cell\ncell = rnn_cell.BasicLSTMCell(128)\n',
         use_instead='from tfcompat import rnn_cell\ncell = rnn_cell.BasicLSTMCell(128)\n'),
    Rule("TFC107", "unknown-tf2-symbol",
         "Finds `tf.x.y` names, and attribute chains below them, that do not exist in TensorFlow 2.21's public API, in any spelling (aliases, `from` imports, module imports), even when no registry entry names them. For whole families the message says what happened (`tf.keras.experimental` went with Keras 3, `tf.user_ops` was a 0.x example module, ...).",
         "The name fails with `AttributeError` (or the import with `ImportError`) on TF 2.21. The check uses a stored snapshot of TF 2.21's API, so it needs no TensorFlow installed; attributes of classes are not in the snapshot and are not checked.",
         "No automatic fix: there is no known replacement.",
         Availability.NEVER, names_symbol=True,
         example='import tensorflow as tf\ny = tf.nn.no_such_op(x)\n',
         use_instead='import tensorflow as tf\ny = tf.nn.relu(x)  # a name TF 2.21 has, chosen by hand\n'),
    Rule("TFC108", "symbol-removed-in-2.0",
         "Finds TF 1.x names that TF 2 removed without a replacement.",
         "They fail on TF 2.x and need a rewrite by hand.",
         "No automatic fix.",
         Availability.NEVER, names_symbol=True, encloses=True,
         example='import tensorflow as tf\ninit = tf.keras.initializers.normal(stddev=0.1)\n',
         use_instead='import tensorflow as tf\ninit = tf.keras.initializers.RandomNormal(stddev=0.1)\n'),
    Rule("TFC201", "old-positional-order",
         "Finds calls in TF 0.x positional order: `tf.split(0, n, x)`, `tf.concat(1, [a, b])`, `tf.sparse_split`, `tf.svd`, `op_scope`.",
         "TF 1.0 reordered these parameters. Called in the old order they fail, or worse, run with the arguments swapped.",
         "Safe when the order is certain (a literal axis or list decides it): the fix names every argument with keywords in the old order, so nothing moves.",
         Availability.ALWAYS, reorder=Reorder.ERA_DECIDED),
    Rule("TFC202", "cross-entropy-positional",
         "Finds `softmax_cross_entropy_with_logits`, `sparse_softmax_cross_entropy_with_logits` and `sigmoid_cross_entropy_with_logits` called with positional arguments.",
         "In TF 0.x the order was `(logits, labels)`; TF 1.x requires keywords. `tf_upgrade_v2` converts such a call to `labels=tf.stop_gradient(logits), logits=labels`: swapped and with the gradient cut, so the model silently stops learning.",
         "Safe: positional arguments become `logits=`, `labels=` in their 0.x order; nothing is swapped or wrapped.",
         Availability.ALWAYS, reorder=Reorder.KEYWORDS_REQUIRED),
    Rule("TFC203", "renamed-keyword",
         "Finds keyword arguments that were renamed: `keep_dims`, `reduction_indices`, `dim`, `squeeze_dims`, `fn1`/`fn2`, `adj_x`/`adj_y`, ...",
         "The old keyword raises `TypeError: unexpected keyword argument` on TF 2.x.",
         "Safe: only the keyword's name changes.",
         Availability.ALWAYS),
    Rule("TFC204", "reordered-in-2.0",
         "Finds positional calls to functions whose parameters TF 2 reordered.",
         "Positional arguments bind to different parameters on TF 2.x.",
         "Safe: the fix names the arguments with keywords in the old order (TensorFlow's own policy), so nothing moves.",
         Availability.ALWAYS, reorder=Reorder.TF2_REORDERED,
         example='import tensorflow as tf\nb = tf.batch_to_space(x, [2, 2], [[0, 0], [0, 0]])\n',
         use_instead='import tensorflow as tf\nb = tf.batch_to_space(input=x, crops=[2, 2], block_shape=[[0, 0], [0, 0]])\n'),
    Rule("TFC205", "ambiguous-argument-order",
         "Finds calls such as `tf.concat(a, b)` whose argument order (0.x or 1.x) cannot be decided from the code.",
         "Choosing wrongly swaps axis and values. The file gives no evidence (literals, other 0.x APIs) either way.",
         "No automatic fix: rewrite with keywords by hand, e.g. `tf.concat(values=..., axis=...)`.",
         Availability.NEVER,
         example='import tensorflow as tf\nz = tf.concat(a, b)\n',
         use_instead='import tensorflow as tf\nz = tf.concat(values=a, axis=b)\n'),
    Rule("TFC206", "removed-keyword",
         "Finds keyword arguments that the TF 2 function no longer accepts.",
         "The call raises `TypeError` on TF 2.x.",
         "No automatic fix unless stated in the message.",
         Availability.NEVER,
         example='import tensorflow as tf\nc = tf.constant([1, 2], verify_shape=True)\n',
         use_instead='import tensorflow as tf\nc = tf.constant([1, 2])\n'),
    Rule("TFC207", "variable-name-as-trainable",
         "Finds `tf.Variable(initial, name)` calls whose second positional argument is a string or a `name`-like value.",
         "`Variable`'s second parameter is `trainable`: the string makes the variable trainable (when non-empty) and the variable gets an automatic name (`Variable:0`), so checkpoints, `Saver` and lookups by name do not find it under the name the author meant.",
         "No automatic fix: the program's meaning is what it is (migration keeps it, spelled `trainable=`). If a name was meant, write `name=`.",
         Availability.NEVER,
         example='import tensorflow as tf\nw = tf.compat.v1.Variable(tf.zeros([2]), "w")\n',
         use_instead='import tensorflow as tf\nw = tf.compat.v1.Variable(tf.zeros([2]), name="w")\n'),
    Rule("TFC301", "reverse-with-boolean-dims",
         "Finds `tf.reverse(t, [True, False, ...])`, the TF 0.x form that takes one boolean per dimension.",
         "Since TF 1.0 the second argument lists axes. A boolean list is now read as axis numbers (True == 1), reversing the wrong dimensions or failing.",
         "Safe when the list is a literal of booleans: it becomes the axes that were True. Otherwise reported.",
         Availability.SOMETIMES),
    Rule("TFC302", "initializer-not-called",
         "Finds `tf.ones_initializer` / `tf.zeros_initializer` passed without a call (`initializer=tf.zeros_initializer`).",
         "In TF 0.x they were initializer functions; since TF 1.0 they are classes that must be instantiated, so the uncalled form passes a class where an initializer is expected.",
         "Safe: adds the call, `tf.zeros_initializer()`.",
         Availability.ALWAYS, names_symbol=True, only_uncalled=True),
    Rule("TFC303", "squeeze-without-axis",
         "Finds `tf.squeeze(x)` without `axis`.",
         "Without an axis the result's rank depends on which sizes happen to be 1, and with unknown (`?`) dimensions the static shape is lost, which breaks later shape checks.",
         "No automatic fix: name the axes to squeeze.",
         Availability.NEVER,
         example='import tensorflow as tf\ny = tf.squeeze(x)\n',
         use_instead='import tensorflow as tf\ny = tf.squeeze(x, axis=[1])\n'),
    Rule("TFC304", "changed-semantics-in-2.0",
         "Finds TF 1.x calls that still exist but behave differently on TF 2.x (TensorFlow's own warnings).",
         "Same spelling, different numbers or errors.",
         "Safe: the fix spells the call through `tf.compat.v1`, which keeps the TF 1.x behaviour; the message says what differs.",
         Availability.ALWAYS, names_symbol=True, changed_meaning=True,
         example='import tensorflow as tf\ntf.assert_equal(x, y, data=[x])\n',
         use_instead='import tensorflow as tf\ntf.compat.v1.assert_equal(x, y, data=[x])\n'),
    Rule("TFC401", "tensorarray-pack",
         "Finds `TensorArray.pack()` / `.unpack()`, renamed `stack()` / `unstack()` in TF 1.0.",
         "The methods no longer exist.",
         "Safe when the object is seen to be a `TensorArray` in the same scope; otherwise reported.",
         Availability.SOMETIMES,
         example='import tensorflow as tf\nta = tf.TensorArray(tf.float32, size=3)\nout = ta.pack()\n',
         use_instead='import tensorflow as tf\nta = tf.TensorArray(tf.float32, size=3)\nout = ta.stack()\n',
         unfixed_example='import tensorflow as tf\ndef gather(ta):\n    return ta.pack()\n'),
    Rule("TFC402", "dimension-value",
         "Finds `.value` read from a shape dimension (`x.get_shape()[1].value`, `with_rank(2)[1].value`).",
         "TF 2 shapes hold plain ints (or None), which have no `.value`: `AttributeError`.",
         "Safe: `tf.compat.dimension_value(dim)` works with both kinds of shapes.",
         Availability.ALWAYS,
         example='import tensorflow as tf\nn = x.get_shape()[1].value\n',
         use_instead='import tensorflow as tf\nn = tf.compat.dimension_value(x.get_shape()[1])\n'),
    Rule("TFC403", "nest-is-sequence",
         "Finds `nest.is_sequence`, renamed `nest.is_nested`.",
         "The old name is gone from TF 2's `nest`.",
         "Safe.",
         Availability.ALWAYS, names_symbol=True),
    Rule("TFC501", "graph-mode-without-v1-behaviour",
         "Finds modules that build TF 1.x graphs without switching TensorFlow to v1 behaviour: `placeholder`, `Session`, `MonitoredTrainingSession`, `get_variable`, `variable_scope`, `get_or_create_global_step`, `tf.train.*Optimizer` (and subclasses), `tf.layers`, collections, `get_default_graph`, `.graph`, and graph-mode tests (`self.test_session()`, `self.cached_session()`, `.eval()` in a `tf.test.TestCase`, `@test_util.run_v1_only`). Every such module is reported, library modules included, wherever the program's entry point is.",
         "TF 2 runs eagerly: the first `placeholder` raises and `Session.run` has no graph to run. Worse, library code runs without an error but with other numbers: variables become resource variables, a learning-rate schedule reads `global_step` one step late, collections stay empty.",
         "Safe: inserts `tf.compat.v1.disable_v2_behavior()` once, right after the module-level `import tensorflow` (importing `tensorflow` itself when the only import is inside a function). The call is idempotent; it must run before any TF op is created, so a driver that builds ops before importing the library module needs the call at its own top too.",
         Availability.ALWAYS,
         example='import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32, [None, 3])\n',
         use_instead='import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\nx = tf.compat.v1.placeholder(tf.float32, [None, 3])\n'),
    Rule("TFC502", "variable-reuse-in-loop",
         "Finds variable-creating calls (`get_variable`, RNN builders) in a loop with no reuse.",
         "The second iteration fails with \"Variable lstm/cell/W_0 already exists, disallowed\" unless `tf.get_variable_scope().reuse_variables()` is called for i > 0 or the scope sets `reuse`.",
         "No automatic fix: reuse is a modelling decision (share weights, or give each iteration its own scope).",
         Availability.NEVER,
         example='import tensorflow as tf\nfor h in hidden:\n    out, state = tf.nn.dynamic_rnn(cell, h, dtype=tf.float32)\n',
         use_instead='import tensorflow as tf\nfor i, h in enumerate(hidden):\n    if i > 0:\n        tf.get_variable_scope().reuse_variables()\n    out, state = tf.nn.dynamic_rnn(cell, h, dtype=tf.float32)\n'),
    Rule("TFC503", "graph-growth-in-session-loop",
         "Finds graph ops created inside a loop that also runs a session.",
         "Each iteration adds new nodes, so the graph grows until \"GraphDef cannot be larger than 2GB\" and every step gets slower.",
         "No automatic fix: build the ops once before the loop, or call `tf.reset_default_graph()` after each session.",
         Availability.NEVER,
         example='import tensorflow as tf\nwith tf.Session() as sess:\n    for batch in batches:\n        loss = tf.reduce_mean(model(batch))\n        sess.run(loss)\n',
         use_instead='import tensorflow as tf\nloss = tf.reduce_mean(model(inputs))\nwith tf.Session() as sess:\n    for batch in batches:\n        sess.run(loss, feed_dict={inputs: batch})\n'),
    Rule("TFC504", "keras-in-graph-mode",
         "Finds `tf.keras` names in a module that runs TF 1.x graphs: one that creates a `Session` or `InteractiveSession`, or uses Keras 2's own session (`tf.keras.backend.get_session`, `set_session`, ...). `tf.keras` code in other modules is left alone.",
         "On TF 2.16+ `tf.keras` is Keras 3, which only runs eagerly or in `tf.function`: models called on placeholders fail or cannot be read back (`get_weights`), and it has no `get_session`. tf-keras is Keras 2 with TF 1.x's graph mode.",
         "Safe: the names become `tfcompat.contrib.keras.*`, tf-keras's TF 1.x API (same layers, variable names and numerics); it needs `pip install 'tfcompat[keras2]'`.",
         Availability.ALWAYS, keras_graph=True),
    Rule("TFC901", "syntax-error",
         "Reports a file that does not parse as Python 3 (often Python 2: `print x`, `except E, e`).",
         "Nothing in it can be checked or migrated until it parses.",
         "`tfcompat-migrate --py2` converts Python 2 sources first.",
         Availability.NEVER, py2_convertible=True,
         example='import tensorflow as tf\nprint tf.__version__\n',
         use_instead='import tensorflow as tf\nprint(tf.__version__)\n'),
    Rule("TFC902", "undecodable-file",
         "Reports a file whose bytes are not valid text in its declared encoding (UTF-8 when none is declared).",
         "Python refuses to import it, and nothing in it can be checked or migrated until it decodes.",
         "No automatic fix: re-save the file as UTF-8, or declare its real encoding in a coding line.",
         Availability.NEVER,
         example='# saved as Latin-1 with no coding line: the byte 0xE9 of "café" is not UTF-8\n'
                 'import tensorflow as tf\nname = "café"\n',
         use_instead='# -*- coding: latin-1 -*-\nimport tensorflow as tf\nname = "café"\n'),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
