"""Import-level checks: imports of removed or internal modules and names, with a rewritten import."""
from __future__ import annotations

import ast

from .context import FileContext
from .diagnostics import Fix
from .names import entries_for, is_name_code, module_entry, split_compat, unknown_in_tf2
from .registry import Change, lookup
from .resolve import ImportBinding, to_public


def _spell_module(qualified: str) -> str:
    return "tensorflow" + qualified[2:] if qualified == "tf" or qualified.startswith("tf.") else qualified


def _replacement(binding: ImportBinding) -> Change | None:
    """The entry that replaces what this import binds, if any."""
    for change in lookup(binding.target):  # internal module paths are registered as spelled
        if is_name_code(change.code):
            return change
    _, _, entries = entries_for(binding.target)
    for change in entries:
        if is_name_code(change.code) and change.code != "TFC302":
            return change
    return None


def check_imports(ctx: FileContext) -> None:
    """Report each TF import whose target is gone on TF 2, fixing the statement where possible."""
    by_statement: dict[int, list[tuple[ImportBinding, Change | None]]] = {}
    for binding in ctx.table.imports:
        by_statement.setdefault(id(binding.node), []).append((binding, _replacement(binding)))
    for pairs in by_statement.values():
        statement = pairs[0][0].node
        if isinstance(statement, ast.ImportFrom):
            new_text = _rewritten_from(statement, pairs, ctx)
        else:
            new_text = None
        for binding, change in pairs:
            _report_binding(ctx, binding, change, statement, new_text)


def _report_binding(ctx: FileContext, binding: ImportBinding, change: Change | None,
                    statement: ast.stmt, from_text: str | None) -> None:
    spelled = _spell_module(binding.target)
    if change is None:
        public = to_public(split_compat(binding.target)[0])
        enclosing = module_entry(public)
        if enclosing is not None:
            ctx.replaced_bindings.add(binding.local)
            ctx.report(enclosing.code, f"`{spelled}` cannot be imported on TF 2: {enclosing.message}", binding.alias)
        elif not binding.target.startswith("tf.python.") and unknown_in_tf2(binding.target):
            ctx.report("TFC107", f"`{spelled}` does not exist in TensorFlow 2.21", binding.alias)
        return
    ctx.replaced_bindings.add(binding.local)
    if change.code == "TFC101":
        ctx.evidence.old += 1
    fix = None
    if change.new and change.safety.value != "manual":
        if from_text is not None:
            module = _spell_module(change.new).rpartition(".")[0]
            fix = Fix(f"Import `{binding.local}` from `{module}`", (ctx.replace(statement, from_text),),
                      change.safety.value)
        elif binding.alias.asname:
            content = f"{_spell_module(change.new)} as {binding.alias.asname}"
            fix = Fix(f"Import `{_spell_module(change.new)}`", (ctx.replace(binding.alias, content),), change.safety.value)
    target = f" ({change.message})" if change.message else ""
    ctx.report(change.code, f"`{spelled}` is not available on TF 2{target}", binding.alias, fix)


def _rewritten_from(statement: ast.ImportFrom, pairs: list[tuple[ImportBinding, Change | None]],
                    ctx: FileContext) -> str | None:
    """The `from ... import ...` statement(s) importing each name from its replacement."""
    if not any(change and change.new for _, change in pairs):
        return None
    groups: dict[str, list[str]] = {}
    for binding, change in pairs:
        target = change.new if change and change.new and change.safety.value != "manual" else binding.target
        module, _, name = _spell_module(target).rpartition(".")
        if not module:
            return None
        entry = name if name == binding.local else f"{name} as {binding.local}"
        groups.setdefault(module, []).append(entry)
    indent = " " * ctx.positions.start(statement)[1]
    lines = [f"from {module} import {', '.join(names)}" for module, names in groups.items()]
    return ("\n" + indent).join(lines)
