"""What lint and migrate say and write for the contrib modules served through extras and the small modules."""
from __future__ import annotations

import pytest

from tfcompat_lint.engine import lint_python
from tfcompat_lint.migrate import migrate_python

HEAD = "import tensorflow as tf\n"


@pytest.mark.parametrize(("line", "fixed"), [
    ("d = tf.contrib.distributions.Normal(mu=0.0, sigma=1.0)",
     "d = tfcompat.contrib.distributions.Normal(loc=0.0, scale=1.0)"),
    ("b = tf.contrib.distributions.Bernoulli(p=0.3)", "b = tfcompat.contrib.distributions.Bernoulli(probs=0.3)"),
    ("e = tf.contrib.distributions.bijectors.Exp()", "e = tfcompat.contrib.distributions.bijectors.Exp()"),
    ("a = tf.contrib.metrics.streaming_auc(p, l)", "a = tfcompat.contrib.metrics.streaming_auc(p, l)"),
    ("a = tf.contrib.slim.metrics.streaming_mean(x)", "a = tfcompat.contrib.metrics.streaming_mean(x)"),
    ("n = tf.contrib.slim.nets.vgg", "n = tfcompat.contrib.slim.nets.vgg"),
    ("t = tf.contrib.slim.learning.train", "t = tfcompat.contrib.slim.learning.train"),
    ("w = tf.contrib.summary.always_record_summaries()", "w = tfcompat.contrib.summary.always_record_summaries()"),
    ("f = tf.contrib.data.sliding_window_batch(3)", "f = tfcompat.contrib.data.sliding_window_batch(3)"),
    ("f = tf.contrib.data.map_and_batch(g, 3)", "f = tf.data.experimental.map_and_batch(g, 3)"),
    ("g = tf.contrib.eager.implicit_gradients(h)", "g = tfcompat.contrib.eager.implicit_gradients(h)"),
    ("y = tf.contrib.layers.group_norm(x)", "y = tfcompat.contrib.layers.group_norm(x)"),
    ("b = tf.contrib.training.bucket_by_sequence_length(n, [x], 2, [3])",
     "b = tfcompat.contrib.training.bucket_by_sequence_length(n, [x], 2, [3])"),
    ("k = tf.contrib.keras.layers", "k = tfcompat.contrib.keras.layers"),
])
def test_migrate_writes_the_tfcompat_spelling(line: str, fixed: str) -> None:
    assert migrate_python(HEAD + line + "\n", lambda d: d.fix is not None).text.splitlines()[-1] == fixed


@pytest.mark.parametrize(("line", "extra"), [
    ("d = tf.contrib.distributions.Normal(0.0, 1.0)", "probability"),
    ("k = tf.contrib.keras.layers.Dense(3)", "keras2"),
])
def test_lint_names_the_extra(line: str, extra: str) -> None:
    messages = [d.message for d in lint_python(HEAD + line + "\n")]
    assert any(f"pip install 'tfcompat[{extra}]'" in m for m in messages), messages
