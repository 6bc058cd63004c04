"""Call-level checks: old positional orders, keyword renames, and the special cases a table cannot say."""
from __future__ import annotations

import ast
from collections.abc import Callable

from .context import FileContext
from .diagnostics import Edit
from .registry import Change

# Decides the order of a TFC201 call: "old", "new", or None when undecidable.
OrderDecider = Callable[[list[ast.expr], list[ast.keyword]], "str | None"]


def _is_int(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def _is_sequence(node: ast.AST) -> bool:
    return isinstance(node, (ast.List, ast.Tuple, ast.ListComp, ast.GeneratorExp))


def _named(node: ast.AST, *names: str) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _concat_order(args: list[ast.expr], keywords: list[ast.keyword]) -> str | None:
    if len(args) < 2:
        kw = {k.arg for k in keywords}
        if args and ("values" in kw or "concat_dim" in kw) and _is_int(args[0]):
            return "old"
        return None if not args else ("new" if _is_sequence(args[0]) else None)
    first, second = args[0], args[1]
    if _is_int(first) or _is_sequence(second) or _named(first, "axis", "dim", "concat_dim"):
        return "old"
    if _is_int(second) or _is_sequence(first) or _named(second, "axis", "dim", "concat_dim"):
        return "new"
    return None


def _split_order(args: list[ast.expr], keywords: list[ast.keyword]) -> str | None:
    kw = {k.arg for k in keywords}
    if len(args) >= 3:
        if _is_int(args[0]) and not _is_int(args[2]):
            return "old"
        if _is_int(args[2]) and not _is_int(args[0]):
            return "new"
        return None
    if args and _is_int(args[0]) and ("value" in kw or "num_split" in kw):
        return "old"
    return "new" if len(args) <= 2 and "split_dim" not in kw else None


DECIDERS: dict[str, OrderDecider] = {
    "tf.concat": _concat_order,
    "tf.split": _split_order,
}


def keyword_args(ctx: FileContext, change: Change, call: ast.Call) -> None:
    """TFC203: renamed keywords; TFC206: removed ones."""
    mapping = change.keyword_map
    for keyword in call.keywords:
        if keyword.arg is None:
            continue
        if keyword.arg in mapping:
            new = mapping[keyword.arg]
            row, col = ctx.positions.start(keyword)
            edit = Edit(row, col, row, col + len(keyword.arg), new)
            ctx.report(change.code, f"`{keyword.arg}=` was renamed `{new}=` ({change.message})",
                       keyword, ctx.fix_for(change, (edit,), f"Rename to `{new}=`"))
        elif keyword.arg in change.removed_keywords:
            ctx.report("TFC206", f"`{keyword.arg}=` is no longer accepted: {change.message}", keyword)


def positional_args(ctx: FileContext, change: Change, call: ast.Call, name: str) -> None:
    """TFC201/TFC202/TFC204: positional arguments in an order that changed."""
    args = [a for a in call.args if not isinstance(a, ast.Starred)]
    if not args or len(args) != len(call.args) or not change.positional:
        return
    short = name.rsplit(".", 1)[-1]
    if change.code == "TFC202":
        if not args:
            return
        order = "old"
    elif change.code == "TFC201":
        decider = DECIDERS.get(change.old)
        order = decider(args, call.keywords) if decider else ("old" if len(args) >= 2 else "new")
        if order is None:
            order = ctx.evidence.era and ("old" if ctx.evidence.era == "0.x" else "new")
            if order is None:
                ctx.deferred.append((change, call, name))
                return
        if order == "new":
            ctx.evidence.new += 1
            return
        ctx.evidence.old += 1
    else:  # TFC204: TF 2 reordered parameters after the first
        if len(args) < 2:
            return
        order = "old"
    _report_positional(ctx, change, call, args, short)


def _report_positional(ctx: FileContext, change: Change, call: ast.Call, args: list[ast.expr], short: str) -> None:
    names = change.positional[: len(args)]
    edits = tuple(ctx.insert_before(arg, f"{kw}=") for kw, arg in zip(names, args))
    given = ", ".join(f"{kw}=…" for kw in names)
    if change.code == "TFC202":
        message = f"`{short}` called positionally: in TF 0.x order this is ({given}); TF 1.x+ requires keywords"
    else:
        message = f"`{short}` called in its old positional order ({', '.join(change.positional[:len(args)])}); {change.message}"
    if len(args) > len(change.positional):
        ctx.report(change.code, message, call)
        return
    ctx.report(change.code, message, call, ctx.fix_for(change, edits, f"Use keywords: {given}"))


def report_ambiguous(ctx: FileContext, change: Change, call: ast.Call, name: str) -> None:
    """TFC205, or the decided report once the file's evidence is known."""
    era = ctx.evidence.era
    args = list(call.args)
    short = name.rsplit(".", 1)[-1]
    if era == "0.x":
        _report_positional(ctx, change, call, args, short)
    elif era is None:
        ctx.report("TFC205", f"`{short}` argument order is ambiguous: 0.x order is ({', '.join(change.positional)}); "
                   f"write it with keywords", call)


def reverse_bool(ctx: FileContext, change: Change, call: ast.Call) -> None:
    """TFC301: `tf.reverse(t, [True, False])` (0.x boolean dims)."""
    dims = call.args[1] if len(call.args) >= 2 else next((k.value for k in call.keywords if k.arg == "dims"), None)
    if dims is None:
        return
    if isinstance(dims, (ast.List, ast.Tuple)) and dims.elts and all(
        isinstance(e, ast.Constant) and type(e.value) is bool for e in dims.elts
    ):
        axes = "[" + ", ".join(str(i) for i, e in enumerate(dims.elts) if e.value) + "]"
        positional = len(call.args) >= 2
        content = axes if positional else f"axis={axes}"
        edit = ctx.replace(dims if positional else next(k for k in call.keywords if k.arg == "dims"), content)
        ctx.evidence.old += 1
        ctx.report(change.code, f"`reverse` with boolean dims (TF 0.x): since TF 1.0 the list names axes; "
                   f"this reverses axes {axes}", dims,
                   ctx.fix_for(change, (edit,), f"Use `{content}`"))
    elif isinstance(dims, (ast.List, ast.Tuple)) and all(_is_int(e) for e in dims.elts):
        ctx.evidence.new += 1
    elif ctx.evidence.era != "1.x":
        ctx.report(change.code, "`reverse`'s second argument was a boolean mask in TF 0.x and is a list of axes "
                   "since TF 1.0; check which this call passes", dims)


def squeeze_without_axis(ctx: FileContext, change: Change, call: ast.Call) -> None:
    """TFC303: `tf.squeeze(x)` with no axis."""
    if len(call.args) >= 2 or any(k.arg in ("axis", "squeeze_dims", "squeeze_dim") for k in call.keywords):
        return
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return
    ctx.report(change.code, change.message, call)


def initializer_called_with_shape(ctx: FileContext, change: Change, call: ast.Call) -> None:
    """TFC302 in call form: `tf.zeros_initializer([2, 3])` called the 0.x initializer function directly."""
    if not call.args and not call.keywords:
        return
    row, col = ctx.positions.end(call.func)
    edit = Edit(row, col, row, col, "()")
    ctx.report(change.code, change.message, call, ctx.fix_for(change, (edit,), "Instantiate it, then call it"))


CALL_SPECIALS: dict[str, Callable[[FileContext, Change, ast.Call], None]] = {
    "reverse_bool": reverse_bool,
    "squeeze_axis": squeeze_without_axis,
    "initializer_call": initializer_called_with_shape,
}
