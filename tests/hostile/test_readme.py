"""The README's commands run as shown (issue 11, items 25 and 26).

Each ```console block whose first line is `$ tfcompat-lint ...` and each ```diff block whose first line is
`$ tfcompat-migrate ...` is run from the repository root with NO_COLOR, and its stdout must be the block's
lines exactly; a block whose preceding line says "excerpt" must appear in the output as an ordered
subsequence of lines."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"(?P<before>[^\n]*)\n+```(?P<lang>console|diff)\n\$ (?P<command>tfcompat-(?:lint|migrate)[^\n]*)\n"
                   r"(?P<body>.*?)```", re.S)
BLOCKS = [m for m in BLOCK.finditer(README)
          if (m["lang"], m["command"].split()[0]) in {("console", "tfcompat-lint"), ("diff", "tfcompat-migrate")}]
BIN = Path(sys.executable).parent


def _run(command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _subsequence(wanted: list[str], lines: list[str]) -> bool:
    remaining = iter(lines)
    return all(any(line == want for line in remaining) for want in wanted)


def test_readme_has_blocks_to_check() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", BLOCKS, ids=[m["command"] for m in BLOCKS])
def test_readme_output_is_what_the_tool_prints(block: re.Match[str]) -> None:
    result = _run(block["command"])
    expected = block["body"].splitlines()
    if "excerpt" in block["before"].lower():
        assert _subsequence(expected, result.stdout.splitlines()), result.stdout
    else:
        assert result.stdout.splitlines() == expected


def test_first_setup_command_exits_0() -> None:
    """The set-up command after the install step (the install itself is what this environment already did)."""
    first = re.search(r"```sh\n(.*?)\n```", README, re.S)[1]  # type: ignore[index]
    install = 'pip install -e ".[dev]" && '
    assert install in first
    result = _run(first.split(install, 1)[1])
    assert result.returncode == 0, result.stderr[-2000:]
    assert "TFC902" in result.stdout  # the deliberately non-UTF-8 fixture is a finding, not a failed run


def test_readme_shows_a_checkout_install_and_the_libcst_flag() -> None:
    assert 'pip install -e ".[tf]"' in README and "pip install tfcompat[tf]" not in README
    assert "python -m libcst.tool codemod -x --no-format" in README


def test_license_and_the_file_runtime_errors_cite_ship_in_the_wheel() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "Apache-2.0" and project["project"]["license-files"] == ["LICENSE"]
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    assert "END OF TERMS AND CONDITIONS" in license_text
    assert "contrib/UNSUPPORTED.md" in project["tool"]["setuptools"]["package-data"]["tfcompat"]
    assert (ROOT / "tfcompat" / "contrib" / "UNSUPPORTED.md").is_file()
