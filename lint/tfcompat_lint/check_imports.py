"""Import-level checks: imports of removed or internal modules and names, with a rewritten import."""
from __future__ import annotations

import ast

from . import api_snapshot
from .context import FileContext
from .diagnostics import Fix
from .import_table import ImportBinding, to_public
from .registry import Safety, lookup
from .verdicts import Verdict, entries_for, fallback, verdict_of


def _spell_module(qualified: str) -> str:
    return "tensorflow" + qualified[2:] if qualified == "tf" or qualified.startswith("tf.") else qualified


def _importable(module: str) -> bool:
    """True for a module an import statement can name on TF 2.21 (`tf.compat.v1.flags` is an object, not one)."""
    return module.startswith("tfcompat") or api_snapshot.is_module(module)


def _verdict(binding: ImportBinding) -> Verdict | None:
    """What becomes of what this import binds: its row's verdict, else its enclosing module's or TFC107's."""
    for change in lookup(binding.target):  # internal module paths are registered as spelled
        if change.rule.names_symbol:
            return verdict_of(change)
    _, _, entries = entries_for(binding.target)
    for change in entries:
        if change.rule.names_symbol and not change.rule.only_uncalled:
            return verdict_of(change)
    return fallback(binding.target)


def _fixed_by_name(qualified: str) -> bool:
    """Whether a row of its own rewrites this use (`math_ops.mul` is `tf.mul`, fixed to `tf.multiply`)."""
    return any(change.rule.names_symbol and _fixable(verdict_of(change)) for change in lookup(to_public(qualified)))


def _unfixed_if_names_missing(ctx: FileContext, binding: ImportBinding, verdict: Verdict | None) -> Verdict | None:
    """The verdict, without its fix when the TF module the fix would import lacks names the file uses through the
    binding (`control_flow_ops.with_dependencies` is not in tf.compat.v1): the import is then left for review."""
    if verdict is None or not _fixable(verdict) or not api_snapshot.is_module(verdict.new):  # type: ignore[arg-type]
        return verdict
    used = {node.attr for node in ast.walk(ctx.tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == binding.local}
    missing = sorted(name for name in used if not api_snapshot.exists(f"{verdict.new}.{name}")
                     and not _fixed_by_name(f"{binding.target}.{name}"))
    if not missing:
        return verdict
    names = ", ".join(f"`{binding.local}.{name}`" for name in missing)
    message = (f"`{binding.target}` is internal; not rewritten to `{verdict.new}`, which lacks {names}: keep the "
               "import (this TensorFlow may still have the module) or port those uses by hand")
    return Verdict(verdict.code, message, names_it=True)


def check_imports(ctx: FileContext) -> None:
    """Report each TF import whose target is gone on TF 2, fixing the statement where possible."""
    by_statement: dict[int, list[tuple[ImportBinding, Verdict | None]]] = {}
    for binding in ctx.table.imports:
        verdict = _unfixed_if_names_missing(ctx, binding, _verdict(binding))
        by_statement.setdefault(id(binding.node), []).append((binding, verdict))
    for pairs in by_statement.values():
        statement = pairs[0][0].node
        if isinstance(statement, ast.ImportFrom):
            new_text = _rewritten_from(statement, pairs, ctx)
        else:
            new_text = None
        for binding, verdict in pairs:
            if verdict is not None:
                _report_binding(ctx, binding, verdict, statement, new_text)


def _fixable(verdict: Verdict) -> bool:
    return verdict.new is not None and verdict.safety is not Safety.MANUAL


def _report_binding(ctx: FileContext, binding: ImportBinding, verdict: Verdict,
                    statement: ast.stmt, from_text: str | None) -> None:
    spelled = _spell_module(binding.target)
    fix = None
    if _fixable(verdict):
        new = _spell_module(verdict.new)  # type: ignore[arg-type]
        if from_text is not None:
            fix = Fix(f"Import `{binding.local}` from `{new.rpartition('.')[0]}`", (ctx.replace(statement, from_text),),
                      verdict.safety)
        elif binding.alias.asname and _importable(verdict.new):  # type: ignore[arg-type]
            fix = Fix(f"Import `{new}`", (ctx.replace(binding.alias, f"{new} as {binding.alias.asname}"),),
                      verdict.safety)
    if isinstance(statement, ast.ImportFrom) or binding.alias.asname:  # `import a.b` binds `a`, which stays TF
        ctx.replaced_bindings[binding.local] = verdict if fix else Verdict(verdict.code, verdict.message)
    if verdict.rule.marks_0x:
        ctx.evidence.old += 1
    if verdict.names_it:
        message = f"`{spelled}`{verdict.message[len(binding.target) + 2:]}"
    else:
        message = f"`{spelled}` is not available on TF 2 ({verdict.message})"
    ctx.report(verdict.code, message, binding.alias, fix)


def _rewritten_from(statement: ast.ImportFrom, pairs: list[tuple[ImportBinding, Verdict | None]],
                    ctx: FileContext) -> str | None:
    """The `from ... import ...` statement(s) importing each name from its replacement (None if one cannot be)."""
    if not any(verdict and _fixable(verdict) for _, verdict in pairs):
        return None
    groups: dict[str, list[str]] = {}
    for binding, verdict in pairs:
        target = verdict.new if verdict and _fixable(verdict) else binding.target
        module, _, name = target.rpartition(".")  # type: ignore[union-attr]
        if not module or target != binding.target and not _importable(module):
            return None
        entry = name if name == binding.local else f"{name} as {binding.local}"
        groups.setdefault(_spell_module(module), []).append(entry)
    indent = " " * ctx.positions.start(statement)[1]
    lines = [f"from {module} import {', '.join(names)}" for module, names in groups.items()]
    return ("\n" + indent).join(lines)
