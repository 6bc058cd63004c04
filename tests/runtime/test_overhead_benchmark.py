"""The runtime-overhead benchmark runs every row it lists and prints a ratio for each (a smoke run)."""
from __future__ import annotations

import re
import sys

from runtime_helpers import ROOT, run_python

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_runtime_overhead import PAIRS  # noqa: E402


def test_every_row_runs_and_gets_a_ratio() -> None:
    result = run_python(
        f"""
        import runpy, sys
        sys.argv = ["bench", "--calls", "2", "--repeats", "1", "--graph-ops", "1"]
        runpy.run_path({str(ROOT / "benchmarks" / "bench_runtime_overhead.py")!r}, run_name="__main__")
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for table in ("eager: time per call", "graph building: time per op added"):
        rows = result.stdout.split(table, 1)[1]
        for name in PAIRS:
            assert re.search(rf"^{re.escape(name)}\s+[\d.]+\s+[\d.]+\s+[\d.]+$", rows, re.MULTILINE), (table, name)
