"""What ``tfcompat.v1`` adds to ``tf.compat.v1``, and the import machinery behind it.

``tfcompat.v1.<ns>`` (``nn``, ``image``, ``linalg``, ...) is a module forwarding
to ``tf.compat.v1.<ns>`` with the removed names added; a few paths are aliases
of other tfcompat modules (``tfcompat.v1.nn.rnn_cell`` is ``tfcompat.rnn_cell``)
so ``import tfcompat.v1.nn.rnn_cell as rnn_cell`` works too.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types
from typing import Any, Callable

import tensorflow as tf

from tfcompat.ops._renamed import renamed
from tfcompat.spec import modules as spec_modules
from tfcompat.spec import renames as spec_renames
from tfcompat.spec.wording import missing_text
from tfcompat.v1 import _keras

PACKAGE = "tfcompat.v1"


def _attribute(name: str) -> Any:
    """The object a ``tf.``- or ``tfcompat.``-spelled name denotes."""
    if name.startswith("tfcompat."):
        module, _, attribute = name.rpartition(".")
        return getattr(importlib.import_module(module), attribute)
    node: Any = tf
    for part in name.split(".")[1:]:
        node = getattr(node, part)
    return node


def _renamed_row(old: str, new: str) -> Callable[[], Any]:
    """A spec rename: tfcompat.ops' hand-written function of that name, else a shim warning and calling ``new``."""
    def make() -> Any:
        ops = importlib.import_module(spec_renames.RENAMES_MODULE)
        written = getattr(ops, old.rpartition(".")[2], None)
        if written is not None:
            return written
        target = _attribute(new)
        return renamed(old, new, target) if callable(target) else target
    return make


# Names added to a namespace (keyed by its path under tf.compat.v1, "" for the top): "module:attribute"
# strings or zero-argument factories, resolved on first use. Rows of tfcompat/spec/renames.py: add them there.
OVERRIDES: dict[str, dict[str, str | Callable[[], Any]]] = {
    namespace: dict(names) for namespace, names in spec_renames.runtime_overrides().items()
}
for _namespace, _rows in spec_renames.runtime_renames().items():
    OVERRIDES.setdefault(_namespace, {}).update({name: _renamed_row(*row) for name, row in _rows.items()})

# Paths under tfcompat.v1 that are other modules (a prefix covers its submodules) and the bare packages on
# their paths: moved to tfcompat/spec/modules.py (MODULES) -- add a row there, not here.
MODULE_ALIASES: dict[str, str] = spec_modules.aliases()
for _namespace, _names in _keras.fallback_overrides(MODULE_ALIASES["keras"]).items():
    OVERRIDES.setdefault(_namespace, {}).update(_names)
BARE_PACKAGES = spec_modules.bare_packages()


def resolve(spec: str | Callable[[], Any]) -> Any:
    """The object an OVERRIDES entry names."""
    if callable(spec):
        return spec()
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


def alias_target(path: str) -> str | None:
    """The real module behind ``tfcompat.v1.<path>``, if it is an alias (one whose extra is missing is not)."""
    target = spec_modules.served_by(path)
    return target if target is None or _keras.provided(target) else None


def compat_module(path: str) -> Any | None:
    """``tf.compat.v1.<path>`` when it is a module, else None."""
    node: Any = tf.compat.v1
    for part in path.split(".") if path else ():
        node = getattr(node, part, None)
        if not isinstance(node, types.ModuleType):
            return None
    return node


def is_submodule(path: str) -> bool:
    """Whether ``tfcompat.v1.<path>`` is imported as a module rather than read as an attribute."""
    return path in BARE_PACKAGES or alias_target(path) is not None or compat_module(path) is not None


def lookup(path: str, target: Any, name: str) -> Any:
    """Attribute ``name`` of namespace ``path``: an override, a submodule, or ``target``'s own."""
    spec = OVERRIDES.get(path, {}).get(name)
    if spec is not None:
        return resolve(spec)
    full = f"{path}.{name}" if path else name
    if not name.startswith("_") and is_submodule(full):
        real = alias_target(full)
        try:
            return importlib.import_module(f"{PACKAGE}.{full}")
        except ModuleNotFoundError as error:
            if real is None or error.name != real:
                raise
            raise AttributeError(f"tf.{full} needs {real}, which this tfcompat does not have") from error
    try:
        return getattr(target, name)
    except AttributeError:
        if name.startswith("_"):
            raise
        raise AttributeError(missing_text(f"tf.{full}"), name=name, obj=target) from None


def names(path: str, target: Any) -> list[str]:
    """Every public name of namespace ``path``, for ``dir()``."""
    depth = path.count(".") + 1 if path else 0
    extra = {alias.split(".")[depth] for alias in MODULE_ALIASES
             if (alias.startswith(path + ".") if path else True) and alias.count(".") >= depth}
    return sorted(set(dir(target)) | set(OVERRIDES.get(path, {})) | extra)


class Namespace(types.ModuleType):
    """``tfcompat.v1.<path>``: forwards to ``tf.compat.v1.<path>`` and adds the removed names."""

    def __init__(self, path: str, target: Any) -> None:
        super().__init__(f"{PACKAGE}.{path}", getattr(target, "__doc__", None))
        self.__path__: list[str] = []
        self._tfcompat_path = path
        self._tfcompat_target = target

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name.startswith("_tfcompat"):
            raise AttributeError(name)
        value = lookup(self._tfcompat_path, self._tfcompat_target, name)
        setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return names(self._tfcompat_path, self._tfcompat_target)


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, path: str) -> None:
        self._path = path
        self._target_spec: Any = None

    def create_module(self, spec: Any) -> types.ModuleType:
        target = alias_target(self._path)
        if target is None:
            bare = types.ModuleType(self._path) if self._path in BARE_PACKAGES else None
            return Namespace(self._path, bare or compat_module(self._path))
        module = importlib.import_module(target)
        self._target_spec = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run; an aliased module gets back the ``__spec__`` the import system replaced."""
        if self._target_spec is not None:
            module.__spec__ = self._target_spec


class AliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``tfcompat.v1.<path>`` for namespaces and aliases that have no file."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if not fullname.startswith(PACKAGE + "."):
            return None
        relative = fullname[len(PACKAGE) + 1:]
        if relative.startswith("_") or not is_submodule(relative):
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(relative), is_package=True)


def install_finder() -> None:
    """Put the alias finder first on ``sys.meta_path`` (once), so aliased
    packages' submodules are not found again, as copies, through their ``__path__``."""
    if not any(isinstance(finder, AliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, AliasFinder())
