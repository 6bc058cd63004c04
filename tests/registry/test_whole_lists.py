"""TensorFlow's own 0.12 / 1.15 API lists, whole, against the linter and the codemod (no network, no TensorFlow).

For every name of every list that TF 2.21 lacks, one generated module per family and form references it on its own
line; the linter must report each of those lines. Migrating the modules must write only spellings that resolve on
TF 2.21 (its API snapshot) or in tfcompat (read statically from tfcompat's source).
"""
from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest

from tfcompat.spec.served import TFCOMPAT_MODULES, exported
from tfcompat_lint import api_snapshot
from tfcompat_lint.engine import lint_python
from tfcompat_lint.import_table import collect_imports
from tfcompat_lint.migrate import migrate_python
from tfcompat_lint.verdicts import resolves

ROOT = Path(__file__).resolve().parents[2]
LISTS = ROOT / "lint" / "tfcompat_lint" / "data" / "tf_api"
FAMILIES = ("tf-0.12", "tf-0.12-contrib", "tf-1.15", "tf-1.15-contrib", "tf-1.15-estimator", "tf-1.15-keras")
HEAD = "import tensorflow as tf\n"


@cache
def _names(family: str) -> tuple[tuple[str, bool], ...]:
    """(name, is a module) for every name of a list."""
    lines = (LISTS / f"{family}.txt").read_text(encoding="utf-8").splitlines()[1:]
    return tuple((line.rstrip("/"), line.endswith("/")) for line in lines)


def _gone(family: str) -> list[tuple[str, bool]]:
    return [(name, module) for name, module in _names(family) if not api_snapshot.exists(name)]


def _rest(name: str) -> str:
    return name[len("tf."):]


# Each form: (applies to modules, applies to other names) and the line(s) for one name (i: its index).
def _attribute(name: str, i: int) -> str:
    return f"x{i} = tf.{_rest(name)}"


def _call(name: str, i: int) -> str:
    return f"tf.{_rest(name)}()"


def _below(name: str, i: int) -> str:
    return f"x{i} = tf.{_rest(name)}.anything_below.attr"


def _alias(name: str, i: int) -> str:
    return f"x{i} = tfx.{_rest(name)}"


def _from_import(name: str, i: int) -> str:
    parent, _, leaf = name.rpartition(".")
    return f"from tensorflow{parent[len('tf'):]} import {leaf} as n{i}"


def _module_import(name: str, i: int) -> str:
    return f"import tensorflow.{_rest(name)}"


def _module_import_as(name: str, i: int) -> str:
    return f"import tensorflow.{_rest(name)} as m{i}"


FORMS: dict[str, tuple[bool, bool, str, Callable[[str, int], str]]] = {
    "attribute": (True, True, HEAD, _attribute),
    "call": (False, True, HEAD, _call),
    "below": (True, False, HEAD, _below),
    "alias": (True, True, "import tensorflow as tfx\n", _alias),
    "from-import": (True, True, "", _from_import),
    "module-import": (True, False, "", _module_import),
    "module-import-as": (True, False, "", _module_import_as),
}


def _module_for(family: str, form: str) -> tuple[str, list[str]]:
    """The generated module of one family and form, and the name on each of its lines after the header."""
    modules_too, others_too, head, line = FORMS[form]
    names = [name for name, module in _gone(family) if (modules_too if module else others_too)]
    return head + "".join(line(name, i) + "\n" for i, name in enumerate(names)), names


CASES = [(family, form) for family in FAMILIES for form in FORMS]


@pytest.mark.parametrize(("family", "form"), CASES, ids=[f"{f}-{form}" for f, form in CASES])
def test_every_gone_name_is_reported_in_every_form(family: str, form: str) -> None:
    text, names = _module_for(family, form)
    first = len(FORMS[form][2].splitlines()) + 1
    reported = {d.row for d in lint_python(text)}
    silent = [name for row, name in enumerate(names, first) if row not in reported]
    assert silent == [], f"{len(silent)} of {len(names)} names silent, e.g. {silent[:5]}"


@pytest.mark.parametrize("family", FAMILIES)
def test_no_native_name_is_reported_unknown(family: str) -> None:
    native = [name for name, _ in _names(family) if api_snapshot.exists(name)]
    text = HEAD + "".join(f"x{i} = tf.{_rest(name)}\n" for i, name in enumerate(native))
    unknown = [d.message for d in lint_python(text) if d.code == "TFC107"]
    assert unknown == []


@cache
def _module_file(parts: tuple[str, ...]) -> Path | None:
    """tfcompat's source file of a dotted module path (`("tfcompat", "contrib", "layers")`), if any."""
    path = ROOT.joinpath(*parts)
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return path.with_suffix(".py") if path.with_suffix(".py").is_file() else None


def _listed_all(source: Path, value: ast.expr) -> list[str]:
    """The names an ``__all__`` assignment lists: a literal, or ``exported(__name__)``'s table in the spec."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "exported":
        parts = source.relative_to(ROOT).with_suffix("").parts
        return exported(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return ast.literal_eval(value) if isinstance(value, ast.List) else []


@cache
def _defined(source: Path) -> tuple[frozenset[str], bool]:
    """The names a module defines at top level (`__all__` included), and whether it has a module `__getattr__`."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
                if isinstance(target, ast.Name) and target.id == "__all__":
                    names.update(_listed_all(source, node.value))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return frozenset(names), "__getattr__" in names


def tfcompat_exists(name: str) -> bool:
    """True if tfcompat's source has `name`: a module, a name it defines, or one it forwards to TF 2.21."""
    parts = tuple(name.split("."))
    depth = 1
    while depth < len(parts) and _module_file(parts[: depth + 1]) is not None:
        depth += 1
    source = _module_file(parts[:depth])
    if source is None:
        return False
    if depth == len(parts):
        return True
    defined, forwards = _defined(source)
    module = ".".join(parts[:depth])
    listed = TFCOMPAT_MODULES.get(module)
    if parts[depth] in defined:
        return True  # anything below is an attribute of what the module defines
    return forwards and listed is not None and listed[0] is not None and resolves(f"{listed[0]}.{parts[depth]}")


def _references(text: str) -> Iterator[str]:
    """Every TF or tfcompat name a module's code references or imports, resolved through its imports."""
    tree = ast.parse(text)
    table = collect_imports(tree)
    yield from (binding.target for binding in table.imports)
    yield from table.tfcompat_aliases.values()
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            inner.add(id(node.value))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Name)) and id(node) not in inner:
            qualified = table.resolve(node)
            if qualified is not None:
                yield qualified


def _unresolved(written: set[str]) -> list[str]:
    return sorted(n for n in written if not (resolves(n) if n.startswith("tf.") else tfcompat_exists(n)) and n != "tf")


@pytest.mark.parametrize("family", FAMILIES)
def test_every_spelling_the_codemod_writes_resolves(family: str) -> None:
    bad: set[str] = set()
    for form in FORMS:
        text, _ = _module_for(family, form)
        migrated = migrate_python(text, lambda d: d.fix is not None).text
        bad.update(_unresolved(set(_references(migrated)) - set(_references(text))))
    assert sorted(bad) == []


def test_tfcompat_check_tells_present_from_absent() -> None:
    assert tfcompat_exists("tfcompat.contrib.layers.fully_connected")
    assert tfcompat_exists("tfcompat.nest.flatten")  # forwarded to tf.nest
    assert tfcompat_exists("tfcompat.rnn_cell.LSTMCell.zero_state")
    assert not tfcompat_exists("tfcompat.contrib.legacy_seq2seq.linear")
    assert not tfcompat_exists("tfcompat.nest.no_such_name")


@pytest.mark.parametrize("module", sorted(TFCOMPAT_MODULES))
def test_listed_tfcompat_modules_have_their_names(module: str) -> None:
    forward, names = TFCOMPAT_MODULES[module]
    source = _module_file(tuple(module.split(".")))
    assert source is not None
    assert [n for n in names if not tfcompat_exists(f"{module}.{n}")] == []
    if forward is not None:
        assert _defined(source)[1]  # a forwarding module has a module __getattr__


BOGUS = ("tfcompat_bogus_name", "NoSuchThing.attr", "bogus_name()")


def test_lint_is_never_silent_on_a_name_tf2_lacks() -> None:
    """Made-up names under every module TF 2.21 has, plain and through an alias."""
    lines = [f"x = {alias}.{module[len('tf.'):]}.{bogus}" for module in sorted(api_snapshot.modules()) if module != "tf"
             for bogus in BOGUS for alias in ("tf", "tfx")]
    lines += [f"x = {alias}.{bogus}" for bogus in BOGUS for alias in ("tf", "tfx")]
    text = "import tensorflow as tf\nimport tensorflow as tfx\n" + "".join(line + "\n" for line in lines)
    reported = {d.row for d in lint_python(text)}
    assert [line for row, line in enumerate(lines, 3) if row not in reported] == []


def test_every_row_replacement_resolves() -> None:
    """What a row writes exists: on TF 2.21 (its snapshot) or in tfcompat's source."""
    from tfcompat_lint.registry import all_changes

    news = {change.new for change in all_changes() if change.new}
    assert _unresolved(news) == []
