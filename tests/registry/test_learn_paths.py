"""contrib.learn's implementation package, which TF 1.x code imported from (``from tensorflow.contrib.learn.python.learn
import learn_runner`` is common in public code), is one spec row: lint reports it, migrate and ``--shim`` rewrite it
to modules tfcompat has."""
from __future__ import annotations

import pytest

from tfcompat_lint.engine import lint_python
from tfcompat_lint.migrate import migrate_python
from tfcompat_lint.verdicts import tfcompat_has

SOURCE = """import tensorflow as tf
from tensorflow.contrib.learn.python.learn import learn_runner
from tensorflow.contrib.learn.python.learn.preprocessing import VocabularyProcessor
import tensorflow.contrib.learn.python.learn as learn
"""


def test_each_import_is_reported() -> None:
    assert [(d.row, d.code) for d in lint_python(SOURCE)] == [(2, "TFC106"), (3, "TFC106"), (4, "TFC106")]


@pytest.mark.parametrize(("line", "module", "names"), [
    ("from tfcompat.contrib.learn import learn_runner", "tfcompat.contrib.learn", ["learn_runner"]),
    ("from tfcompat.contrib.learn.preprocessing import VocabularyProcessor", "tfcompat.contrib.learn.preprocessing",
     ["VocabularyProcessor"]),
    ("import tfcompat.contrib.learn as learn", "tfcompat.contrib.learn", []),
])
def test_migrate_writes_modules_tfcompat_has(line: str, module: str, names: list[str]) -> None:
    migrated = migrate_python(SOURCE, lambda d: d.fix is not None and d.fix.safety == "safe").text
    assert line in migrated.splitlines()
    assert all(tfcompat_has(f"{module}.{name}") for name in names) and tfcompat_has(module)
