"""Write the names of the installed TensorFlow's public API to lint/tfcompat_lint/data/tf2_api.txt.

Usage: python3 scripts/gen_api_snapshot.py [--output PATH]

Walks ``tf.*`` (with ``tf.compat.v1.*`` and ``tf.keras.*``) through the
generated API modules; private and internal modules are recorded as plain
names and not entered.  Keras 3 legacy namespaces that cannot load
(``tf.compat.v1.layers``, ``tf.compat.v1.nn.rnn_cell``) are read from the API
files TensorFlow ships and from ``tf_upgrade_v2``'s rename targets.

Output: one line per module, ``<module>\\t<child> <child> ...``, sorted.
"""
from __future__ import annotations

import argparse
import ast
import os
import sys
import types
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "lint/tfcompat_lint/data/tf2_api.txt"
# Aliases of whole API trees: recorded as names, not walked.
OPAQUE_PATHS = {"tf.compat.v1.compat", "tf.compat.v2"}


def _is_api_module(module: object) -> bool:
    """True for the generated API modules we walk (not internals like tensorflow.python.*)."""
    name = getattr(module, "__name__", None)
    if not isinstance(name, str):
        return False
    if name.startswith("tensorflow._api.") or name == "tensorflow.experimental":
        return True
    return name.startswith("keras.") and not name.startswith(("keras.src", "keras._tf_keras.keras.src"))


def _public_names(module: object) -> list[str] | None:
    try:
        return sorted(n for n in dir(module) if not n.startswith("_"))
    except Exception:  # a Keras lazy loader pointing at a namespace Keras 3 dropped
        return None


def _static_api_names(path: str, tf_root: Path) -> set[str]:
    """Names an API `__init__.py` imports, for namespaces that fail to load."""
    rel = path.split(".")[1:]
    package = tf_root / "_api" / "v2" / Path(*rel)
    init = package / "__init__.py"
    names: set[str] = set()
    if not init.is_file():
        return names
    for node in ast.parse(init.read_text()).body:
        if isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names if not (a.asname or a.name).startswith("_"))
    names.update(p.name for p in package.iterdir() if p.is_dir() and not p.name.startswith("_"))
    return names


def _legacy_layers(tf_root: Path) -> dict[str, set[str]]:
    """TF 1.x ``tf.layers`` names, read from the sources TF 2.21 still ships
    (the namespace itself now points at a Keras 3 module that does not exist)."""
    source = tf_root / "python" / "keras" / "legacy_tf_layers"
    tree: dict[str, set[str]] = {"tf.compat.v1.layers": {"experimental"}, "tf.compat.v1.layers.experimental": set()}
    for name in ("base.py", "core.py", "convolutional.py", "pooling.py"):
        if not (source / name).is_file():
            continue
        for node in ast.parse((source / name).read_text()).body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and not node.name.startswith("_"):
                module = "tf.compat.v1.layers.experimental" if "keras_style" in node.name else "tf.compat.v1.layers"
                tree[module].add(node.name)
    return tree


def _rename_targets() -> set[str]:
    from tensorflow.tools.compatibility import all_renames_v2

    return {new for new in all_renames_v2.symbol_renames.values() if new.startswith("tf.compat.v1.")}


def walk_api(tf: types.ModuleType) -> dict[str, set[str]]:
    """Map every public module path to the public names it holds."""
    tree: dict[str, set[str]] = {}
    tf_root = Path(tf.__file__).parent
    unloadable: list[str] = []

    def visit(module: object, path: str, ancestors: frozenset[int]) -> None:
        names = _public_names(module)
        if names is None:
            unloadable.append(path)
            tree[path] = _static_api_names(path, tf_root)
            return
        children = tree.setdefault(path, set())
        for name in names:
            child_path = f"{path}.{name}"
            children.add(name)
            if child_path in OPAQUE_PATHS:
                continue
            try:
                child = getattr(module, name)
            except Exception:
                continue
            if isinstance(child, types.ModuleType) and _is_api_module(child) and id(child) not in ancestors:
                visit(child, child_path, ancestors | {id(child)})
            elif type(child).__name__ == "KerasLazyLoader":
                visit(child, child_path, ancestors)

    visit(tf, "tf", frozenset({id(tf)}))
    # Fill unloadable Keras-3 namespaces from TF's legacy sources and
    # tf_upgrade_v2's compat.v1 targets.
    if "tf.compat.v1.layers" in unloadable:
        for path, names in _legacy_layers(tf_root).items():
            tree.setdefault(path, set()).update(names)
    for target in _rename_targets():
        parent, _, leaf = target.rpartition(".")
        if any(parent == p or parent.startswith(p + ".") for p in unloadable):
            tree.setdefault(parent, set()).add(leaf)
            while parent not in ("tf", *OPAQUE_PATHS):
                grand, _, name = parent.rpartition(".")
                tree.setdefault(grand, set()).add(name)
                parent = grand
    return tree


def render(tree: dict[str, set[str]], version: str) -> str:
    lines = [f"# TensorFlow {version} public API: <module>\\t<names>. Generated by scripts/gen_api_snapshot.py."]
    lines += [f"{path}\t{' '.join(sorted(names))}" for path, names in sorted(tree.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    import tensorflow as tf

    text = render(walk_api(tf), tf.__version__)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"wrote {args.output} ({len(text.encode()) // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
