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
    """One file per (tool fingerprint, settings) in the cache directory, keyed by the path as given (the cache
    directory sits at the project root, so paths are relative to the same place).

    The file is a digest line, then the JSON of the entries: a file whose JSON does not hash to its digest
    (truncated, hand-edited, written by something else) is ignored and rebuilt, so the entries read back are
    exactly what `put` stored and need no checking of their shape."""

    def __init__(self, directory: Path, settings_key: str) -> None:
        self.path = directory / f"lint-{code_fingerprint()}-{settings_key}.json"
        self.entries: dict[str, list] = {}
        self.dirty = False
        try:
            digest, _, payload = self.path.read_text(encoding="utf-8").partition("\n")
        except (OSError, ValueError):
            return
        if digest == _digest(payload):
            self.entries = json.loads(payload)
        else:
            self.dirty = True  # a damaged file is replaced on save

    def get(self, path: str, key: str) -> list | None:
        """The diagnostics stored for `path` at content `key`; None if absent or stale."""
        entry = self.entries.get(path)
        return entry[1] if entry is not None and entry[0] == key else None

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
            payload = json.dumps(self.entries, separators=(",", ":"))
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"{_digest(payload)}\n{payload}")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs speed


def _digest(payload: str) -> str:
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()
