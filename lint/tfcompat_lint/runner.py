"""Lint many files: cache, parallel workers, and one failing file never stopping the run."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, content_key
from .config import Settings
from .diagnostics import Diagnostic
from .noqa import unknown_codes
from .workers import worker_pool


@dataclass
class FileResult:
    path: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None  # could not be read or decoded
    unknown_noqa: list[tuple[int, str]] = field(default_factory=list)  # (row, code) of `# noqa` codes naming no rule


def lint_bytes(data: bytes, notebook: bool) -> list[Diagnostic]:
    """Diagnostics for one file's raw bytes (raises UndecodableSource, ValueError)."""
    from .engine import lint_notebook, lint_python
    from .source import decode, decode_notebook

    if notebook:
        return lint_notebook(decode_notebook(data).removeprefix("\ufeff"))
    return lint_python(decode(data))


def _lint_one(path: str) -> tuple[str, list | None, str | None]:
    """Worker entry: (path, diagnostics as tuples, error)."""
    from .source import UndecodableSource

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return path, None, f"cannot read: {exc.strerror or exc}"
    try:
        diagnostics = lint_bytes(data, path.endswith(".ipynb"))
    except UndecodableSource as exc:  # a finding (TFC902) that --exit-zero covers, not a failed run
        return path, [Diagnostic("TFC902", f"cannot decode: {exc}", 1, 0, 1, 0).to_tuple()], None
    except ValueError as exc:
        return path, None, f"not a valid notebook: {exc}"
    except (RecursionError, MemoryError):  # the parser gives up on very deep nesting (`x = ---...y`)
        return path, None, "too deeply nested to analyse"
    return path, [d.to_tuple() for d in diagnostics], None


def lint_files(files: list[Path], settings: Settings, jobs: int, use_cache: bool,
               progress: Callable[[int], None] | None = None) -> list[FileResult]:
    cache = Cache(settings.root / settings.cache_dir, settings.fingerprint()) if use_cache else None
    results: dict[str, FileResult] = {}
    misses: list[tuple[str, str]] = []
    unknown_noqa: dict[str, list[tuple[int, str]]] = {}
    for path in files:
        key = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            results[key] = FileResult(path, error=f"cannot read: {exc.strerror or exc}")
            continue
        unknown_noqa[key] = list(unknown_codes(data))  # read here once, for the cache key too
        digest = content_key(data)
        cached = cache.get(key, digest) if cache else None
        if cached is not None:
            results[key] = FileResult(path, [Diagnostic.from_tuple(d) for d in cached])
            if progress:
                progress(1)
        else:
            misses.append((key, digest))
    workers = worker_count(jobs, len(misses))
    if workers > 1:
        with worker_pool(workers) as pool:
            outcomes = pool.map(_lint_one, [m[0] for m in misses], chunksize=max(1, len(misses) // (workers * 8)))
            _collect(outcomes, misses, results, cache, progress)
    else:
        _collect(map(_lint_one, [m[0] for m in misses]), misses, results, cache, progress)
    if cache:
        cache.save()
    for key, codes in unknown_noqa.items():
        results[key].unknown_noqa = codes
    for result in results.values():
        if result.diagnostics:
            relative = relative_path(result.path, settings.root)
            result.diagnostics = [d for d in result.diagnostics if settings.enabled(d.code, relative)]
    return [results[str(p)] for p in files]


def _collect(outcomes, misses, results, cache, progress) -> None:
    digests = dict(misses)
    for path, diagnostics, error in outcomes:
        if error is not None:
            results[path] = FileResult(Path(path), error=error)
        else:
            results[path] = FileResult(Path(path), [Diagnostic.from_tuple(d) for d in diagnostics])
            if cache:
                cache.put(path, digests[path], diagnostics)
        if progress:
            progress(1)


def worker_count(jobs: int, count: int) -> int:
    """Worker processes for `count` files: `-j` when given, else one for small runs, up to 8."""
    if jobs > 0:
        return min(jobs, max(count, 1))
    if count < 64:
        return 1
    return min(os.cpu_count() or 1, 8)


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to the project root, as settings and reports spell it (as given when outside it)."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
