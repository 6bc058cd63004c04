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
        """Whether a pattern matches this entry itself, not only a directory above it.

        The walk never enters an ignored directory, so a match inherited from a parent can only come from
        the named path or above it: a path the user names is checked even inside an ignored folder."""
        for base, spec in self._specs.items():
            try:
                relative = path.relative_to(base).as_posix()
            except ValueError:
                continue
            parent = relative.rpartition("/")[0]
            verdict = False
            for pattern in spec.patterns:  # type: ignore[attr-defined]
                if pattern.include is None or not pattern.match_file(relative + ("/" if is_dir else "")):
                    continue
                if parent and pattern.match_file(parent + "/"):
                    continue  # matched through the parent directory only
                verdict = pattern.include  # the last matching pattern wins, as in git
            if verdict:
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
    seen: set[object] = set()
    ignores = _GitIgnores()

    def add(path: Path) -> None:
        key = _identity(path)
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


def _identity(path: Path) -> object:
    """One key per file, whatever the name: a symlink or a hard link is the same file (written once)."""
    try:
        info = path.stat()
    except OSError:
        return os.path.realpath(path)
    return info.st_dev, info.st_ino


def _walk(path: Path, absolute: Path, settings: Settings, ignores: _GitIgnores, found: Discovery, add) -> None:
    def unreadable(exc: OSError) -> None:
        reason = (exc.strerror or str(exc)).lower()
        found.errors.append(f"{Path(exc.filename or path)}: cannot read directory ({reason})")

    for directory, dirnames, filenames in os.walk(path, onerror=unreadable):
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
            if not file.is_file():  # a FIFO would block the read forever, /dev/zero never ends
                found.warnings.append(f"{file}: not a regular file, skipped")
                continue
            add(file)
