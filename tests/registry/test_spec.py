"""tfcompat.spec is the one table: the runtime, the linter and --shim read it and agree with it."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tfcompat.spec import modules, renames
from tfcompat_lint.import_table import INTERNAL_TO_PUBLIC, to_public
from tfcompat_lint.migrate._shim import shim_imports
from tfcompat_lint.registry import lookup

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True, cwd=ROOT, timeout=300)


def test_spec_imports_neither_tensorflow_nor_the_linter() -> None:
    _run("""
        import sys
        import tfcompat.spec.modules, tfcompat.spec.renames, tfcompat.spec.wording
        bad = [m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'tfcompat_lint', 'keras')]
        assert not bad, bad
    """)


def test_resolver_maps_each_row_to_its_public_namespace() -> None:
    assert INTERNAL_TO_PUBLIC == modules.internal_to_public()
    for row in modules.MODULES:
        if row.public:
            assert to_public(f"{row.old}.some_function") == f"{row.public}.some_function"


@pytest.mark.parametrize("row", modules.fixed_rows(), ids=lambda row: row.old)
def test_linter_fixes_each_fixed_row_to_its_spelling(row: modules.ModuleRow) -> None:
    entries = [e for e in lookup(row.old) if e.code == "TFC106"]
    assert entries and entries[0].new == modules.spelling(row)


@pytest.mark.parametrize("old,new", sorted(renames.new_names().items()))
def test_linter_renames_each_spec_rename(old: str, new: str) -> None:
    assert any(e.code == "TFC101" and e.new == new for e in lookup(old))


@pytest.mark.parametrize("row", [r for r in modules.MODULES if r.fix], ids=lambda row: row.old)
def test_shim_and_linter_agree_on_each_internal_module(row: modules.ModuleRow) -> None:
    """The shim points an import where the linter's fix does, or leaves it (reported) where tfcompat.v1 has none."""
    path = row.old[len("tf."):]
    migration = shim_imports(f"import tensorflow.{path} as m\n")
    served = modules.served_by(path)
    if served is None:
        assert migration.text == f"import tensorflow.{path} as m\n"
        assert [d.code for d in migration.manual] == ["TFC106"]
        assert f"`tensorflow.{path}`" in migration.manual[0].message
        return
    assert migration.text == f"import tfcompat.v1.{path} as m\n" and not migration.manual
    # The linter's fix writes the module tfcompat.v1 serves here, or its tf.compat.v1 twin.
    assert modules.spelling(row) in (served, served.replace(modules.V1, "tf.compat.v1", 1))


def test_shim_leaves_internal_modules_tfcompat_does_not_serve() -> None:
    source = ("from tensorflow.python.ops import rnn_cell, array_ops\n"
              "from tensorflow.python.framework import ops\n"
              "from tensorflow.python.ops import control_flow_ops, math_ops\n"
              "import tensorflow.contrib.slim as slim\n")
    migration = shim_imports(source)
    assert migration.text == ("from tfcompat.v1.python.ops import rnn_cell, array_ops\n"
                              "from tensorflow.python.framework import ops\n"
                              "from tensorflow.python.ops import control_flow_ops, math_ops\n"
                              "import tfcompat.v1.contrib.slim as slim\n")
    assert [(d.code, d.row) for d in migration.manual] == [("TFC106", 2), ("TFC106", 3)]
    assert "`tensorflow.python.ops.control_flow_ops`" in migration.manual[1].message


def test_runtime_serves_exactly_the_spec() -> None:
    """Every alias and added name of tfcompat.v1 is a spec row, and every such row resolves on TF 2.21."""
    _run("""
        import importlib
        import tfcompat.v1 as tf1
        from tfcompat.spec import modules, renames
        from tfcompat.v1 import _namespaces as ns

        assert ns.MODULE_ALIASES == modules.aliases() and ns.BARE_PACKAGES == modules.bare_packages()
        spec_names = {f"tf.{old[3:]}" for old in renames.new_names()}
        spec_names |= {f"tf.{namespace}.{name}".replace("tf..", "tf.") for namespace, groups in
                       renames.REIMPLEMENTED.items() for _, names in groups for name in names.split()}
        offered = {f"tf.{namespace}.{name}".replace("tf..", "tf.") for namespace, names in ns.OVERRIDES.items()
                   for name in names}
        keras2 = {f"tf.keras.backend.{name}" for name in modules.KERAS2_GRAPH_ONLY}  # tf-keras's, or its error
        assert offered <= spec_names | keras2, sorted(offered - spec_names - keras2)

        for path, target in modules.aliases().items():
            module = importlib.import_module(f"tfcompat.v1.{path}")
            if ns.alias_target(path) is not None:  # else its extra is missing: tf.compat.v1's namespace serves it
                assert module is importlib.import_module(target), path
        for old in spec_names:
            node = tf1
            for part in old.split(".")[1:]:
                node = getattr(node, part)
            assert callable(node) or isinstance(node, str), old

        # A row served by a generated shim ("s") calls exactly the TF 2 object its new spelling names.
        import tensorflow as tf
        import tfcompat.ops
        for old, new, _, flags in renames.RENAMES:
            if "s" in flags:
                target = tf
                for part in new.split(".")[1:]:
                    target = getattr(target, part)
                assert getattr(tfcompat.ops, old.rpartition(".")[2]).__wrapped__ is target, old
    """)
