"""The codemod over every fixture: output parses, a second run changes nothing, and lint output is pinned
by a snapshot (regenerate with TFCOMPAT_UPDATE_SNAPSHOTS=1)."""
from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest

from tfcompat_lint.cli_lint import main as lint
from tfcompat_lint.cli_migrate import main as migrate

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).parent / "snapshots" / "fixtures_lint.txt"
PYTHON_FIXTURES = sorted(p for p in ROOT.glob("fixtures/**/*.py")
                         if "references" not in p.parts and p.parent.name != "mnist" and p.name != "make_expected.py")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", target)
    monkeypatch.chdir(tmp_path)
    return target


def test_migrate_output_parses_and_is_idempotent(tree: Path, capsys) -> None:
    code = migrate(["--write", "-q", "--isolated", "fixtures"])
    err = capsys.readouterr().err
    assert code == 2  # the deliberately broken files are listed, the rest migrated
    for name in ("py2_print.py", "stray_bracket.py", "non_utf8.py"):
        assert name in err
    migrated = 0
    for path in tree.rglob("*.py"):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            continue
        if path.name in ("py2_print.py", "stray_bracket.py"):
            continue
        ast.parse(text)
        migrated += "tf.compat.v1" in text or "tfcompat" in text
    assert migrated >= 39
    assert migrate(["--check", "--isolated", "fixtures"]) == 2  # only the unparsable files remain
    assert "would change" not in capsys.readouterr().err


def test_lint_snapshot(tree: Path, capsys) -> None:
    lint(["--no-cache", "--isolated", "--output-format", "concise", "-q", "fixtures"])
    out = capsys.readouterr().out
    if os.environ.get("TFCOMPAT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(out, encoding="utf-8")
    assert out == SNAPSHOT.read_text(encoding="utf-8")
