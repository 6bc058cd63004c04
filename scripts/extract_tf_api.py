"""Extract TensorFlow's public API names from official wheels, statically.

Usage::

    python scripts/extract_tf_api.py WHEEL... [--out lint/tfcompat_lint/data/tf_api]

with the wheels of ``tensorflow-cpu==1.15.0``, ``tensorflow-estimator==1.15.1``
and ``tensorflow==0.12.1`` (``pip download --no-deps --only-binary=:all: ...``).
The wheels are read as zip archives and their Python files parsed with ``ast``:
nothing is imported or copied, only names are written.

Output: one file per release and module family (``tf-1.15.txt``,
``tf-1.15-keras.txt``, ``tf-1.15-estimator.txt``, ``tf-1.15-contrib.txt``,
``tf-0.12.txt``, ``tf-0.12-contrib.txt``): a ``#`` header naming the wheel
and this command, then one dotted name per line, sorted; a module's name ends
with ``/`` (``tf.nn/``).  The same wheels always give byte-identical files.

How a module's public names are found (the first rule that applies):

1. ``__all__`` assigned a literal list of strings (with ``+=``/``extend``);
2. ``remove_undocumented(__name__, allowed, doc_string_modules)``: the names
   bound in the module that an ``@@name`` docstring line (of the module or of
   the listed modules) or the allowed list (a literal, or a variable built from
   literals) keeps -- exactly what the call leaves at run time;
3. ``__all__ = make_all(__name__, docs)``: the bound names its ``@@`` lines
   name, plus literals later added to ``__all__`` (when there are none at all,
   as in slim, rule 4: ``make_all`` sets ``__all__`` but hides nothing);
4. otherwise every name the module binds at top level that does not start
   with ``_``: definitions, assignments and imports from TensorFlow (imports
   of other packages, ``__future__`` and ``del``-ed names are left out).  A
   module imported by a hand-written module counts only if it is below the
   importer's own package, or a contrib package that a contrib package
   imports (slim's ``from tensorflow.contrib import losses``); so
   ``tf.contrib.foo.array_ops`` is not listed.

``from m import *`` binds ``m``'s public names by the same rules, rule 4
keeping only the modules below ``m``'s own package.  Names of packages outside the
wheel (``absl.flags`` behind ``tf.flags``) cannot be listed; such a module
lists only the names it defines itself.

TF 1.15: the tree starts at the generated root ``tensorflow_core/__init__.py``
and follows the generated ``_api/v1`` packages, the v1 Keras API
(``python/keras/api/_v1``), the estimator wheel's ``api/_v1/estimator`` (hooked
in by the root), ``tf.contrib`` (a lazy loader in the root) and
``tf.flags``/``tf.app.flags``.  ``tf.compat.v1`` (a mirror of ``tf.*``) and
``tf.compat.v2`` (the 2.0 API) are listed as modules without their contents.

TF 0.12 has no generated API: ``tensorflow/__init__.py`` star-imports
``tensorflow.python``, whose ``remove_undocumented`` keeps the ``@@`` names of
the ops modules' docstrings plus its ``_allowed_symbols``; submodules
(``tf.nn``, ``tf.train``, ``tf.contrib.*``) are read by the same rules.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

_DOC_NAME = re.compile(r"^@@(\w+)$", re.MULTILINE)  # all_util.make_all's pattern
_MAX_DEPTH = 10
_SELF = "sys.modules[__name__]"
# (family file, dotted prefix) in match order; the first prefix that fits wins.
_FAMILIES_115 = (("tf-1.15-keras", "tf.keras"), ("tf-1.15-estimator", "tf.estimator"),
                 ("tf-1.15-contrib", "tf.contrib"), ("tf-1.15", "tf"))
_FAMILIES_012 = (("tf-0.12-contrib", "tf.contrib"), ("tf-0.12", "tf"))
# Listed as modules without their contents (see the docstring); pywrap_tensorflow
# is the SWIG binding that both roots import, not an API.
_NOT_EXPANDED = frozenset({"tf.compat.v1", "tf.compat.v2", "tf.pywrap_tensorflow"})
# Generated API packages: everything their files import is public.
_GENERATED = ("tensorflow._api.", "tensorflow.python.keras.api.", "tensorflow_estimator.python.estimator.api.")


@dataclass
class Module:
    """What one parsed module binds and which rule gives its public names."""

    name: str
    tree: ast.Module
    bindings: dict[str, str | None] = field(default_factory=dict)  # name -> module path or None
    stars: list[str] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)  # static list variables
    removed: set[str] = field(default_factory=set)
    remove_call: ast.Call | None = None
    make_all_docs: list[str] | None = None  # ``__all__ = make_all(__name__, docs)``
    all_extra: list[str] = field(default_factory=list)  # literals added to that ``__all__``


class Wheels:
    """The Python sources of some wheels, keyed by dotted module name."""

    def __init__(self, paths: list[Path]) -> None:
        self.sources: dict[str, tuple[str, str]] = {}  # module -> (archive member, wheel)
        self.packages: set[str] = set()
        self._cache: dict[str, Module | None] = {}
        self._archives = {str(path): zipfile.ZipFile(path) for path in paths}
        for path, archive in self._archives.items():
            for member in sorted(archive.namelist()):
                self._index(member, path)

    def _index(self, member: str, wheel: str) -> None:
        if not member.endswith(".py"):
            return
        parts = member[:-3].split("/")
        if ".data" in parts[0]:  # <name>.data/purelib/<package>/...
            parts = parts[2:]
        if parts[0] == "tensorflow_core":
            parts[0] = "tensorflow"  # 1.15 ships tensorflow as a forwarder to tensorflow_core
        elif parts[0] == "tensorflow" and member.startswith("tensorflow/"):
            return  # the 1.15 forwarder itself
        if parts[-1] == "__init__":
            parts = parts[:-1]
            self.packages.add(".".join(parts))
        self.sources.setdefault(".".join(parts), (member, wheel))

    def is_module(self, name: str) -> bool:
        return name in self.sources

    def module_of(self, source: str, name: str) -> str | None:
        """The module ``from source import name`` binds, or None for another object."""
        if self.is_module(f"{source}.{name}"):
            return f"{source}.{name}"
        parsed = self.parse(source)  # a package re-exporting a module it imported
        return parsed.bindings.get(name) if parsed else None

    def parse(self, name: str) -> Module | None:
        if name not in self._cache:
            self._cache[name] = None  # an import cycle reads the module as unknown
            self._cache[name] = self._parse(name)
        return self._cache[name]

    def _parse(self, name: str) -> Module | None:
        if name not in self.sources:
            return None
        member, wheel = self.sources[name]
        text = self._archives[wheel].read(member).decode("utf-8", "replace")
        try:
            with warnings.catch_warnings():  # old sources' invalid escapes are not ours to report
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
        except SyntaxError:  # 0.12 ships Python-2-only files
            return None
        module = Module(name, tree)
        _Binder(self, module).bind(tree.body)
        return module

    def resolve(self, module: Module, level: int, source: str | None) -> str:
        """The absolute name of a ``from`` import's module."""
        if not level:
            return source or ""
        package = module.name if module.name in self.packages else module.name.rpartition(".")[0]
        for _ in range(level - 1):
            package = package.rpartition(".")[0]
        return f"{package}.{source}" if source else package


def _is_tf(name: str) -> bool:
    return name.split(".")[0] in ("tensorflow", "tensorflow_estimator")


class _Binder:
    """Records a module's top-level bindings, following ``if``/``try`` bodies."""

    def __init__(self, wheels: Wheels, module: Module) -> None:
        self.wheels, self.module = wheels, module

    def bind(self, body: list[ast.stmt]) -> None:
        for node in body:
            self._statement(node)

    def _statement(self, node: ast.stmt) -> None:
        m = self.module
        if isinstance(node, (ast.If, ast.Try, ast.With)):
            self.bind(node.body)
            for handler in getattr(node, "handlers", ()):
                self.bind(handler.body)
            self.bind(getattr(node, "orelse", []))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            m.bindings[node.name] = None
        elif isinstance(node, ast.ImportFrom):
            self._import_from(node)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and _is_tf(alias.name):
                    m.bindings[alias.asname] = alias.name
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            self._assign(node)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self._call(node.value)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    m.bindings.pop(target.id, None)
                    m.removed.add(target.id)

    def _import_from(self, node: ast.ImportFrom) -> None:
        source = self.wheels.resolve(self.module, node.level, node.module)
        if source == "__future__" or not _is_tf(source):
            return
        for alias in node.names:
            if alias.name == "*":
                self.module.stars.append(source)
                continue
            self.module.bindings[alias.asname or alias.name] = self.wheels.module_of(source, alias.name)

    def _assign(self, node: ast.Assign | ast.AugAssign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = _literal_list(node.value, self.module.lists) if node.value is not None else None
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if isinstance(node, ast.AugAssign):
                self._extend(target.id, value)
                continue
            self.module.bindings[target.id] = _lazy_module(node.value)
            if value is not None:
                self.module.lists[target.id] = value
            elif target.id == "__all__" and _is_call_to(node.value, "make_all"):
                self.module.make_all_docs = _doc_modules(node.value, 1)
            else:
                self.module.lists.pop(target.id, None)

    def _call(self, call: ast.Call) -> None:
        func = call.func
        if (isinstance(func, ast.Attribute) and func.attr in ("extend", "append")
                and isinstance(func.value, ast.Name) and call.args):
            arg = call.args[0] if func.attr == "extend" else ast.List(elts=[call.args[0]], ctx=ast.Load())
            self._extend(func.value.id, _literal_list(arg, self.module.lists))
        elif _is_call_to(call, "remove_undocumented"):
            first = call.args[0] if call.args else _keyword(call, "module_name")
            if isinstance(first, ast.Name) and first.id == "__name__":
                self.module.remove_call = call


    def _extend(self, name: str, added: list[str] | None) -> None:
        if added is None:
            return
        if name in self.module.lists:
            self.module.lists[name] = self.module.lists[name] + added
        elif name == "__all__" and self.module.make_all_docs is not None:
            self.module.all_extra += added


def _is_call_to(node: ast.AST | None, name: str) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == name) or (isinstance(func, ast.Attribute) and func.attr == name)


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    return call.args[index] if len(call.args) > index else _keyword(call, name)


def _doc_modules(call: ast.Call, index: int) -> list[str]:
    """The names in a ``doc_string_modules`` list argument (``[]`` if absent)."""
    arg = _argument(call, index, "doc_string_modules")
    if not isinstance(arg, (ast.List, ast.Tuple)):
        return []
    # ``sys.modules[__name__]`` is the module itself.
    return [e.id if isinstance(e, ast.Name) else _SELF for e in arg.elts if isinstance(e, (ast.Name, ast.Subscript))]


def _literal_list(node: ast.expr | None, lists: dict[str, list[str]]) -> list[str] | None:
    """A list of strings built from literals, known lists and ``+``; else None."""
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return items if len(items) == len(node.elts) else None
    if isinstance(node, ast.Name) and node.id in lists:
        return list(lists[node.id])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_list(node.left, lists), _literal_list(node.right, lists)
        return left + right if left is not None and right is not None else None
    return None


def _lazy_module(node: ast.expr | None) -> str | None:
    """``LazyLoader("x", globals(), "tensorflow.contrib.x")`` binds a module."""
    if _is_call_to(node, "LazyLoader") and len(node.args) >= 3:
        target = node.args[2]
        if isinstance(target, ast.Constant) and isinstance(target.value, str):
            return target.value
    return None


class Extractor:
    """Walks a release's module tree and collects dotted public names."""

    def __init__(self, wheels: Wheels) -> None:
        self.wheels = wheels
        self.names: dict[str, bool] = {}  # dotted name -> is a module
        self.rules: dict[str, str] = {}  # module dotted name -> rule used

    def walk(self, dotted: str, module: str, stack: tuple[str, ...] = ()) -> None:
        self.names[dotted] = True
        if dotted in _NOT_EXPANDED or module in stack or len(stack) > _MAX_DEPTH:
            return
        parsed = self.wheels.parse(module)
        if parsed is None:
            self.rules[dotted] = "unreadable"
            return
        rule, public = self.public(parsed)
        self.rules[dotted] = rule
        for name, target in sorted(public.items()):
            child = f"{dotted}.{name}"
            if target is None:
                self.names.setdefault(child, False)
            else:
                self.walk(child, target, (*stack, module))

    def public(self, module: Module) -> tuple[str, dict[str, str | None]]:
        """The rule that applies and the public names (-> module path or None)."""
        bound = self.bound(module)
        if "__all__" in module.lists:
            return "__all__", {n: bound.get(n) for n in module.lists["__all__"]}
        if module.remove_call is not None:
            call = module.remove_call
            allowed = _literal_list(_argument(call, 1, "allowed_exception_list"), module.lists) or []
            docs = _doc_modules(call, 2) or None
            keep = self.documented(module, bound, docs) | set(allowed)
            return "remove_undocumented", {n: t for n, t in bound.items() if n in keep and not n.startswith("_")}
        if module.make_all_docs is not None:
            keep = self.documented(module, bound, module.make_all_docs or None) | set(module.all_extra)
            if keep:  # slim's make_all finds no @@ lines: its names are all it binds
                return "make_all", {n: t for n, t in bound.items() if n in keep}
        generated = module.name.startswith(_GENERATED) or module.name == "tensorflow"
        return "public top-level names", {
            n: t for n, t in bound.items()
            if not n.startswith("_") and (t is None or generated or self._own_module(module.name, t))
        }

    def bound(self, module: Module, stack: tuple[str, ...] = ()) -> dict[str, str | None]:
        """Every name the module binds, star imports expanded."""
        names: dict[str, str | None] = {}
        for source in module.stars:
            names.update(self.star(source, (*stack, module.name)))
        names.update(module.bindings)
        for gone in module.removed:
            names.pop(gone, None)
        return names

    def star(self, source: str, stack: tuple[str, ...]) -> dict[str, str | None]:
        """What ``from source import *`` binds."""
        parsed = self.wheels.parse(source)
        if parsed is None or source in stack:
            return {}
        bound = self.bound(parsed, stack)
        if "__all__" in parsed.lists:
            return {n: bound.get(n) for n in parsed.lists["__all__"]}
        rule, public = self.public(parsed)
        if rule != "public top-level names":
            return public
        package = source if source in self.wheels.packages else source.rpartition(".")[0]
        return {n: t for n, t in bound.items()
                if not n.startswith("_") and (t is None or t.startswith(package + "."))}

    def _own_module(self, importer: str, module: str) -> bool:
        """A module below the importer's package, or a contrib package a contrib package imports."""
        contrib_package = module.startswith("tensorflow.contrib.") and module.count(".") == 2
        return module.startswith(importer + ".") or (contrib_package and importer in self.wheels.packages
                                                       and importer.startswith("tensorflow.contrib."))

    def documented(self, module: Module, bound: dict[str, str | None], docs: list[str] | None) -> set[str]:
        """``@@name`` lines of the module's docstring, or of the named modules'."""
        sources = [module] if docs is None else [
            module if d == _SELF else self.wheels.parse(bound[d]) for d in docs if d == _SELF or bound.get(d)]
        names: set[str] = set()
        for parsed in sources:
            text = ast.get_docstring(parsed.tree, clean=False) if parsed else None
            names.update(_DOC_NAME.findall(text or ""))
        return names


def _version(wheel: Path) -> str:
    return wheel.name.split("-")[1]


def _write(out: Path, family: str, header: str, names: list[str]) -> None:
    text = "".join(f"{line}\n" for line in [header, *names])
    (out / f"{family}.txt").write_text(text, encoding="utf-8")


def _split(names: dict[str, bool], families: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    split: dict[str, list[str]] = {family: [] for family, _ in families}
    for name, is_module in names.items():
        family = next(f for f, prefix in families if name == prefix or name.startswith(prefix + "."))
        if name != "tf":
            split[family].append(name + "/" if is_module else name)
    return {family: sorted(lines) for family, lines in split.items()}


def extract_115(tf_wheel: Path, estimator_wheel: Path) -> tuple[dict[str, bool], dict[str, str]]:
    extractor = Extractor(Wheels([tf_wheel, estimator_wheel]))
    extractor.walk("tf", "tensorflow")  # also reads the root's hooks: estimator, keras, contrib, flags
    # The root's `_current_module.app.flags = flags`.
    extractor.walk("tf.app.flags", "tensorflow.python.platform.flags")
    return extractor.names, extractor.rules


def extract_012(tf_wheel: Path) -> tuple[dict[str, bool], dict[str, str]]:
    extractor = Extractor(Wheels([tf_wheel]))
    extractor.walk("tf", "tensorflow.python")  # tensorflow/__init__.py: from tensorflow.python import *
    extractor.walk("tf.contrib", "tensorflow.contrib")  # a lazy loader in tensorflow/__init__.py
    return extractor.names, extractor.rules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheels", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1]
                        / "lint" / "tfcompat_lint" / "data" / "tf_api")
    args = parser.parse_args(argv)
    by_project = {w.name.split("-")[0]: w for w in args.wheels}
    tf_wheels = [w for w in args.wheels if w.name.split("-")[0] in ("tensorflow", "tensorflow_cpu")]
    if any(_version(w).startswith("1.15") for w in tf_wheels) and "tensorflow_estimator" not in by_project:
        print("extract_tf_api: TF 1.15 needs the tensorflow-estimator 1.15 wheel too; add it", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for wheel in tf_wheels:
        if _version(wheel).startswith("1.15"):
            names, rules = extract_115(wheel, by_project["tensorflow_estimator"])
            families, source = _FAMILIES_115, f"{wheel.name} + {by_project['tensorflow_estimator'].name}"
        elif _version(wheel).startswith("0.12"):
            (names, rules), families, source = extract_012(wheel), _FAMILIES_012, wheel.name
        else:
            print(f"extract_tf_api: {wheel.name}: only TF 1.15 and 0.12 wheels are read", file=sys.stderr)
            return 2
        for family, lines in _split(names, families).items():
            header = (f"# {family}: public names of {source}; a module ends with '/'. "
                      f"Generated by scripts/extract_tf_api.py WHEEL... (see its docstring).")
            _write(args.out, family, header, lines)
        rule_lines = sorted(f"{name}\t{rule}" for name, rule in rules.items())
        _write(args.out, f"{families[-1][0]}.rules",
               f"# Rule that gave each module's names (see scripts/extract_tf_api.py), from {source}.", rule_lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
