"""How each name of TensorFlow's old public API fares on TF 2.21, per module family.

Usage::

    python scripts/api_coverage.py [--markdown] [--runtime]

Reads the name lists in ``lint/tfcompat_lint/data/tf_api/`` (written by
``scripts/extract_tf_api.py``) and classifies every name that is not a module,
from the repo's own data (TensorFlow is not imported), first fate that fits:

- ``native``: the same dotted name is in TF 2.21's API snapshot;
- ``tfcompat``: the codemod rewrites it to a ``tfcompat.`` name;
- ``renamed``: the codemod rewrites it to another name the snapshot has;
- ``compat.v1``: the codemod rewrites it to ``tf.compat.v1.<name>``;
- ``reported``: the linter reports it, with a reason, and leaves it for review;
- ``unhandled``: the linter is silent on it.

The rewrite is the one the linter decides (``verdicts.settle`` for a name's own
row, ``verdicts.fallback`` for a name covered by its module's row or by none), so
this table counts what ``tfcompat-migrate`` does, not which rows exist.

``--runtime`` adds a column: how many names ``import tfcompat.v1`` serves as
``tfcompat.v1.<name>`` (imports TensorFlow).  ``--markdown`` prints the table
as Markdown (the README's "API coverage" section is this output).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lint"))

from tfcompat_lint import api_snapshot, registry, verdicts  # noqa: E402
from tfcompat_lint.registry import Safety  # noqa: E402

FATES = ("native", "tfcompat", "renamed", "compat.v1", "reported", "unhandled")
RUNTIME = "tfcompat.v1"
_LISTS = "tf_api"


def families() -> dict[str, list[str]]:
    """Each family's name list (``tf-1.15-contrib`` -> names), modules end with ``/``."""
    folder = resources.files("tfcompat_lint").joinpath("data", _LISTS)
    lists = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt") and not entry.name.endswith(".rules.txt"):
            lines = entry.read_text(encoding="utf-8").splitlines()
            lists[entry.name[: -len(".txt")]] = [line for line in lines if not line.startswith("#")]
    return lists


def fate(name: str) -> str:
    """The fate in ``FATES`` of ``name`` (``tf.pack`` -> ``renamed``)."""
    if api_snapshot.exists(name):
        return "native"
    new = written(name)
    if new is None:
        return "reported" if registry.lookup(name) or verdicts.fallback(name) else "unhandled"
    if new.startswith("tfcompat."):
        return "tfcompat"
    return "compat.v1" if new == "tf.compat.v1" + name[len("tf"):] else "renamed"


def written(name: str) -> str | None:
    """The spelling the codemod writes for ``name``, or None when it leaves the name for review."""
    settled = verdicts.settle(name)
    if settled is not None:
        return settled[0]
    verdict = verdicts.fallback(name)
    if verdict is None or verdict.new is None or verdict.safety is Safety.MANUAL:
        return None
    return verdict.new


def symbols(names: Iterable[str]) -> list[str]:
    """The names that are not modules."""
    return [name for name in names if not name.endswith("/")]


def served(name: str) -> bool:
    """True if ``tfcompat.v1.<name without tf.>`` resolves (imports TensorFlow)."""
    import importlib

    obj: object = importlib.import_module(RUNTIME)
    for part in name.split(".")[1:]:
        try:
            obj = getattr(obj, part)
        except Exception:  # a missing name, or a lazy module failing to load
            return False
    return True


def table(runtime: bool = False) -> list[tuple[str, Counter[str]]]:
    """Per family, the count of each fate (``total`` and, with runtime, ``RUNTIME``)."""
    rows = []
    for family, names in families().items():
        counts: Counter[str] = Counter(fate(name) for name in symbols(names))
        counts["total"] = len(symbols(names))
        if runtime:
            counts[RUNTIME] = sum(served(name) for name in symbols(names))
        rows.append((family, counts))
    return rows


def render(rows: list[tuple[str, Counter[str]]], markdown: bool) -> str:
    columns = ["total", *FATES, *([RUNTIME] if any(RUNTIME in c for _, c in rows) else [])]
    body = [[family, *(str(counts[c]) for c in columns)] for family, counts in rows]
    header = ["family", *columns]
    if markdown:
        lines = [header, ["---", *("---:" for _ in columns)], *body]
        return "\n".join("| " + " | ".join(line) + " |" for line in lines) + "\n"
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    return "\n".join("  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(line, widths)))
                     for line in [header, *body]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--runtime", action="store_true", help=f"also count names {RUNTIME} serves (imports TF)")
    args = parser.parse_args(argv)
    sys.stdout.write(render(table(args.runtime), args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
