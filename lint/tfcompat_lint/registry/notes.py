"""Entries for the classic TF 0.x/1.x traps (one program each in fixtures/notes/) that no TensorFlow table has."""
from __future__ import annotations

from ._schema import Change, Example, Kind

# Still spelled the same in TF 2, but the TF 2 classes take no `dtype` and call differently; the compat.v1
# classes are the TF 1.x ones.
_V1_INITIALIZERS = ("constant_initializer", "random_normal_initializer", "random_uniform_initializer",
                    "ones_initializer", "zeros_initializer")

_SAMPLED_LOSS_ORDER = ("weights", "biases", "inputs", "labels", "num_sampled", "num_classes")

CHANGES: tuple[Change, ...] = (
    Change("tf.batch_mul", "TFC101", "`tf.batch_mul` (never a TensorFlow name: a misspelling of TF 0.x's "
           "`tf.batch_matmul`) is `tf.matmul`, which batches over leading dimensions", Kind.RENAMED, new="tf.matmul", in_compat_v1=True, since="1.0",
           examples=(Example("import tensorflow as tf\nc = tf.batch_mul(a, b)\n",
                             "import tensorflow as tf\nc = tf.matmul(a, b)\n"),)),
    Change("tf.nest.is_sequence", "TFC403", "`nest.is_sequence` was renamed `nest.is_nested`", Kind.RENAMED,
           new="tf.nest.is_nested", in_compat_v1=True, since="2.0",
           examples=(Example("import tensorflow as tf\nok = tf.nest.is_sequence(s)\n",
                             "import tensorflow as tf\nok = tf.nest.is_nested(s)\n"),
                     Example("import tensorflow as tf\nok = tf.nest.is_nested(s)\n", valid=True))),
    Change("tf.squeeze", "TFC303", "`squeeze` without `axis`: the result's rank depends on which sizes are 1, and "
           "unknown dimensions lose the static shape; name the axes", Kind.PATTERN, special="squeeze_axis",
           in_compat_v1=True, examples=(Example("import tensorflow as tf\ny = tf.squeeze(x)\n"),
                                        Example("import tensorflow as tf\ny = tf.squeeze(x, axis=[1])\n",
                                                valid=True))),

    *(Change(f"tf.nn.{name}", "TFC201", f"`tf.nn.{name}` took (weights, biases, inputs, labels, ...) positionally "
             "before TF 1.0, which swapped inputs and labels: pass keywords", Kind.ARGUMENTS,
             positional=_SAMPLED_LOSS_ORDER, in_compat_v1=True, since="1.0",
             examples=(Example(f"import tensorflow as tf\nloss = tf.nn.{name}(w, b, embed, train_labels, 8, 100)\n",
                               f"import tensorflow as tf\nloss = tf.compat.v1.nn.{name}(weights=w, biases=b, inputs=embed, "
                               "labels=train_labels, num_sampled=8, num_classes=100)\n"),
                       Example(f"import tensorflow as tf\nloss = tf.nn.{name}(w, b, train_labels, embed, 8, 100)\n",
                               valid=True)))
      for name in ("nce_loss", "sampled_softmax_loss")),

    *(Change(f"tf.{name}", "TFC304", f"TF 2's `tf.{name}` is a different class (no `dtype=`, another call "
             f"signature); `tf.compat.v1.{name}` is TF 1.x's", Kind.MEANING, new=f"tf.compat.v1.{name}",
             since="2.0", examples=(Example(f"import tensorflow as tf\ninit = tf.{name}(dtype=tf.float32)\n",
                                            f"import tensorflow as tf\ninit = tf.compat.v1.{name}(dtype=tf.float32)\n"),))
      for name in _V1_INITIALIZERS),
    Change("tf.Variable", "TFC304", "TF 2's `tf.Variable` always makes a resource variable, even under v1 behaviour; "
           "`tf.compat.v1.Variable` is TF 1.x's (what `import_meta_graph` collections and `Saver` expect)",
           Kind.MEANING, new="tf.compat.v1.Variable", since="2.0",
           examples=(Example("import tensorflow as tf\nw = tf.Variable(tf.zeros([2]), name='w')\n",
                             "import tensorflow as tf\nw = tf.compat.v1.Variable(tf.zeros([2]), name='w')\n"),)),
)
