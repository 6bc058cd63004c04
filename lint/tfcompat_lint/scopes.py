"""Where an imported TensorFlow name is really TensorFlow: the bindings that shadow it.

A parameter or local assignment shadows the import within its function (Python makes a name
local to the whole function); a comprehension target within the comprehension; a module- or
class-level rebinding for the statements after it (branches are merged conservatively: a name
rebound in any branch stays rebound, unless a branch re-imports it from TensorFlow).
"""
from __future__ import annotations

import ast
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable

from .import_table import ImportTable

TF_ROOTS = ("tensorflow", "tfcompat")

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_SCOPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp})
_BRANCHES = ("body", "orelse", "finalbody")

# The fields worth descending into, per node class (`ctx` and literal values hold no names).
_FIELDS: dict[type, tuple[str, ...]] = {}


def _push_children(node: ast.AST, stack: list[ast.AST]) -> None:
    """`stack.extend(ast.iter_child_nodes(node))`, without its generator and context nodes (the hot loop)."""
    fields = _FIELDS.get(node.__class__)
    if fields is None:
        fields = _FIELDS[node.__class__] = () if node.__class__ is ast.Constant else tuple(
            f for f in node._fields if f != "ctx")
    for field in fields:
        value = getattr(node, field, None)
        if value.__class__ is list:
            stack.extend(v for v in value if isinstance(v, ast.AST))
        elif isinstance(value, ast.AST):
            stack.append(value)


IsTfImport = Callable[[ast.Import | ast.ImportFrom, ast.alias], bool]


def _import_local(stmt: ast.Import | ast.ImportFrom, alias: ast.alias) -> str:
    if isinstance(stmt, ast.Import) and not alias.asname:
        return alias.name.split(".")[0]
    return alias.asname or alias.name


# Words after which a name is bound: `for n in`, `as n`, `global n`, `del n`, `import n`, `lambda n`.
_BINDING_WORDS = frozenset({"as", "for", "global", "nonlocal", "del", "import", "lambda"})
_WORD_BEFORE = re.compile(r"(\w+)[ \t]*$")


def _may_bind(text: str, start: int, end: int) -> bool:
    """Could the name at text[start:end] be a binding? (A superset: `f(tf)` says yes too.)"""
    rest = text[end:end + 12].lstrip(" \t")
    if rest[:1] in (",", ")", "]", ":", ";", "\n", "\r", "") or rest[:1] == "=" and rest[1:2] != "=":
        return True  # a parameter, target or keyword; the end of a statement (`global n`, `import x as n`)
    if rest[:2] == "in" and not rest[2:3].isidentifier():
        return True  # `for a, n in`
    word = _WORD_BEFORE.search(text, max(0, start - 12), start)
    return word is not None and word.group(1) in _BINDING_WORDS


def may_be_rebound(lines: list[str], names: Iterable[str], import_rows: set[int]) -> bool:
    """Cheap pre-check on the text: could anything but the TF imports bind one of `names`?

    Only then is the scope analysis worth running (strings and comments may say yes; that only costs time)."""
    alternatives = "|".join(map(re.escape, sorted(names)))
    if not alternatives:
        return False
    text = "".join(lines)
    # No `\b` in front of the patterns: it makes the scans several times slower.
    if re.search(rf"(?:def|class)[ \t]+(?:{alternatives})(?!\w)", text):
        return True  # `obj_def tf` is not Python, so no need to check the character before
    starts: list[int] | None = None
    for match in re.finditer(rf"(?:{alternatives})(?![\w.(\[])", text):
        start, end = match.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_.") or not _may_bind(text, start, end):
            continue
        if starts is None:
            starts, total = [], 0
            for line in lines:
                starts.append(total)
                total += len(line)
        if bisect_right(starts, start) not in import_rows:
            return True
    return False


class Shadowing:
    """Collects the ids of `Name` loads of tracked names that do not refer to the TensorFlow import."""

    def __init__(self, names: frozenset[str], is_tf_import: IsTfImport) -> None:
        self.names = names
        self.is_tf_import = is_tf_import
        self.loads: set[int] = set()

    # ----- sequential scopes: module and class bodies ----------------------------------------------
    def block(self, stmts: list[ast.stmt], shadowed: frozenset[str],
              enclosing: frozenset[str] | None) -> frozenset[str]:
        """Visit statements in order; returns the names shadowed after them.

        `enclosing` is what a class body's methods see (None in the module: its functions see the module's)."""
        for stmt in stmts:
            shadowed = self.statement(stmt, shadowed, enclosing)
        return shadowed

    def statement(self, stmt: ast.stmt, shadowed: frozenset[str],
                  enclosing: frozenset[str] | None) -> frozenset[str]:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                local = _import_local(stmt, alias)
                if local in self.names:
                    shadowed = shadowed - {local} if self.is_tf_import(stmt, alias) else shadowed | {local}
            return shadowed
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(stmt, shadowed if enclosing is None else enclosing)
            return self._bind(shadowed, (stmt.name,))
        if isinstance(stmt, ast.ClassDef):
            self.walk(stmt, shadowed)
            return self._bind(shadowed, (stmt.name,))
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.walk(stmt.iter, shadowed)
            inner = self._bind(shadowed, self._stores(stmt.target))
            return self._merge(stmt, [self.block(stmt.body, inner, enclosing),
                                      self.block(stmt.orelse, inner, enclosing)])
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            inner = shadowed
            for item in stmt.items:
                self.walk(item.context_expr, shadowed)
                if item.optional_vars is not None:
                    inner = self._bind(inner, self._stores(item.optional_vars))
            return self.block(stmt.body, inner, enclosing)
        if isinstance(stmt, (ast.If, ast.While)):
            self.walk(stmt.test, shadowed)
            return self._merge(stmt, [self.block(stmt.body, shadowed, enclosing),
                                      self.block(stmt.orelse, shadowed, enclosing)])
        if isinstance(stmt, ast.Try) or stmt.__class__.__name__ == "TryStar":
            after = self.block(stmt.body, shadowed, enclosing)  # type: ignore[attr-defined]
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                if handler.type is not None:
                    self.walk(handler.type, shadowed)
                inner = self._bind(shadowed, (handler.name,) if handler.name else ())
                self.block(handler.body, inner, enclosing)  # the failure path: it does not decide what follows
            after = self.block(stmt.orelse, after, enclosing)  # type: ignore[attr-defined]
            return self.block(stmt.finalbody, after, enclosing)  # type: ignore[attr-defined]
        self.walk(stmt, shadowed)
        return self._bind(shadowed, self._stores(stmt))

    def _merge(self, stmt: ast.stmt, branches: list[frozenset[str]]) -> frozenset[str]:
        """Rebound in any branch stays rebound, unless some branch imports it from TensorFlow again."""
        merged = frozenset().union(*branches)
        return merged - self._tf_imported(stmt) if merged else merged

    def _tf_imported(self, stmt: ast.stmt) -> set[str]:
        found: set[str] = set()
        self._stores(stmt, found)
        return found

    def _bind(self, shadowed: frozenset[str], names: Iterable[str]) -> frozenset[str]:
        hit = self.names.intersection(names)
        return shadowed | hit if hit else shadowed

    def _stores(self, node: ast.AST, tf_imported: set[str] | None = None) -> list[str]:
        """Names a statement or target binds in its own scope (nested scopes excluded); the names it
        imports from TensorFlow go to `tf_imported` instead."""
        found = []
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, ast.Name):
                if not isinstance(item.ctx, ast.Load):
                    found.append(item.id)
                continue
            if item.__class__ in _SCOPES:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    found.append(item.name)
                continue
            if isinstance(item, ast.ExceptHandler) and item.name:
                found.append(item.name)
            elif isinstance(item, (ast.Import, ast.ImportFrom)):
                for alias in item.names:
                    tf = self.is_tf_import(item, alias)
                    if tf and tf_imported is not None:
                        tf_imported.add(_import_local(item, alias))
                    elif not tf:
                        found.append(_import_local(item, alias))
            _push_children(item, stack)
        return found

    # ----- everything else: a fixed set of shadowed names ----------------------------------------
    def walk(self, node: ast.AST, shadowed: frozenset[str]) -> None:
        """Record shadowed loads under `node`; functions, classes and comprehensions open their own scopes."""
        stack = [node]
        while stack:
            item = stack.pop()
            cls = item.__class__
            if cls is ast.Name:
                if item.id in shadowed and item.ctx.__class__ is ast.Load:
                    self.loads.add(id(item))
            elif cls not in _SCOPES:
                _push_children(item, stack)
            elif isinstance(item, _FUNCTIONS):
                self._function(item, shadowed)
            elif isinstance(item, ast.ClassDef):
                for child in (*item.decorator_list, *item.bases, *(k.value for k in item.keywords)):
                    stack.append(child)
                self.block(item.body, shadowed, shadowed)
            else:
                self._comprehension(item, shadowed)  # type: ignore[arg-type]

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, outer: frozenset[str]) -> None:
        args = node.args
        for default in (*args.defaults, *(d for d in args.kw_defaults if d is not None)):
            self.walk(default, outer)
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.walk(decorator, outer)
        params = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a]
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        stores: set[str] = set(params)
        tf_local: set[str] = set()
        for stmt in body:
            stores.update(self._stores(stmt, tf_local))
        # A `global tf` assigned here is also shadowed here (conservatively only here, not in the module).
        inner = frozenset((outer | (self.names & stores)) - tf_local)
        for part in body:
            self.walk(part, inner)

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp,
                       outer: frozenset[str]) -> None:
        generators = node.generators
        self.walk(generators[0].iter, outer)
        targets = [name for g in generators for name in self._stores(g.target)]
        inner = self._bind(outer, targets)
        for index, generator in enumerate(generators):
            if index:
                self.walk(generator.iter, inner)
            for condition in generator.ifs:
                self.walk(condition, inner)
        elements = (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,)
        for element in elements:
            self.walk(element, inner)


def _is_tf_import(stmt: ast.Import | ast.ImportFrom, alias: ast.alias) -> bool:
    module = alias.name if isinstance(stmt, ast.Import) else (stmt.module or "") if not stmt.level else ""
    return module.split(".")[0] in TF_ROOTS


def shadowed_loads(tree: ast.Module, table: ImportTable, lines: list[str]) -> set[int]:
    """Ids of the `Name` loads of the module's TF names that refer to something else (empty when
    no such name is ever rebound, which the pre-check decides without walking the tree)."""
    rows = {row for b in (*table.bindings.values(), *table.imports)
            for row in range(b.node.lineno, (b.node.end_lineno or b.node.lineno) + 1)}
    if not may_be_rebound(lines, table.bindings, rows):
        return set()
    analysis = Shadowing(frozenset(table.bindings), _is_tf_import)
    analysis.block(tree.body, frozenset(), None)
    return analysis.loads
