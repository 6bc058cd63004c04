"""Acceptance: every legacy fixture program runs on TF 2.21 and matches its numpy-made expected numbers,
(a) after `tfcompat-migrate --write`, and (b) with only its imports pointed at `tfcompat.v1` (`--shim`)."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

pytest.importorskip("tensorflow")

from tfcompat_lint.cli_migrate import main as migrate  # noqa: E402

from fixtures_support import assert_matches, load_expected, list_programs, run_program  # noqa: E402

PROGRAMS = [pytest.param(p, id=p.stem) for p in list_programs()]


def _skip_without_extras(program: Path) -> None:
    """Skip a program whose libraries (the expected file's ``requires``: import name -> tfcompat extra) are missing."""
    for module, extra in load_expected(program).get("requires", {}).items():
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{program.stem} needs {module}: pip install 'tfcompat[{extra}]'")


def _prepared(program: Path, tmp_path: Path, *flags: str) -> Path:
    _skip_without_extras(program)
    copy = tmp_path / program.name
    shutil.copy(program, copy)
    assert migrate(["--write", "-q", "--isolated", *flags, str(copy)]) == 0
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("program", PROGRAMS)
def test_migrated_program_matches(program: Path, tmp_path: Path) -> None:
    copy = _prepared(program, tmp_path)
    assert "import tensorflow" in copy.read_text() or "tfcompat" in copy.read_text()
    assert_matches(run_program(copy), load_expected(program))


@pytest.mark.slow
@pytest.mark.parametrize("program", PROGRAMS)
def test_shimmed_program_matches(program: Path, tmp_path: Path) -> None:
    copy = _prepared(program, tmp_path, "--shim")
    changed = [(a, b) for a, b in zip(program.read_text().splitlines(), copy.read_text().splitlines()) if a != b]
    assert changed and all("import" in b for _, b in changed), "the shim may only change import lines"
    assert_matches(run_program(copy), load_expected(program))
