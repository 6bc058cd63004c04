"""The single-pass visitor that runs every check over one module."""
from __future__ import annotations

import ast

from . import check_calls
from .check_imports import check_imports
from .check_patterns import KERAS, LoopFacts, creates_ops, creates_variables, keras_graph_evidence, scan_loop
from .context import FileContext
from .diagnostics import Edit, Fix
from .import_table import tfcompat_to_tf, to_public
from .registry import Change, Safety, lookup
from .scopes import shadowed_loads
from .verdicts import Verdict, entries_for, fallback, is_graph_mode, one_x_names, riskier, settle, split_compat

# `self.<method>()` calls of a TF test case that only work in graph mode; `.eval()` counts inside one too.
TEST_SESSIONS = frozenset({"test_session", "cached_session", "session"})
V1_SWITCHES = frozenset({"tf.disable_v2_behavior", "tf.disable_eager_execution"})
SHAPE_METHODS = frozenset({"get_shape", "with_rank", "with_rank_at_least", "merge_with"})
SHAPE_ATTRS = frozenset({"shape", "dims"})
CELL_MODULES = ("tf.nn.rnn_cell.", "tf.contrib.rnn.")
# TF 1.x `Variable`'s parameters in order: `Variable(init, "w")` passes "w" as `trainable`.
VARIABLE_PARAMS = ("initial_value", "trainable", "collections", "validate_shape", "caching_device", "name",
                   "variable_def", "dtype", "expected_shape", "import_scope")


class Checker(ast.NodeVisitor):
    """Walks a module once; name, call, method and loop checks report into the FileContext."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._dispatch: dict[type, object] = {}
        self.loops: list[LoopFacts] = []
        self.tensor_arrays: list[set[str]] = [set()]
        self.shapes: list[set[str]] = [set()]
        self.cells: list[set[str]] = [set()]
        self.graph_use: tuple[ast.AST, str] | None = None  # the first TF 1.x graph-mode construct, and its name
        self.switches_v1 = any(t == "tfcompat.v1" or t.startswith("tfcompat.v1.") for t in ctx.table.tfcompat_aliases.values())
        self.test_cases: list[bool] = [False]  # per class nesting: is it a `tf.test.TestCase`?
        self._dimension_calls: set[int] = set()
        self.keras_uses: list[tuple[ast.AST, str]] = []  # tf.keras names with no finding of their own (TFC504)
        self.keras_graph = False  # the module runs a Session or Keras 2's session

    # ----- traversal: NodeVisitor's, with the per-node lookups cached (this loop is the hot path) ----
    def visit(self, node: ast.AST) -> None:
        method = self._dispatch.get(node.__class__)
        if method is None:
            # functions, not bound methods: a bound method here would be a cycle keeping the tree alive until a GC
            method = getattr(type(self), "visit_" + node.__class__.__name__, type(self).generic_visit)
            self._dispatch[node.__class__] = method
        method(self, node)  # type: ignore[operator]

    def generic_visit(self, node: ast.AST) -> None:
        for field in node._fields:
            value = getattr(node, field, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def visit_Constant(self, node: ast.Constant) -> None:
        """Nothing to check in a literal."""

    # ----- names -------------------------------------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        table = self.ctx.table
        if isinstance(node.ctx, ast.Load) and node.id in table.bindings and id(node) not in table.shadowed:
            self.check_name(node, table.bindings[node.id].target, in_call=False)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        qualified = self.ctx.table.resolve(node)
        if qualified is not None:
            self.check_name(node, qualified, in_call=False)
            return
        if node.attr == "value" and id(node) not in self._dimension_calls and self._is_dimension(node.value):
            self.report_dimension_value(node, node)
        elif node.attr == "graph" and self.graph_use is None and isinstance(node.ctx, ast.Load):
            self.graph_use = node, ".graph"  # `Tensor.graph` / `sess.graph`: eager tensors have no graph
        self.generic_visit(node)

    def check_name(self, node: ast.AST, qualified: str, in_call: bool,
                   resolved: tuple[str, bool, tuple[Change, ...]] | None = None, call: ast.Call | None = None) -> None:
        """Name-level checks; `resolved` is `entries_for(qualified)` when the caller already has it, `call` the
        call whose function `node` is."""
        ctx = self.ctx
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        base, _ = split_compat(qualified)
        if self.graph_use is None:
            public_base = to_public(tfcompat_to_tf(base))
            if is_graph_mode(public_base):
                self.graph_use = node, public_base
        if base in V1_SWITCHES:
            self.switches_v1 = True
        self.keras_graph = self.keras_graph or keras_graph_evidence(to_public(base))
        if root.id in ctx.replaced_bindings:  # type: ignore[attr-defined]
            if node is not root:
                self._check_moved(node, root.id, qualified)  # type: ignore[attr-defined]
            return
        public, _, entries = resolved or entries_for(qualified)
        if public in one_x_names():
            ctx.evidence.new += 1
        reported = False
        for change in entries:
            if not change.rule.names_symbol or change.rule.only_uncalled and in_call:
                continue
            reported = True
            if change.rule.marks_0x:
                ctx.evidence.old += 1
            ctx.report(change.code, change.message, node, self._name_fix(node, change, call))
        if reported or not qualified.startswith("tf."):
            return
        verdict = fallback(qualified)
        if verdict is not None:
            ctx.report(verdict.code, verdict.message, node, self._verdict_fix(node, verdict))
        elif public == KERAS or public.startswith(KERAS + "."):
            self.keras_uses.append((node, public))

    def _verdict_fix(self, node: ast.AST, verdict: Verdict) -> Fix | None:
        if verdict.new is None or verdict.safety is Safety.MANUAL:
            return None
        text, imports = self.ctx.speller.spell(verdict.new)
        return Fix(f"Replace with `{text}`", (self.ctx.replace(node, text), *imports), verdict.safety)

    def _check_moved(self, node: ast.AST, local: str, qualified: str) -> None:
        """A member of a module whose import is rewritten (`control_flow_ops.While` once `control_flow_ops` is
        `tf.compat.v1`): fine if the new module has it, else fixed to what serves it, else reported."""
        ctx = self.ctx
        moved = ctx.replaced_bindings[local]
        if moved.new is None:
            return  # the import is reported without a fix: its members are not checked again
        target = moved.new + qualified[len(ctx.table.bindings[local].target):]
        public = to_public(split_compat(qualified)[0])
        settled = None
        for candidate in (target, public):
            settled = settle(candidate)
            if settled is not None:
                break
        if settled is not None and settled[0] == target:
            return
        segment = ctx.positions.segment(node)
        if settled is None:
            ctx.report(moved.code, f"`{segment}` becomes `{target}` with its rewritten import, which neither TF 2.21 "
                       f"nor tfcompat is known to have (`{public}` is gone too); rewrite it by hand", node)
            return
        new, safety = settled
        fix = self._verdict_fix(node, Verdict(moved.code, "", new, riskier(moved.safety, safety)))
        ctx.report(moved.code, f"`{segment}` becomes `{target}` with its rewritten import, which neither TF 2.21 "
                   f"nor tfcompat has: use `{new}`", node, fix)

    def _name_fix(self, node: ast.AST, change: Change, call: ast.Call | None = None) -> Fix | None:
        ctx = self.ctx
        if change.rule.only_uncalled:
            row, col = ctx.positions.end(node)
            return ctx.fix_for(change, (Edit(row, col, row, col, "()"),), "Call it")
        if not change.new or call is not None and id(call) in ctx.held_calls:
            return None
        new = change.new
        if not change.rule.changed_meaning and any(c.rule.changed_meaning for c in lookup(new)):
            new = "tf.compat.v2." + new[3:]  # the TF 2 meaning, spelled so it is not read as TF 1.x code again
        text, imports = ctx.speller.spell(new)
        edits = (ctx.replace(node, text), *imports)
        if change.old == "tf.Variable" and call is not None:
            edits += self._variable_keywords(call)
        return ctx.fix_for(change, edits, f"Replace with `{text}`")

    def _variable_keywords(self, call: ast.Call) -> tuple[Edit, ...]:
        """Keywords for `Variable`'s positional arguments after the first, so the rewrite shows what they bind
        (`Variable(x, "w")` -> `Variable(x, trainable="w")`: the meaning is kept, and now visible)."""
        args = call.args
        if len(args) < 2 or len(args) > len(VARIABLE_PARAMS) or any(isinstance(a, ast.Starred) for a in args):
            return ()
        return tuple(self.ctx.insert_at(check_calls.argument_start(self.ctx, call, i), f"{VARIABLE_PARAMS[i]}=")
                     for i in range(1, len(args)))

    def _variable_name_as_trainable(self, call: ast.Call) -> None:
        """TFC207: `Variable(init, "w")` or `Variable(init, name)`: the name lands in `trainable`."""
        if len(call.args) < 2:
            return
        second = call.args[1]
        if isinstance(second, (ast.Name, ast.Attribute)):
            identifier = second.id if isinstance(second, ast.Name) else second.attr
            looks_like_name = "name" in identifier.lower()
        else:
            looks_like_name = isinstance(second, ast.JoinedStr) or isinstance(second, ast.Constant) \
                and isinstance(second.value, str)
        if not looks_like_name:
            return
        value = self.ctx.positions.segment(second)
        value = value if "\n" not in value else "the value"
        self.ctx.report("TFC207", f"`Variable`'s second parameter is `trainable`, not `name`: `{value}` makes the "
                        "variable trainable when truthy and leaves it an automatic name (`Variable:0`), so "
                        f"checkpoints and lookups by name miss it; write `name={value}` if a name was meant",
                        second)

    # ----- calls -------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        func = node.func
        qualified = ctx.table.resolve(func)
        if qualified is None:
            self._method_call(node)
            self.generic_visit(node)
            return
        resolved = entries_for(qualified)
        public, _, entries = resolved
        for change in entries:
            special = check_calls.CALL_SPECIALS.get(change.special or "")
            if special is not None:
                special(ctx, change, node)
            elif change.rule.reorder is not None:
                check_calls.positional_args(ctx, change, node, public)
            if change.keywords or change.removed_keywords:
                check_calls.keyword_args(ctx, change, node)
        public = tfcompat_to_tf(public)
        self._loop_checks(node, public)
        if public == "tf.Variable":
            self._variable_name_as_trainable(node)
        self.check_name(func, qualified, in_call=True, resolved=resolved, call=node)
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            self.visit(keyword.value)

    def _loop_checks(self, node: ast.Call, public: str) -> None:
        if not self.loops:
            return
        if creates_variables(public, node) and not any(loop.reuses for loop in self.loops):
            short = public.rpartition(".")[2]
            self.ctx.report("TFC502", f"`{short}` creates variables on every loop iteration without reuse: the second "
                            "iteration fails with \"Variable ... already exists, disallowed\"; call "
                            "`tf.get_variable_scope().reuse_variables()` for i > 0 or set `reuse` on the scope", node)
        loop = self.loops[-1]
        if creates_ops(public) and not loop.reported_growth and any(
            f.runs_session and not f.resets_graph for f in self.loops
        ):
            loop.reported_growth = True
            self.ctx.report("TFC503", f"`{public}` adds new graph ops on every iteration of a loop that runs a "
                            "session; the graph grows until \"GraphDef cannot be larger than 2GB\". Build ops "
                            "before the loop or call `tf.reset_default_graph()` per session", node.func)

    # ----- methods: TensorArray.pack, Dimension.value ------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        self._record_origin(node.targets, node.value)
        self.generic_visit(node)

    def _record_origin(self, targets: list[ast.expr], value: ast.expr) -> None:
        names = {t.id for t in targets if isinstance(t, ast.Name)}
        if not names:
            return
        kind = check_calls.value_kind(value)
        if kind is None and isinstance(value, ast.Call) and self.ctx.table.resolve(value.func):
            kind = "tensor"
        for name in names:
            if kind is None:
                self.ctx.value_kinds.pop(name, None)
            else:
                self.ctx.value_kinds[name] = kind
        if not isinstance(value, ast.Call):
            return
        func = value.func
        public = self._public_name(func)
        if public == "tf.TensorArray":
            self.tensor_arrays[-1] |= names
        elif public.startswith(CELL_MODULES) and public.endswith(("Cell", "Wrapper")):
            self.cells[-1] |= names
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in self.tensor_arrays[-1]:
            self.tensor_arrays[-1] |= names
        elif isinstance(func, ast.Attribute) and func.attr in SHAPE_METHODS:
            self.shapes[-1] |= names

    def _public_name(self, func: ast.expr) -> str:
        """The public TF name a called expression resolves to, in any spelling ("" for none)."""
        qualified = self.ctx.table.resolve(func)
        return to_public(tfcompat_to_tf(split_compat(qualified)[0])) if qualified else ""

    def _method_call(self, node: ast.Call) -> None:
        func = node.func
        if self.graph_use is None and isinstance(func, ast.Attribute) and self.test_cases[-1] and (
                func.attr == "eval" or func.attr in TEST_SESSIONS and _is_self(func.value)):
            self.graph_use = node, f".{func.attr}()"  # graph-mode test code: fails or is skipped on TF 2
        if isinstance(func, ast.Name) and func.id in self.cells[-1] and self.loops \
                and not any(loop.reuses for loop in self.loops):
            self.ctx.report("TFC502", f"RNN cell `{func.id}` is called in a loop without reuse: on TF 0.x the "
                            "second call raised \"Variable .../Matrix already exists, disallowed\"; on TF 1.2+ and "
                            "tfcompat the same cell object shares its weights across iterations. Check that "
                            "sharing is intended, or call `tf.get_variable_scope().reuse_variables()` for i > 0",
                            node)
            return
        if not isinstance(func, ast.Attribute):
            return
        if func.attr == "value" and not node.args and self._is_dimension(func.value):
            self.report_dimension_value(func, node)  # 0.x code's `with_rank(2)[1].value()`
            self._dimension_calls.add(id(func))
            return
        if func.attr not in ("pack", "unpack"):
            return
        owner = func.value
        known = isinstance(owner, ast.Name) and owner.id in self.tensor_arrays[-1] or isinstance(owner, ast.Call) \
            and self._public_name(owner.func) == "tf.TensorArray"
        if not known and (func.attr == "unpack" or node.args or node.keywords):
            return
        new = "stack" if func.attr == "pack" else "unstack"
        row, end_col = self.ctx.positions.end(func)
        edit = Edit(row, end_col - len(func.attr), row, end_col, new)
        fix = Fix(f"Rename to `.{new}()`", (edit,)) if known else None
        hint = "" if known else " (if this is a TensorArray)"
        self.ctx.report("TFC401", f"`TensorArray.{func.attr}()` was renamed `.{new}()` in TF 1.0{hint}", func, fix)

    def _is_dimension(self, node: ast.expr) -> bool:
        if not isinstance(node, ast.Subscript):
            return False
        base = node.value
        if isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute):
            return base.func.attr in SHAPE_METHODS
        if isinstance(base, ast.Attribute):
            return base.attr in SHAPE_ATTRS
        return isinstance(base, ast.Name) and base.id in self.shapes[-1]

    def report_dimension_value(self, attribute: ast.Attribute, span: ast.AST) -> None:
        ctx = self.ctx
        text, imports = ctx.speller.spell("tf.compat.dimension_value")
        inner = ctx.positions.segment(attribute.value)
        fix = ctx.safe_fix((ctx.replace(span, f"{text}({inner})"), *imports), f"Use `{text}(...)`")
        ctx.report("TFC402", "`Dimension.value`: TF 2 shapes hold ints (or None), which have no `.value`", attribute, fix)

    # ----- scopes and loops --------------------------------------------------------------------
    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for origins in (self.tensor_arrays, self.shapes, self.cells):
            origins.append(set(origins[-1]) if isinstance(node, ast.Lambda) else set())
        saved, self.loops = self.loops, []
        self.generic_visit(node)
        self.loops = saved
        for origins in (self.tensor_arrays, self.shapes, self.cells):
            origins.pop()

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        is_test = any(self._public_name(base) == "tf.test.TestCase" for base in node.bases)
        self.test_cases.append(is_test or self.test_cases[-1])
        self.generic_visit(node)
        self.test_cases.pop()

    def visit_For(self, node: ast.For | ast.While | ast.AsyncFor) -> None:
        self.loops.append(scan_loop(node, self.ctx.table))
        self.generic_visit(node)
        self.loops.pop()

    visit_While = visit_For
    visit_AsyncFor = visit_For

    def visit_Import(self, node: ast.Import) -> None:
        """Imports are checked once, before the walk."""

    visit_ImportFrom = visit_Import


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def run_checks(ctx: FileContext) -> None:
    """All checks over one parsed module, including the ones that need the whole file."""
    ctx.table.shadowed = shadowed_loads(ctx.tree, ctx.table, ctx.positions.lines)
    check_imports(ctx)
    checker = Checker(ctx)
    checker.visit(ctx.tree)
    for change, call, name in ctx.deferred:
        check_calls.report_ambiguous(ctx, change, call, name)
    if checker.graph_use is not None and not checker.switches_v1:
        _report_graph_mode(ctx, *checker.graph_use)
    if checker.keras_graph:
        _report_keras_in_graph(ctx, checker.keras_uses)


def _report_keras_in_graph(ctx: FileContext, uses: list[tuple[ast.AST, str]]) -> None:
    """TFC504 at each `tf.keras` name of a module that runs TF 1.x graphs: tf-keras's Keras 2 instead."""
    change = next(c for c in lookup(KERAS) if c.rule.keras_graph)
    for node, public in uses:
        assert change.new is not None
        text, imports = ctx.speller.spell(change.new + public[len(KERAS):])
        fix = ctx.fix_for(change, (ctx.replace(node, text), *imports), f"Replace with `{text}`")
        ctx.report(change.code, f"`{public}` {change.message}: use `{text}`", node, fix)


def _report_graph_mode(ctx: FileContext, node: ast.AST, what: str) -> None:
    """TFC501 at the first graph-mode construct, fixed by switching v1 behaviour on where TF is imported."""
    text, edits = ctx.speller.module_level_call("tf.compat.v1.disable_v2_behavior")
    fix = ctx.safe_fix(edits, f"Insert `{text}()` after the TensorFlow import")
    ctx.report("TFC501", f"`{what}` is TF 1.x graph-mode code, but this module does not switch on v1 behaviour: on "
               "TF 2 it runs eagerly (placeholders and sessions fail; variables, collections, `global_step` and "
               "graph-mode tests behave differently); call `tf.compat.v1.disable_v2_behavior()` after the imports",
               node, fix)
