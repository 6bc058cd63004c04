"""Issue 11 item 13: lint and migrate cost grows linearly with the fixes in one file.

Counted work (overlap tests, lint passes, lines difflib scans, leftover cycles), not wall-clock time, so the
tests cannot flake on a busy machine."""
from __future__ import annotations

import ast
import difflib
import gc
import random
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tfcompat_lint import engine
from tfcompat_lint.cli_migrate import _diff
from tfcompat_lint.diagnostics import Diagnostic, Edit, Fix
from tfcompat_lint.migrate import _apply, _imports
from tfcompat_lint.migrate._diff import unified_diff
from tfcompat_lint.output import Style
from tfcompat_lint.source import split_lines

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from corpus import legacy_blocks, legacy_module  # noqa: E402


def _safe(diagnostic: Diagnostic) -> bool:
    return diagnostic.fix is not None and diagnostic.fix.safety == "safe"


def _migrate_counting(monkeypatch: pytest.MonkeyPatch, blocks: int) -> tuple[int, int]:
    """(overlap tests, lint passes) of migrating a generated module of `blocks` blocks."""
    counts = {"overlaps": 0, "lint": 0}
    overlaps = _apply._overlaps

    def counted_overlaps(a, b):
        counts["overlaps"] += 1
        return overlaps(a, b)

    def counted_lint(text: str) -> list[Diagnostic]:
        counts["lint"] += 1
        return engine.lint_python(text)

    monkeypatch.setattr(_apply, "_overlaps", counted_overlaps)
    migration = _apply.migrate_python(legacy_module(blocks), _safe, lint=counted_lint)
    assert len(migration.applied) > 15 * blocks and not migration.manual
    return counts["overlaps"], counts["lint"]


def test_overlap_tests_and_lint_passes_grow_linearly_with_the_fixes(monkeypatch: pytest.MonkeyPatch) -> None:
    small, small_passes = _migrate_counting(monkeypatch, 25)
    large, large_passes = _migrate_counting(monkeypatch, 100)
    assert 0 < large <= 4.5 * small  # testing every pair of fixes made this ~16x
    assert small_passes == large_passes == 3  # the nested fixes need a second pass, then one lint confirms


def _choose_all_pairs(diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], bool]:
    """The reference: each fix's spans against every span chosen before it (identical spans never conflict)."""
    chosen, taken, deferred = [], [], False
    for diagnostic in diagnostics:
        spans = [((e.row, e.col), (e.end_row, e.end_col)) for e in diagnostic.fix.edits]
        if any(_apply._overlaps(s, t) for s in spans for t in taken if s != t):
            deferred = True
            continue
        chosen.append(diagnostic)
        taken.extend(spans)
    return chosen, deferred


def _random_fix(rng: random.Random) -> Diagnostic:
    """A fix of 1-3 disjoint edits (insertions among them) over a few short lines, so that many collide."""
    points = sorted((rng.randint(1, 4), rng.randint(0, 6)) for _ in range(rng.randint(2, 6)))
    edits = []
    for start, end in zip(points[::2], points[1::2]):
        if rng.random() < 0.3:
            end = start
        edits.append(Edit(*start, *end, "x"))
    return Diagnostic("TFC101", "m", 1, 0, 1, 1, Fix("f", tuple(edits)))


def test_choice_of_fixes_matches_testing_every_pair() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        diagnostics = [_random_fix(rng) for _ in range(rng.randint(1, 12))]
        assert _apply._choose(diagnostics, _safe) == _choose_all_pairs(diagnostics)


def test_lint_leaves_no_reference_cycles_and_runs_without_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    text = legacy_module(3)
    engine.lint_python(text)  # first-use imports create module-level cycles; not counted
    collector = []
    run_checks = engine.run_checks
    monkeypatch.setattr(engine, "run_checks", lambda ctx: (collector.append(gc.isenabled()), run_checks(ctx)))
    assert gc.isenabled()
    engine.lint_python(text)
    assert collector == [False] and gc.isenabled()  # paused inside, restored after
    gc.collect()
    gc.disable()
    try:
        engine.lint_python(text)
        leftovers = gc.collect()
    finally:
        gc.enable()
    assert leftovers == 0  # the checker's cached bound methods kept every tree alive until a full collection


def test_import_cleanup_reads_the_original_only_when_an_import_lost_its_uses() -> None:
    after = "import tensorflow as tf\nx = tf.add(1, 2)\n"
    assert _imports.remove_unused_tf_imports("not ( python", after) == after  # a 5 MB file's tree is ~800 MB
    before = "import tensorflow as tf\nx = tf.add(1, 2)\n"
    assert _imports.remove_unused_tf_imports(before, "import tensorflow as tf\nx = 3\n") == "x = 3\n"


def _apply_diff(lines: list[str], diff: list[str]) -> list[str]:
    """`lines` patched with a unified diff, each context and removed line checked."""
    out: list[str] = []
    at = 0
    for line in diff[2:]:
        hunk = re.match(r"@@ -(\d+)(?:,(\d+))? ", line)
        if hunk:
            start = int(hunk.group(1)) - (hunk.group(2) != "0")
            out.extend(lines[at:start])
            at = start
        elif line[0] in " -":
            assert lines[at] == line[1:]
            out.extend([lines[at]] if line[0] == " " else [])
            at += 1
        else:
            out.append(line[1:])
    return out + lines[at:]


def test_migrate_diff_scans_lines_linearly_and_patches_back(monkeypatch: pytest.MonkeyPatch) -> None:
    scanned = [0]
    longest = difflib.SequenceMatcher.find_longest_match

    def counted(self, alo=0, ahi=None, blo=0, bhi=None):
        scanned[0] += (len(self.a) if ahi is None else ahi) - alo
        return longest(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counted)

    def diff_cost(blocks: int) -> int:
        before = legacy_module(blocks)
        after = _apply.migrate_python(before, _safe).text
        scanned[0] = 0
        text = _diff(SimpleNamespace(path=Path("m.py"), before=before, after=after), Style(False))
        assert "".join(_apply_diff(split_lines(before), text.splitlines(keepends=True))) == after
        return scanned[0]

    small, large = diff_cost(25), diff_cost(100)
    assert 0 < large <= 4.5 * small  # difflib alone split off one block per step: ~16x


def test_diff_is_difflibs_on_ordinary_changes() -> None:
    before = split_lines(legacy_module(2))
    after = split_lines(_apply.migrate_python(legacy_module(2), _safe).text)
    for a, b in ((before, after), (after, before), (before, before[3:] + ["tail\n"])):
        assert list(unified_diff(a, b, "a/m.py", "b/m.py")) == list(difflib.unified_diff(a, b, "a/m.py", "b/m.py"))


def test_one_megabyte_module_migrates_block_by_block_and_idempotently() -> None:
    one = _apply.migrate_python(legacy_module(1), _safe).text
    head, rest = one.split("\n\ndef block_0", 1)
    block, foot = ("\n\ndef block_0" + rest).split("\n\nwith ", 1)
    blocks = legacy_blocks(1024)
    migrated = _apply.migrate_python(legacy_module(blocks), _safe).text
    expected = head + "".join(re.sub(r"_0\b", f"_{i}", block) for i in range(blocks)) + "\n\nwith " + foot
    assert len(migrated) > 2**20 and migrated == expected
    ast.parse(migrated)
    again = _apply.migrate_python(migrated, _safe)
    assert again.text == migrated and not again.applied


def test_benchmark_prints_the_large_file_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import bench_lint

    bench_lint._large_file_rows(tmp_path, 64)
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["one", "generated", "file", "KB", "lint", "s", "ms/KB", "migrate", "s", "ms/KB",
                              "lint", "MB", "migrate", "MB"]
    sizes = [float(row.split()[0]) for row in out[1:3]]
    assert 3.5 < sizes[0] < 4.5 and 56 < sizes[1] < 72  # 64 KB / 16 and 64 KB, as generated
    assert out[3].startswith("time per KB, large / small: lint ") and "migrate < 60 s OK" in out[3]
