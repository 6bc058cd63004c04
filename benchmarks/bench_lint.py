"""tfcompat-lint and tfcompat-migrate against TensorFlow's own upgrade engine, side by side in one run.

The lint rows print every diagnostic (`concise`; the corpus has ~15k); the JSON row adds every fix's edits.
The large-file rows lint and migrate one generated TF 0.x file (16 fixes per 0.55 KB) at 1/16 of `--large` KB
and at `--large` KB: equal time per KB at both sizes means the cost is linear in the fixes.

    python benchmarks/bench_lint.py [--files 400] [--lines 70000] [--large 5120 | --large 0] [--large-only]

Prints wall times and the ratios the issues target: cold lint >= 10x and warm lint >= 50x faster than
`ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec()).process_file` per file (its TF import excluded),
migrate >= 3x faster; `tfcompat-lint --version` < 0.2 s; peak memory < 150 MB; the large file migrated in
< 60 s with time per KB within 1.5x of the small one's.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import corpus_lines, legacy_blocks, legacy_module, make_corpus  # noqa: E402

LINT = [sys.executable, "-m", "tfcompat_lint.cli_lint", "--output-format", "concise", "--exit-zero"]
MIGRATE = [sys.executable, "-m", "tfcompat_lint.cli_migrate"]


def _timed(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """(seconds, exit code, peak RSS in MB of the process tree's largest process) for one command."""
    wrapper = ("import resource, subprocess, sys, time\n"
               "t = time.perf_counter(); rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL,"
               " stderr=subprocess.DEVNULL)\n"
               "print(time.perf_counter() - t, rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as users run it: .pyc cached
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, capture_output=True, text=True,
                         env=env).stdout
    seconds, rc, rss = out.split()
    return float(seconds), int(rc), int(rss) // 1024


def _upgrader_seconds(paths: list[Path], out_dir: Path) -> float:
    """TensorFlow's tf_upgrade_v2 engine over the files in this process, import excluded."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from tensorflow.tools.compatibility import ast_edits, tf_upgrade_v2

    upgrader = ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec())
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        start = time.perf_counter()
        for path in paths:
            upgrader.process_file(str(path), str(out_dir / path.name))
        return time.perf_counter() - start


def _large_file_rows(work: Path, kilobytes: int) -> None:
    """Lint and migrate (diff, as users run it) one generated file at kilobytes/16 and at kilobytes."""
    rows = []
    for size in (kilobytes // 16, kilobytes):
        path = work / f"generated_{size}kb.py"
        path.write_text(legacy_module(legacy_blocks(size)), encoding="utf-8")
        lint, lint_rc, lint_rss = _timed([*LINT, "--no-cache", path.name], work)
        migrate, migrate_rc, migrate_rss = _timed([*MIGRATE, "--no-cache", "-q", path.name], work)
        assert lint_rc == 0 and migrate_rc == 1, "lint or migrate failed on the generated file"
        rows.append((path.stat().st_size / 1024, lint, migrate, lint_rss, migrate_rss))
    print(f"{'one generated file':18s} {'KB':>6s} {'lint s':>7s} {'ms/KB':>6s} {'migrate s':>9s} {'ms/KB':>6s} "
          f"{'lint MB':>7s} {'migrate MB':>10s}")
    for kb, lint, migrate, lint_rss, migrate_rss in rows:
        print(f"{'':18s} {kb:6.0f} {lint:7.2f} {lint / kb * 1000:6.2f} {migrate:9.2f} {migrate / kb * 1000:6.2f} "
              f"{lint_rss:7d} {migrate_rss:10d}")
    (small_kb, small_lint, small_migrate, _, _), (kb, lint, migrate, _, _) = rows
    lint_ratio = (lint / kb) / (small_lint / small_kb)
    migrate_ratio = (migrate / kb) / (small_migrate / small_kb)
    print(f"time per KB, large / small: lint {lint_ratio:.2f}x, migrate {migrate_ratio:.2f}x; targets: migrate < 60 s "
          f"{'OK' if migrate < 60 else 'MISSED'}; per KB within 1.5x "
          f"{'OK' if max(lint_ratio, migrate_ratio) < 1.5 else 'MISSED'}")


def _corpus_rows(work: Path, files: int, lines: int) -> None:
    """The corpus rows: lint cold, warm, JSON and migrate --write, against tf_upgrade_v2's engine."""
    corpus = work / "corpus"
    paths = make_corpus(corpus, files, lines)
    print(f"corpus: {len(paths)} files, {corpus_lines(paths)} lines (from fixtures/)")
    lint_json = [sys.executable, "-m", "tfcompat_lint.cli_lint", "--output-format", "json", "--exit-zero"]

    version, _, _ = _timed([sys.executable, "-m", "tfcompat_lint.cli_lint", "--version"], work)
    cold, rc, cold_rss = _timed([*LINT, "--no-cache", "corpus"], work)
    assert rc == 0, "lint failed"
    _timed([*LINT, "--cache-dir", str(work / "cache"), "corpus"], work)  # fills the cache
    warm, _, warm_rss = _timed([*LINT, "--cache-dir", str(work / "cache"), "corpus"], work)
    warm_json, _, warm_json_rss = _timed([*lint_json, "--cache-dir", str(work / "cache"), "corpus"], work)
    migrate_copy = work / "migrate"
    shutil.copytree(corpus, migrate_copy)
    migrate, rc, migrate_rss = _timed([*MIGRATE, "--write", "-q", "migrate"], work)
    upgrade_out = work / "upgraded"
    upgrade_out.mkdir()
    upgrader = _upgrader_seconds(paths, upgrade_out)

    print(f"{'tool':44s} {'seconds':>8s} {'vs tf_upgrade_v2':>17s} {'peak MB':>8s}")
    print(f"{'tf_upgrade_v2 engine (process_file, no import)':44s} {upgrader:8.2f} {'1.0x':>17s} {'':>8s}")
    for name, seconds, rss in (("tfcompat-lint, cold (no cache)", cold, cold_rss),
                               ("tfcompat-lint, warm (cache)", warm, warm_rss),
                               ("tfcompat-lint, warm, all fixes as JSON", warm_json, warm_json_rss),
                               ("tfcompat-migrate --write", migrate, migrate_rss)):
        print(f"{name:44s} {seconds:8.2f} {upgrader / seconds:16.1f}x {rss:8d}")
    print(f"tfcompat-lint --version: {version:.3f} s")
    print(f"targets: cold >= 10x {'OK' if upgrader / cold >= 10 else 'MISSED'}; "
          f"warm >= 50x {'OK' if upgrader / warm >= 50 else 'MISSED'}; "
          f"migrate >= 3x {'OK' if upgrader / migrate >= 3 else 'MISSED'}; "
          f"--version < 0.2 s {'OK' if version < 0.2 else 'MISSED'}; "
          f"peak < 150 MB {'OK' if max(cold_rss, warm_rss, warm_json_rss) < 150 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--lines", type=int, default=70_000)
    parser.add_argument("--large", type=int, default=5120, metavar="KB", help="generated file size (0: skip)")
    parser.add_argument("--large-only", action="store_true", help="only the generated-file rows")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tfcompat-bench-"))
    _timed([sys.executable, "-m", "tfcompat_lint.cli_lint", "--version"], work)  # writes .pyc files once
    if not args.large_only:
        _corpus_rows(work, args.files, args.lines)
    if args.large:
        _large_file_rows(work, args.large)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
