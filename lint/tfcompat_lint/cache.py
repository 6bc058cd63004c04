"""Lint results cached per file, keyed on content hash, tool version and the checks' own code."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from . import __version__

_PACKAGE = Path(__file__).parent


def code_fingerprint() -> str:
    """Changes whenever the linter or its data changes (version, file sizes and mtimes)."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".txt", ".json"):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def content_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """One JSON file per (tool fingerprint, settings) in the cache directory, keyed by the path as given
    (the cache directory sits at the project root, so paths are relative to the same place)."""

    def __init__(self, directory: Path, settings_key: str) -> None:
        self.path = directory / f"lint-{code_fingerprint()}-{settings_key}.json"
        self.entries: dict[str, list] = {}
        self.dirty = False
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(entries, dict):  # anything else is a damaged file: rebuilt from scratch
            self.entries = entries

    def get(self, path: str, key: str) -> list | None:
        """The diagnostics stored for `path` at content `key`; None if absent, stale or damaged."""
        entry = self.entries.get(path)
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == key):
            return None
        return entry[1] if _well_formed(entry[1]) else None

    def put(self, path: str, key: str, diagnostics: list) -> None:
        self.entries[path] = [key, diagnostics]
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs speed


def _ints(*values: object) -> bool:
    return all(type(v) is int for v in values)


def _well_formed(diagnostics: object) -> bool:
    """Whether cached diagnostics have the shape `Diagnostic.to_tuple` gives (a damaged entry is a miss)."""
    if not isinstance(diagnostics, list):
        return False
    try:
        for code, message, row, col, end_row, end_col, fix, cell in diagnostics:
            if not (isinstance(code, str) and isinstance(message, str) and _ints(row, col, end_row, end_col)
                    and (cell is None or _ints(cell))):
                return False
            if fix is not None:
                text, edits, safety = fix
                if not (isinstance(text, str) and isinstance(safety, str) and isinstance(edits, list)):
                    return False
                for *position, content in edits:
                    if not (len(position) == 4 and _ints(*position) and isinstance(content, str)):
                        return False
    except (TypeError, ValueError):  # not iterable, or the wrong number of fields
        return False
    return True
