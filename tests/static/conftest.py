"""Shared fixtures for the CLI tests."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def make_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], Path]:
    """A temporary project (cwd, a pyproject.toml, no forced colour) holding the given files."""
    def make(files: dict[str, str]) -> Path:
        monkeypatch.chdir(tmp_path)
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
        for name, text in files.items():
            (tmp_path / name).write_text(text)
        return tmp_path
    return make
