"""Call-level checks: old positional orders, keyword renames, and the special cases a table cannot say."""
from __future__ import annotations

import ast
from collections.abc import Callable

from .context import FileContext
from .diagnostics import Edit
from .registry import Change
from .registry.rules import Reorder

# Decides the order of a TFC201 call: "old", "new", "neither" (no order works), or None when undecidable.
OrderDecider = Callable[[list[ast.expr], list[ast.keyword], dict[str, str]], "str | None"]


def value_kind(node: ast.AST) -> str | None:
    """"int", "seq" (a list of values) or None, from the expression's own literal form."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return "int"
    if isinstance(node, (ast.List, ast.Tuple, ast.ListComp, ast.GeneratorExp)):
        return "seq"
    return None


def _kind(node: ast.AST, kinds: dict[str, str]) -> str | None:
    """The literal kind of an expression, or of the value a plain name was last assigned in this file."""
    if isinstance(node, ast.Name):
        return kinds.get(node.id)
    return value_kind(node)


def _is_int(node: ast.AST, kinds: dict[str, str] | None = None) -> bool:
    return _kind(node, kinds or {}) == "int"


def _is_sequence(node: ast.AST, kinds: dict[str, str] | None = None) -> bool:
    return _kind(node, kinds or {}) == "seq"


def _named(node: ast.AST, *names: str) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _concat_order(args: list[ast.expr], keywords: list[ast.keyword], kinds: dict[str, str]) -> str | None:
    if len(args) < 2:
        kw = {k.arg for k in keywords}
        if args and ("values" in kw or "concat_dim" in kw) and _is_int(args[0], kinds):
            return "old"
        return None if not args else ("new" if _is_sequence(args[0], kinds) else None)
    first, second = args[0], args[1]
    if _is_int(first, kinds) or _is_sequence(second, kinds) or _named(first, "axis", "dim", "concat_dim"):
        return "old"
    if _is_int(second, kinds) or _is_sequence(first, kinds) or _named(second, "axis", "dim", "concat_dim"):
        return "new"
    if _kind(first, kinds) == "tensor" and _kind(second, kinds) == "tensor":
        return "neither"  # two computed tensors: no axis in either position
    return None


def _split_order(args: list[ast.expr], keywords: list[ast.keyword], kinds: dict[str, str]) -> str | None:
    kw = {k.arg for k in keywords}
    if len(args) >= 3:
        if _is_int(args[0], kinds) and not _is_int(args[2], kinds):
            return "old"
        if _is_int(args[2], kinds) and not _is_int(args[0], kinds):
            return "new"
        return None
    if args and _is_int(args[0], kinds) and ("value" in kw or "num_split" in kw):
        return "old"
    return "new" if len(args) <= 2 and "split_dim" not in kw else None


def _sampled_loss_order(args: list[ast.expr], keywords: list[ast.keyword], kinds: dict[str, str]) -> str | None:
    """nce_loss / sampled_softmax_loss: 0.x (weights, biases, inputs, labels) vs 1.x (..., labels, inputs)."""
    if len(args) < 3:
        return "new"
    third = args[2].id.lower() if isinstance(args[2], ast.Name) else ""
    fourth = args[3].id.lower() if len(args) > 3 and isinstance(args[3], ast.Name) else ""
    if "label" in fourth or "label" not in third and any(w in third for w in ("input", "embed", "hidden")):
        return "old"
    if "label" in third:
        return "new"
    return None


# tf.svd's flags after the tensor, in the 0.x ("old") and 1.x ("new") orders, and their defaults.
_SVD_ORDERS = {"old": ("compute_uv", "full_matrices", "name"), "new": ("full_matrices", "compute_uv", "name")}
_SVD_DEFAULTS = {"compute_uv": True, "full_matrices": False}


def _svd_order(args: list[ast.expr], keywords: list[ast.keyword], kinds: dict[str, str]) -> str | None:
    """tf.svd: the runtime's rule (tfcompat/ops/_arguments.py). An order in which a positional flag repeats a
    keyword is out; of two, one whose flags only restate the defaults is not what the caller meant (`svd(m, False)`
    is 0.x, `svd(m, True)` 1.x); equal flags mean the same in both (1.x). "ambiguous" when flags that are not
    literal booleans leave both orders open."""
    flags = args[1:]
    if not flags:
        return "new"
    if any(k.arg is None for k in keywords):
        return "ambiguous"
    given = {k.arg for k in keywords}
    orders = [order for order, names in _SVD_ORDERS.items() if not given & set(names[:len(flags)])]
    if len(orders) < 2:
        return orders[0] if orders else "ambiguous"
    values = [f.value if isinstance(f, ast.Constant) and type(f.value) is bool else None for f in flags[:2]]
    if None in values:
        return "ambiguous"
    inert = [order for order in orders
             if all(value == _SVD_DEFAULTS[name] for name, value in zip(_SVD_ORDERS[order], values))]
    if len(inert) == 1:
        orders.remove(inert[0])
    return "new" if "new" in orders else "old"


DECIDERS: dict[str, OrderDecider] = {
    "tf.svd": _svd_order,
    "tf.concat": _concat_order,
    "tf.split": _split_order,
    "tf.nn.nce_loss": _sampled_loss_order,
    "tf.nn.sampled_softmax_loss": _sampled_loss_order,
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
    if change.rule.reorder is Reorder.KEYWORDS_REQUIRED:
        order = "old"
    elif change.rule.reorder is Reorder.ERA_DECIDED:
        decider = DECIDERS.get(change.old)
        order = decider(args, call.keywords, ctx.value_kinds) if decider else ("old" if len(args) >= 2 else "new")
        if order == "ambiguous":
            ctx.held_calls.add(id(call))
            ctx.report("TFC205", f"`{short}` argument order is ambiguous: TF 0.x took ({', '.join(change.positional)})"
                       " and the flags do not decide it (tfcompat's runtime raises on this call); write it with "
                       "keywords", call)
            return
        if order == "neither":
            ctx.report("TFC205", f"`{short}` argument order is ambiguous: both arguments are computed tensors, so "
                       f"neither the 0.x ({', '.join(change.positional)}) nor the 1.x order gives an axis; "
                       "write it with keywords", call)
            return
        if order is None:
            order = ctx.evidence.era and ("old" if ctx.evidence.era == "0.x" else "new")
            if order is None:
                ctx.deferred.append((change, call, name))
                return
        if order == "new":
            ctx.evidence.new += 1
            return
        ctx.evidence.old += 1
    else:  # Reorder.TF2_REORDERED: TF 2 reordered the parameters after the first `positional_kept`
        if len(args) <= max(change.positional_kept, 1):
            return
        order = "old"
    _report_positional(ctx, change, call, args, short)


def argument_start(ctx: FileContext, call: ast.Call, index: int) -> tuple[int, int]:
    """Where positional argument `index` really starts: `ast` puts `(a)` at `a`, inside its parentheses."""
    arg = call.args[index]
    if index == 0:
        row, col = ctx.positions.end(call.func)
        opener = "("
    else:
        row, col = ctx.positions.end(call.args[index - 1])
        opener = ","
    end = ctx.positions.start(arg)
    lines = ctx.positions.lines
    seen_opener = False
    while (row, col) < end:
        char = lines[row - 1][col] if col < len(lines[row - 1]) else "\n"
        if char == "#" or char == "\n":  # a comment or the end of a line
            row, col = row + 1, 0
            continue
        if not seen_opener:
            seen_opener = char == opener
        elif not char.isspace() and char != "\\":
            return row, col
        col += 1
    return end


def _report_positional(ctx: FileContext, change: Change, call: ast.Call, args: list[ast.expr], short: str) -> None:
    names = change.positional[: len(args)]
    edits = tuple(ctx.insert_at(argument_start(ctx, call, i), f"{kw}=") for i, kw in enumerate(names))
    given = ", ".join(f"{kw}=…" for kw in names)
    if change.rule.reorder is Reorder.KEYWORDS_REQUIRED:
        message = f"`{short}` called positionally: in TF 0.x order this is ({given}); TF 1.x+ requires keywords"
    else:
        message = change.message
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
    if not call.args and not any(k.arg == "shape" for k in call.keywords):
        return  # `tf.zeros_initializer(dtype=...)` is the TF 1.x class
    row, col = ctx.positions.end(call.func)
    edit = Edit(row, col, row, col, "()")
    ctx.report(change.code, change.message, call, ctx.fix_for(change, (edit,), "Instantiate it, then call it"))


CALL_SPECIALS: dict[str, Callable[[FileContext, Change, ast.Call], None]] = {
    "reverse_bool": reverse_bool,
    "squeeze_axis": squeeze_without_axis,
    "initializer_call": initializer_called_with_shape,
}
