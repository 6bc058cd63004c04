"""The migration as a LibCST codemod command, tested the LibCST way (`CodemodTest.assertCodemod`)."""
from __future__ import annotations

from libcst.codemod import CodemodTest

from tfcompat_lint.migrate.libcst_command import MigrateTensorFlow


class TestMigrateTensorFlow(CodemodTest):
    TRANSFORM = MigrateTensorFlow

    def test_notes_snippets(self) -> None:
        before = """
            import tensorflow as tf
            x = tf.split(0, n_step, inputs)
            h = tf.concat(1, [a, b])
            loss = tf.nn.softmax_cross_entropy_with_logits(prediction, truth)
            c = tf.batch_mul(u, v)
        """
        after = """
            import tensorflow as tf
            x = tf.split(axis=0, num_or_size_splits=n_step, value=inputs)
            h = tf.concat(axis=1, values=[a, b])
            loss = tf.nn.softmax_cross_entropy_with_logits(logits=prediction, labels=truth)
            c = tf.matmul(u, v)
        """
        self.assertCodemod(before, after)

    def test_manual_items_become_warnings(self) -> None:
        before = """
            import tensorflow as tf
            y = tf.concat(a, b)
        """
        self.assertCodemod(before, before, expected_warnings=[
            "line 2: TFC205 `concat` argument order is ambiguous: 0.x order is (axis, values, name); "
            "write it with keywords"])

    def test_unchanged_code_is_returned_as_is(self) -> None:
        self.assertCodemod("import os\nprint(os.sep)\n", "import os\nprint(os.sep)\n")
