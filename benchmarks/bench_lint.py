"""tfcompat-lint and tfcompat-migrate against TensorFlow's own upgrade engine, side by side in one run.

The lint rows print every diagnostic (`concise`; the corpus has ~15k); the JSON row adds every fix's edits.

    python benchmarks/bench_lint.py [--files 400] [--lines 70000]

Prints wall times and the ratios the issues target: cold lint >= 10x and warm lint >= 50x faster than
`ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec()).process_file` per file (its TF import excluded),
migrate >= 3x faster; `tfcompat-lint --version` < 0.2 s; peak memory < 150 MB.
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
from corpus import corpus_lines, make_corpus  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--lines", type=int, default=70_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tfcompat-bench-"))
    corpus = work / "corpus"
    paths = make_corpus(corpus, args.files, args.lines)
    print(f"corpus: {len(paths)} files, {corpus_lines(paths)} lines (from fixtures/)")
    lint = [sys.executable, "-m", "tfcompat_lint.cli_lint", "--output-format", "concise", "--exit-zero"]
    lint_json = [sys.executable, "-m", "tfcompat_lint.cli_lint", "--output-format", "json", "--exit-zero"]

    _timed([sys.executable, "-m", "tfcompat_lint.cli_lint", "--version"], work)  # writes .pyc files once
    version, _, _ = _timed([sys.executable, "-m", "tfcompat_lint.cli_lint", "--version"], work)
    cold, rc, cold_rss = _timed([*lint, "--no-cache", "corpus"], work)
    assert rc == 0, "lint failed"
    _timed([*lint, "--cache-dir", str(work / "cache"), "corpus"], work)  # fills the cache
    warm, _, warm_rss = _timed([*lint, "--cache-dir", str(work / "cache"), "corpus"], work)
    warm_json, _, warm_json_rss = _timed([*lint_json, "--cache-dir", str(work / "cache"), "corpus"], work)
    migrate_copy = work / "migrate"
    shutil.copytree(corpus, migrate_copy)
    migrate, rc, migrate_rss = _timed([sys.executable, "-m", "tfcompat_lint.cli_migrate", "--write", "-q", "migrate"], work)
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
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
