"""Settings from `[tool.tfcompat]` in the nearest pyproject.toml, overridden by the command line."""
from __future__ import annotations

import fnmatch
import hashlib
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", ".eggs", "__pycache__", "build", "dist",
                   "node_modules", "site-packages", ".mypy_cache", ".ruff_cache", ".pytest_cache",
                   ".tfcompat_cache", ".ipynb_checkpoints")
KNOWN_KEYS = {"select", "ignore", "extend-select", "exclude", "extend-exclude", "per-file-ignores",
              "respect-gitignore", "cache-dir", "unsafe-fixes", "py2"}


class ConfigError(Exception):
    """A broken `[tool.tfcompat]` table: the message names the file, key and fix."""


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["TFC"])
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    respect_gitignore: bool = True
    cache_dir: str = ".tfcompat_cache"
    unsafe_fixes: bool = False
    py2: bool = False
    root: Path = field(default_factory=Path.cwd)  # the directory holding the config (or cwd)

    def enabled(self, code: str, path: str | None = None) -> bool:
        """ruff's rule: the longest matching prefix of --select/--ignore wins."""
        key = (code, path)
        cache = self.__dict__.setdefault("_enabled_memo", {})  # settings are final by the first call
        if key not in cache:
            cache[key] = self._enabled(code, path)
        return cache[key]

    def _enabled(self, code: str, path: str | None) -> bool:
        ignore = list(self.ignore)
        if path is not None:
            for pattern, codes in self.per_file_ignores.items():
                if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                    ignore.extend(codes)
        selected = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ignored = max((len(p) for p in ignore if code.startswith(p)), default=-1)
        return selected >= 0 and selected > ignored

    def fingerprint(self) -> str:
        data = asdict(self)
        data["root"] = str(self.root)
        return hashlib.blake2b(json.dumps(data, sort_keys=True).encode(), digest_size=8).hexdigest()


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for directory in (start, *start.parents) if start.is_dir() else start.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _codes(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes or prefixes, e.g. [\"TFC1\", \"TFC203\"]")
    from .selectors import UnknownSelector, validate_selectors

    try:
        return validate_selectors(value)
    except UnknownSelector as exc:
        raise ConfigError(f"{where}: {exc}") from None


def load_settings(config: Path | None, start: Path) -> Settings:
    """Settings from `config` (or the nearest pyproject.toml above `start`)."""
    path = config or find_pyproject(start)
    settings = Settings(root=(path.parent if path else Path.cwd()).resolve())
    if path is None:
        return settings
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    where = f"{path}: [tool.tfcompat]"
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: `tool` must be a table (settings go under [tool.tfcompat]); "
                              f"it is {repr(tool)[:40]}")
        table = tool.get("tfcompat")
    else:
        table = data
    if table is None:
        return settings
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(sorted(KNOWN_KEYS))}")
    if "select" in table:
        settings.select = _codes(table["select"], f"{where}.select")
    if "extend-select" in table:
        settings.select += _codes(table["extend-select"], f"{where}.extend-select")
    if "ignore" in table:
        settings.ignore = _codes(table["ignore"], f"{where}.ignore")
    for key in ("exclude", "extend-exclude"):
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}.{key}: expected a list of glob patterns")
            settings.exclude = (list(value) if key == "exclude" else settings.exclude + list(value))
    if "per-file-ignores" in table:
        value = table["per-file-ignores"]
        if not isinstance(value, dict):
            raise ConfigError(f"{where}.per-file-ignores: expected a table of \"glob\" = [codes]")
        settings.per_file_ignores = {k: _codes(v, f"{where}.per-file-ignores.{k}") for k, v in value.items()}
    for key, attr in (("respect-gitignore", "respect_gitignore"), ("unsafe-fixes", "unsafe_fixes"), ("py2", "py2")):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(f"{where}.{key}: expected true or false")
            setattr(settings, attr, table[key])
    if "cache-dir" in table:
        if not isinstance(table["cache-dir"], str):
            raise ConfigError(f"{where}.cache-dir: expected a path string")
        settings.cache_dir = table["cache-dir"]
    return settings
