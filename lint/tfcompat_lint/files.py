"""Find the files to check: directories walked with excludes and .gitignore honoured."""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import Settings

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each; make the run exit 2
    warnings: list[str] = field(default_factory=list)


class _GitIgnores:
    """The .gitignore files met on the way down, each applying below its own directory."""

    def __init__(self) -> None:
        self._specs: dict[Path, object] = {}

    def load(self, directory: Path) -> None:
        path = directory / ".gitignore"
        if directory in self._specs or not path.is_file():
            return
        import pathspec

        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        self._specs[directory] = pathspec.GitIgnoreSpec.from_lines(lines)

    def load_parents(self, start: Path) -> None:
        for directory in (start, *start.parents):
            self.load(directory)
            if (directory / ".git").exists():
                break

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in self._specs.items():
            try:
                relative = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if spec.match_file(relative + ("/" if is_dir else "")):  # type: ignore[attr-defined]
                return True
        return False


@lru_cache(maxsize=8)
def _pattern(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """All exclude globs as one regex (fnmatch semantics)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or "(?!)")


def _excluded(path: Path, root: Path, patterns: list[str]) -> bool:
    regex = _pattern(tuple(patterns))
    if regex.match(path.name):
        return True
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return regex.match(relative) is not None


def discover(paths: list[str], settings: Settings) -> Discovery:
    """Every file to lint under `paths`, sorted, each once."""
    found = Discovery()
    seen: set[str] = set()
    ignores = _GitIgnores()

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and not path.exists():
            found.errors.append(f"{raw}: broken symbolic link (its target does not exist)")
        elif not path.exists():
            found.errors.append(f"{raw}: no such file or directory")
        elif path.is_file():
            add(path)  # an explicitly named file is always checked
        elif path.is_dir():
            absolute = path.resolve()
            if settings.respect_gitignore:
                ignores.load_parents(absolute)
            _walk(path, absolute, settings, ignores, found, add)
        else:
            found.errors.append(f"{raw}: not a regular file or directory")
    found.files.sort()
    return found


def _walk(path: Path, absolute: Path, settings: Settings, ignores: _GitIgnores, found: Discovery, add) -> None:
    for directory, dirnames, filenames in os.walk(path):
        current = Path(directory)
        current_abs = absolute / current.relative_to(path)
        if settings.respect_gitignore:
            ignores.load(current_abs)
        kept = []
        for name in sorted(dirnames):
            sub = current_abs / name
            if _excluded(sub, settings.root, settings.exclude) or (
                settings.respect_gitignore and ignores.ignored(sub, True)
            ):
                continue
            if (current / name).is_symlink():
                continue  # not followed: avoids loops and files outside the tree
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            file = current / name
            file_abs = current_abs / name
            if _excluded(file_abs, settings.root, settings.exclude) or (
                settings.respect_gitignore and ignores.ignored(file_abs, False)
            ):
                continue
            if file.is_symlink() and not file.exists():
                found.warnings.append(f"{file}: broken symbolic link, skipped")
                continue
            add(file)
