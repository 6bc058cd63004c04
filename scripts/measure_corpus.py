"""How many TensorFlow references still do not resolve on TF 2.21 after `tfcompat-migrate --write`.

    python scripts/measure_corpus.py CORPUS_DIR [--checkout DIR] [--no-migrate] [--top N] [--keep]

CORPUS_DIR holds one folder per repository (``owner__name/...``), the files that
``benchmarks/corpus_manifest.txt`` lists.  A copy is migrated (``--write --py2``, safe fixes only); then every
reference to a ``tensorflow`` or ``tfcompat`` name in the migrated code (imports, and each outermost attribute
chain resolved through the file's imports) is looked up on the installed TensorFlow and tfcompat by importing
and ``getattr``, as the program would.  ``--checkout DIR`` migrates with, and resolves against, another tree's
tfcompat (another commit's, to compare).  Prints, per repository and in total, the references and the share
that does not resolve, also without the families another issue covers (tf.estimator, contrib.learn,
contrib.seq2seq, slim's data and nets), and how many of those the linter does not report with a reason
(TFC104-TFC107, TFC504) on their line or their import's, in the migrated code or in the code as written
(which is where a user meets the report; lines are matched with difflib).  A name the repository's own code
assigns (``tf.GraphKeys.LAYER_VARIABLES = ...``) is the program's: it counts as resolved, and the assignment is
no reference.  Names that tfcompat's extras serve resolve only where they are installed.
"""
from __future__ import annotations

import argparse
import ast
import difflib
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Families a separate issue covers: reported apart.
OTHER_ISSUE = ("tf.estimator", "tf.contrib.learn", "tf.contrib.seq2seq", "tf.contrib.slim.nets",
               "tf.contrib.slim.python.slim.data", "tf.contrib.slim.python.slim.nets", "tf.contrib.slim.dataset",
               "tf.contrib.slim.dataset_data_provider", "tf.contrib.slim.tfexample_decoder", "tf.compat.v1.estimator")


@dataclass
class Tally:
    files: int = 0
    unparsed: int = 0  # files the migration left unparseable or unconverted (counted apart)
    references: int = 0
    unresolved: int = 0
    other_issue: int = 0  # references in the OTHER_ISSUE families
    other_unresolved: int = 0
    unreported: int = 0  # unresolved references the linter does not report with a reason
    missing: Counter = field(default_factory=Counter)
    silent: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in ("files", "unparsed", "references", "unresolved", "other_issue", "other_unresolved",
                     "unreported"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missing.update(other.missing)
        self.silent.update(other.silent)

# The linter's codes for a name that TF 2.21 lacks, each with the reason (TFC504: Keras 2 names that the
# tfcompat[keras2] extra serves).
REASONED = ("TFC104", "TFC105", "TFC106", "TFC107", "TFC504")


def _env(checkout: Path | None) -> dict[str, str]:
    env = dict(os.environ, TFCOMPAT_WARNINGS="0")
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(checkout), str(checkout / "lint")])
    return env


def migrate(corpus: Path, checkout: Path | None) -> Path:
    """A migrated copy of `corpus` (in a temporary directory)."""
    target = Path(tempfile.mkdtemp(prefix="tfcompat-corpus-")) / "corpus"
    shutil.copytree(corpus, target)
    code = "import sys; from tfcompat_lint.cli_migrate import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run([sys.executable, "-c", code, "--write", "--py2", "--isolated", "--no-cache", "-q",
                    "--exit-zero", str(target)], env=_env(checkout), cwd=target, stdout=subprocess.DEVNULL,
                   check=False)
    return target


def reported(migrated: Path, checkout: Path | None) -> set[tuple[str, int]]:
    """(file, line) of every REASONED diagnostic the linter gives on the code in `migrated`."""
    code = "import sys; from tfcompat_lint.cli_lint import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, "--isolated", "--no-cache", "-q", "--exit-zero",
                           "--output-format", "json-lines", str(migrated)],
                          env=_env(checkout), cwd=migrated, capture_output=True, text=True, check=False)
    found = set()
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            diagnostic = json.loads(line)
            if diagnostic["code"] in REASONED:
                found.add((str(Path(diagnostic["filename"]).resolve()), diagnostic["location"]["row"]))
    return found


def _use(tree_root: Path) -> None:
    """Import tfcompat and its linter from `tree_root` (this checkout, or the one compared with)."""
    sys.path[:0] = [str(tree_root), str(tree_root / "lint")]


def references(tree: ast.Module, text: str) -> list[tuple[str, int, int]]:
    """Every tensorflow/tfcompat name the module imports or uses (outermost chains), `tf.`-spelled, with its
    line and the line of the import it goes through (the linter reports a missing module there, once); a name
    a local binding shadows (`def f(tf)`) is not TensorFlow's, an assignment target is none."""
    from tfcompat_lint.import_table import collect_imports
    from tfcompat_lint.scopes import shadowed_loads

    table = collect_imports(tree)
    table.shadowed = shadowed_loads(tree, table, text.splitlines(keepends=True))
    found = [(binding.target, binding.alias.lineno, binding.node.lineno) for binding in table.imports
             if binding.target != "tf"]
    found += [(name, 0, 0) for name in table.tfcompat_aliases.values() if name != "tfcompat"]
    for node, qualified in _chains(tree, table):
        if isinstance(node.ctx, ast.Load):
            root = node
            while isinstance(root, ast.Attribute):
                root = root.value
            binding = table.bindings.get(root.id) if isinstance(root, ast.Name) else None
            found.append((qualified, node.lineno, binding.node.lineno if binding is not None else 0))
    return found


def assigned(tree: ast.Module) -> set[str]:
    """The tensorflow/tfcompat names the module assigns (`tf.GraphKeys.LAYER_TENSOR = ...`)."""
    from tfcompat_lint.import_table import collect_imports

    return {qualified for node, qualified in _chains(tree, collect_imports(tree)) if isinstance(node.ctx, ast.Store)}


def _chains(tree: ast.Module, table) -> list[tuple[ast.Attribute, str]]:
    """The outermost attribute chains that resolve to a tensorflow/tfcompat name."""
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    chains = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            qualified = table.resolve(node)
            if qualified is not None and qualified not in ("tf", "tfcompat"):
                chains.append((node, qualified))
    return chains


@cache
def resolves(name: str) -> bool:
    """Whether `name` (`tf.`-spelled or `tfcompat.`) is there on the installed TensorFlow and tfcompat."""
    root, *parts = name.split(".")
    path = "tensorflow" if root == "tf" else root
    try:
        node: object = importlib.import_module(path)
    except Exception:
        return False
    for part in parts:
        try:
            node = getattr(node, part)
        except Exception:
            if not isinstance(node, types.ModuleType):
                return False
            try:
                node = importlib.import_module(f"{path}.{part}")
            except Exception:
                return False
        try:  # a lazily loaded module can refuse (`tf.layers` under Keras 3)
            path = node.__name__ if isinstance(node, types.ModuleType) else f"{path}.{part}"
        except Exception:
            return False
    return True


def _in_other_issue(name: str) -> bool:
    from tfcompat_lint.import_table import tfcompat_to_tf

    public = tfcompat_to_tf(name.replace("tfcompat.v1.", "tf.", 1))
    public = public.replace("tfcompat.estimator", "tf.estimator", 1)
    return any(public == family or public.startswith(family + ".") for family in OTHER_ISSUE)


def _parse(path: Path) -> tuple[ast.Module, str] | None:
    try:
        text = path.read_text(encoding="utf-8")
        return ast.parse(text), text
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None


def line_map(before: str, after: str) -> dict[int, int]:
    """For each line of `after` that comes from a line of `before` (kept or rewritten), that line."""
    old, new = before.splitlines(), after.splitlines()
    lines = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("equal", "replace"):
            for j in range(j1, j2):
                lines[j + 1] = i1 + min(j - j1, i2 - i1 - 1) + 1
    return lines


def measure(migrated: Path, lint: set[tuple[str, int]], corpus: Path | None = None,
            lint_before: frozenset[tuple[str, int]] = frozenset()) -> dict[str, Tally]:
    """Per repository folder, the references of its files and which do not resolve; `lint` holds the
    (file, line) the linter reports a missing name on, `lint_before` the same on the code as written in
    `corpus`."""
    parsed = {path: _parse(path) for path in sorted(migrated.rglob("*.py"))}
    own: dict[str, set[str]] = {}
    for path, found in parsed.items():
        if found is not None:
            own.setdefault(path.relative_to(migrated).parts[0], set()).update(assigned(found[0]))
    tallies: dict[str, Tally] = {}
    for path, found in parsed.items():
        repo = path.relative_to(migrated).parts[0]
        tally = tallies.setdefault(repo, Tally())
        tally.files += 1
        if found is None:
            tally.unparsed += 1
            continue
        before = corpus / path.relative_to(migrated) if corpus is not None else None
        lines = line_map(before.read_text(encoding="utf-8", errors="replace"), found[1]) if before else {}
        for name, line, origin in references(*found):
            other = _in_other_issue(name)
            ok = resolves(name) or any(name == mine or name.startswith(mine + ".") for mine in own[repo])
            tally.references += 1
            tally.other_issue += other
            tally.unresolved += not ok
            tally.other_unresolved += other and not ok
            if not ok:
                tally.missing[name] += 1
                here = {(str(path.resolve()), line), (str(path.resolve()), origin)}
                there = ({(str(before.resolve()), lines[at]) for at in (line, origin) if at in lines}
                         if before else set())
                if not here & lint and not there & lint_before:
                    tally.unreported += 1
                    tally.silent[name] += 1
    return tallies


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "-"


def report(tallies: dict[str, Tally], top: int) -> str:
    total = Tally()
    lines = ["| repository | files | not Python 3 | references | unresolved | share | share outside other issue "
             "| unresolved, not reported |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for repo, tally in sorted(tallies.items()):
        total.add(tally)
        lines.append(_row(repo.replace("__", "/"), tally))
    lines.append(_row("**total**", total))
    if top:
        lines.append("")
        lines.append(f"Most frequent unresolved names ({top}):")
        lines += [f"  {count:5d}  {name}" for name, count in total.missing.most_common(top)]
        lines.append("Unresolved names the linter does not report:")
        lines += [f"  {count:5d}  {name}" for name, count in total.silent.most_common(top)]
    return "\n".join(lines)


def _row(label: str, tally: Tally) -> str:
    outside = _share(tally.unresolved - tally.other_unresolved, tally.references - tally.other_issue)
    return (f"| {label} | {tally.files} | {tally.unparsed} | {tally.references} | {tally.unresolved} | "
            f"{_share(tally.unresolved, tally.references)} | {outside} | {tally.unreported} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--checkout", type=Path,
                        help="migrate with, and resolve against, this tree's tfcompat (another commit's)")
    parser.add_argument("--no-migrate", action="store_true", help="measure the corpus as it is")
    parser.add_argument("--top", type=int, default=25, help="list the N most frequent unresolved names")
    parser.add_argument("--keep", action="store_true", help="keep the migrated copy (its path is printed)")
    args = parser.parse_args(argv)
    _use(args.checkout or ROOT)
    migrated = args.corpus if args.no_migrate else migrate(args.corpus, args.checkout)
    os.environ.setdefault("TFCOMPAT_WARNINGS", "0")
    if args.no_migrate:
        tallies = measure(migrated, reported(migrated, args.checkout))
    else:
        tallies = measure(migrated, reported(migrated, args.checkout), args.corpus,
                          frozenset(reported(args.corpus, args.checkout)))
    print(report(tallies, args.top))
    if args.keep:
        print(f"migrated copy: {migrated}")
    elif not args.no_migrate:
        shutil.rmtree(migrated.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
