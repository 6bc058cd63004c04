"""Resolve names to TensorFlow qualified names through a module's imports (stdlib `ast`).

Qualified names spell the ``tensorflow`` package as ``tf`` (``tf.nn.rnn``).  Internal
module paths people imported are mapped on to the public namespace that held the
same functions, so one registry entry covers every spelling.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from tfcompat.spec.modules import internal_to_public

ROOTS = {"tensorflow": "tf"}

# Internal (or long-gone) module -> public namespace with the same functions: rows of tfcompat/spec/modules.py.
INTERNAL_TO_PUBLIC: dict[str, str] = internal_to_public()


# tfcompat's modules -> the TF namespace whose functions they re-implement (for the pattern checks).
TFCOMPAT_TO_TF = {"tfcompat.v1": "tf", "tfcompat.rnn": "tf.nn", "tfcompat.rnn_cell": "tf.nn.rnn_cell",
                  "tfcompat.layers": "tf.layers", "tfcompat.contrib": "tf.contrib"}


def tfcompat_to_tf(name: str) -> str:
    """`tfcompat.rnn.dynamic_rnn` -> `tf.nn.dynamic_rnn`; other names unchanged."""
    for prefix, namespace in TFCOMPAT_TO_TF.items():
        if name.startswith(prefix + "."):
            return namespace + name[len(prefix):]
    return name


def to_public(name: str) -> str:
    """Map an internal qualified name on to its public spelling (unchanged if none)."""
    if not name.startswith(("tf.python.", "tf.models.", "tf.contrib.")):
        return name
    module, _, rest = name.rpartition(".")
    while module:
        public = INTERNAL_TO_PUBLIC.get(module)
        if public is not None:
            return f"{public}.{rest}" if rest else public
        module, _, last = module.rpartition(".")
        rest = f"{last}.{rest}" if rest else last
    return name


@dataclass(slots=True)
class ImportBinding:
    """A local name bound to a TensorFlow module or member by an import."""

    local: str
    target: str  # qualified, `tf.`-spelled
    node: ast.AST  # the Import/ImportFrom statement
    alias: ast.alias
    is_module_import: bool  # `import x.y as z` (True) or `from x import y` (False)


@dataclass(slots=True)
class ImportTable:
    """Every TF binding of a module: `import tensorflow as tf`, `from tensorflow import nn`, ..."""

    bindings: dict[str, ImportBinding] = field(default_factory=dict)
    imports: list[ImportBinding] = field(default_factory=list)
    star_from: list[str] = field(default_factory=list)
    tfcompat_aliases: dict[str, str] = field(default_factory=dict)
    # Ids of `Name` loads of these names that a local binding shadows (see scopes.py).
    shadowed: set[int] = field(default_factory=set)

    def resolve(self, node: ast.AST) -> str | None:
        """The qualified name of a Name/Attribute chain, or None if it is not TF's."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        binding = self.bindings.get(node.id)
        if binding is None or id(node) in self.shadowed:
            return None
        if not parts:
            return binding.target
        parts.append(binding.target)
        parts.reverse()
        return ".".join(parts)

    def alias_for(self, target: str) -> str | None:
        """A local name bound exactly to `target` (e.g. the `tf` of `import tensorflow as tf`)."""
        for binding in self.bindings.values():
            if binding.target == target and binding.is_module_import:
                return binding.local
        for binding in self.bindings.values():
            if binding.target == target:
                return binding.local
        return None


def _qualify(module: str) -> str | None:
    root, _, rest = module.partition(".")
    short = ROOTS.get(root)
    if short is None:
        return None
    return f"{short}.{rest}" if rest else short


def _statements(body: list[ast.stmt]):
    """Every statement, nested ones included (imports are statements: expressions need no visit)."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if children:
                stack.extend(reversed(children))


def collect_imports(tree: ast.Module) -> ImportTable:
    """Every TF import anywhere in the module (function-level ones included)."""
    table = ImportTable()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "tfcompat":
                    local = alias.asname or "tfcompat"
                    table.tfcompat_aliases[local] = alias.name if alias.asname else "tfcompat"
                    table.bindings[local] = ImportBinding(local, table.tfcompat_aliases[local], node, alias, True)
                    continue
                target = _qualify(alias.name)
                if target is None:
                    continue
                if alias.asname:
                    binding = ImportBinding(alias.asname, target, node, alias, True)
                else:
                    binding = ImportBinding(alias.name.split(".")[0], "tf", node, alias, True)
                table.bindings[binding.local] = binding
                table.imports.append(ImportBinding(binding.local, target, node, alias, True))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            base = _qualify(node.module)
            if base is None:
                if node.module.split(".")[0] == "tfcompat":
                    for alias in node.names:
                        local = alias.asname or alias.name
                        table.tfcompat_aliases[local] = f"{node.module}.{alias.name}"
                        table.bindings[local] = ImportBinding(local, table.tfcompat_aliases[local], node, alias, False)
                continue
            for alias in node.names:
                if alias.name == "*":
                    table.star_from.append(base)
                    continue
                binding = ImportBinding(alias.asname or alias.name, f"{base}.{alias.name}", node, alias, False)
                table.bindings[binding.local] = binding
                table.imports.append(binding)
    return table
