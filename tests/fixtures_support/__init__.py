"""Run the legacy fixture programs and compare their ``RESULT`` lines with numpy-made expectations."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "FIXTURES_DIR",
    "assert_matches",
    "expected_path",
    "list_programs",
    "load_expected",
    "mnist_dir",
    "parse_results",
    "run_program",
]

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
RESULT_PREFIX = "RESULT "
_mnist_cache: Path | None = None


def list_programs() -> list[Path]:
    """Every runnable fixture program (``fixtures/notes/*.py`` then ``fixtures/programs/*.py``), sorted."""
    return sorted((FIXTURES_DIR / "notes").glob("[0-9]*.py")) + sorted((FIXTURES_DIR / "programs").glob("*.py"))


def expected_path(program: str | Path) -> Path:
    """The ``*.expected.json`` file that sits beside ``program``'s original in ``fixtures/``."""
    program = Path(program)
    for folder in ("notes", "programs"):
        candidate = FIXTURES_DIR / folder / (program.stem + ".expected.json")
        if candidate.exists():
            return candidate
    return program.with_suffix(".expected.json")


def load_expected(path: str | Path) -> dict[str, Any]:
    """Load an expected file (or the one belonging to a program path)."""
    path = Path(path)
    if path.suffix == ".py":
        path = expected_path(path)
    return json.loads(path.read_text(encoding="utf-8"))


def mnist_dir() -> Path:
    """A directory holding the synthetic MNIST idx files, written once per process."""
    global _mnist_cache
    if _mnist_cache is None:
        sys.path.insert(0, str(FIXTURES_DIR / "mnist"))
        try:
            from make_idx import write_mnist
        finally:
            sys.path.pop(0)
        _mnist_cache = write_mnist(Path(tempfile.mkdtemp(prefix="tfcompat_mnist_")))
    return _mnist_cache


def parse_results(stdout: str) -> dict[str, Any]:
    """The ``RESULT <name> <json>`` lines of a program's stdout as a dict."""
    results: dict[str, Any] = {}
    for line in stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            name, _, payload = line[len(RESULT_PREFIX):].partition(" ")
            results[name] = json.loads(payload)
    return results


def run_program(path: str | Path, env: dict[str, str] | None = None, timeout: float = 300.0) -> dict[str, Any]:
    """Run ``path`` with this interpreter in a fresh temp cwd and return its parsed ``RESULT`` values."""
    path = Path(path).resolve()
    full_env = dict(os.environ)
    full_env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    full_env.update(env or {})
    repo_root = str(FIXTURES_DIR.parent)
    full_env["PYTHONPATH"] = os.pathsep.join(p for p in (repo_root, full_env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory(prefix="tfcompat_run_") as workdir:
        full_env.setdefault("TFCOMPAT_TMPDIR", workdir)
        if "TFCOMPAT_MNIST_DIR" not in full_env and "TFCOMPAT_MNIST_DIR" in path.read_text(encoding="utf-8"):
            full_env["TFCOMPAT_MNIST_DIR"] = str(mnist_dir())
        proc = subprocess.run([sys.executable, str(path)], cwd=workdir, env=full_env, capture_output=True,
                              text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"{path.name} exited {proc.returncode}:\n{proc.stderr[-4000:]}")
    results = parse_results(proc.stdout)
    if not results:
        raise AssertionError(f"{path.name} printed no RESULT lines:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return results


def _compare(name: str, actual: Any, wanted: Any, rtol: float, atol: float) -> None:
    if isinstance(wanted, str) or (isinstance(wanted, list) and any(isinstance(w, str) for w in wanted)):
        assert actual == wanted, f"{name}: got {actual!r}, expected {wanted!r}"
        return
    if wanted is None or (isinstance(wanted, list) and any(w is None for w in wanted)):
        assert actual == wanted, f"{name}: got {actual!r}, expected {wanted!r}"
        return
    got, exp = np.asarray(actual, dtype=np.float64), np.asarray(wanted, dtype=np.float64)
    assert got.shape == exp.shape, f"{name}: shape {got.shape}, expected {exp.shape}"
    assert np.allclose(got, exp, rtol=rtol, atol=atol), (
        f"{name}: max abs diff {np.max(np.abs(got - exp)) if got.size else 0:.3g}\n got {actual}\n expected {wanted}")


def _check(results: dict[str, Any], check: dict[str, Any]) -> None:
    """One invariant ``{"key", "op", "value"?, "index"?}``; op: <, <=, >, >=, close, between, decreasing, finite.

    ``index`` picks one element of a list result first; ``close`` uses the check's rtol/atol (1e-4/1e-5).
    """
    key, op = check["key"], check["op"]
    assert key in results, f"check on missing result {key!r}"
    value = np.asarray(results[key], dtype=np.float64)
    if "index" in check:
        value = value[check["index"]]
    bound = check.get("value")
    if op == "close":
        ok = bool(np.allclose(value, bound, rtol=check.get("rtol", 1e-4), atol=check.get("atol", 1e-5)))
    elif op == "finite":
        ok = bool(np.all(np.isfinite(value)))
    elif op == "decreasing":
        ok = bool(value[-1] < value[0])
    elif op == "between":
        ok = bool(np.all((value >= bound[0]) & (value <= bound[1])))
    else:
        ok = bool(np.all({"<": value < bound, "<=": value <= bound, ">": value > bound, ">=": value >= bound}[op]))
    assert ok, f"check failed: {key} {op} {bound} (got {results[key]}) — {check.get('why', '')}"


def assert_matches(results: dict[str, Any], expected: dict[str, Any]) -> None:
    """Every expected result present and close (the file's rtol/atol, per-key overrides), every check holding."""
    rtol, atol = expected.get("rtol", 1e-5), expected.get("atol", 1e-6)
    per_key = expected.get("tolerances", {})
    missing = sorted(set(expected["results"]) - set(results))
    assert not missing, f"missing RESULT lines: {missing}"
    for name, wanted in expected["results"].items():
        tol = per_key.get(name, {})
        _compare(name, results[name], wanted, tol.get("rtol", rtol), tol.get("atol", atol))
    for check in expected.get("checks", []):
        _check(results, check)
