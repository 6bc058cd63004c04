"""tfcompat-lint's command line: every option, output format and exit code."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tfcompat_lint.cli_lint import main

OLD = "import tensorflow as tf\ny = tf.pack([a, b])\nz = tf.concat(1, [a, b])\n"
CLEAN = "import tensorflow as tf\ny = tf.stack([a, b])\n"


@pytest.fixture
def project(make_project) -> Path:
    return make_project({"old.py": OLD, "clean.py": CLEAN})


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes(project: Path, capsys) -> None:
    assert run(capsys, "clean.py")[0] == 0
    assert run(capsys, "old.py")[0] == 1
    assert run(capsys, "old.py", "--exit-zero")[0] == 0
    code, _, err = run(capsys, "missing.py")
    assert code == 2 and "missing.py: no such file or directory" in err
    with pytest.raises(SystemExit) as exc:
        main(["--select", "E501"])
    assert exc.value.code == 2


def test_full_output_has_code_frame_and_fix(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "old.py")
    assert "old.py:2:5: TFC101 [*]" in out
    assert "2 | y = tf.pack([a, b])" in out
    assert "  |     ^^^^^^^ TFC101" in out
    assert "help: Replace with `tf.stack`" in out
    assert "Found 2 errors." in out and "[*] 2 fixable" in out


def test_concise_and_select_ignore(project: Path, capsys) -> None:
    _, out, _ = run(capsys, "old.py", "--output-format", "concise")
    assert out.splitlines()[:2] == [
        "old.py:2:5: TFC101 [*] `tf.pack` was renamed in TF 1.0; use `tf.stack`.",
        "old.py:3:5: TFC201 [*] `tf.concat` took (axis, values) positionally before TF 1.0: pass keywords.",
    ]
    _, out, _ = run(capsys, "old.py", "--output-format", "concise", "--select", "TFC2")
    assert "TFC101" not in out and "TFC201" in out
    code, out, _ = run(capsys, "old.py", "--output-format", "concise", "--ignore", "TFC101,TFC2")
    assert code == 0 and "TFC" not in out.replace("All checks passed!", "")
    _, out, _ = run(capsys, "old.py", "--output-format", "concise", "--select", "TFC", "--ignore", "TFC1",
                    "--extend-select", "TFC101")
    assert "TFC101" in out


def test_json_is_ruff_shaped(project: Path, capsys) -> None:
    _, out, _ = run(capsys, "old.py", "--output-format", "json")
    items = json.loads(out)
    first = items[0]
    assert set(first) >= {"code", "message", "filename", "location", "end_location", "fix"}
    assert first["code"] == "TFC101" and first["location"] == {"row": 2, "column": 5}
    assert first["end_location"] == {"row": 2, "column": 12}
    assert Path(first["filename"]) == (project / "old.py").resolve()
    edit = first["fix"]["edits"][0]
    assert first["fix"]["applicability"] == "safe"
    assert edit == {"content": "tf.stack", "location": {"row": 2, "column": 5}, "end_location": {"row": 2, "column": 12}}


def test_sarif_has_required_fields(project: Path, capsys) -> None:
    _, out, _ = run(capsys, "old.py", "--output-format", "sarif")
    log = json.loads(out)
    assert log["version"] == "2.1.0" and "$schema" in log
    run0 = log["runs"][0]
    driver = run0["tool"]["driver"]
    assert driver["name"] == "tfcompat-lint"
    assert {r["id"] for r in driver["rules"]} == {"TFC101", "TFC201"}
    result = run0["results"][0]
    assert result["ruleId"] == "TFC101" and result["message"]["text"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "old.py"
    assert location["region"] == {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 12}
    assert driver["rules"][result["ruleIndex"]]["id"] == "TFC101"


def test_github_annotations(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project))
    _, out, _ = run(capsys, "old.py", "--output-format", "github")
    assert out.splitlines()[0].startswith(
        "::error title=tfcompat (TFC101),file=old.py,line=2,col=5,endLine=2,endColumn=12::TFC101 `tf.pack`")


def test_statistics(project: Path, capsys) -> None:
    _, out, _ = run(capsys, ".", "--statistics")
    assert out.splitlines() == ["1\tTFC101\t[*] symbol-renamed-in-1.0", "1\tTFC201\t[*] old-positional-order"]
    _, out, _ = run(capsys, ".", "--statistics", "--output-format", "json")
    assert json.loads(out)[0] == {"code": "TFC101", "name": "symbol-renamed-in-1.0", "count": 1, "fixable": True}


def test_explain(capsys) -> None:
    assert main(["--explain", "TFC202"]) == 0
    out = capsys.readouterr().out
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
        assert section in out
    assert main(["--explain", "TFC999"]) == 2
    assert "unknown rule code 'TFC999' (did you mean TFC902?)" in capsys.readouterr().err


def test_pyproject_config(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text('[tool.tfcompat]\nignore = ["TFC201"]\n'
                                           'per-file-ignores = {"legacy/*" = ["TFC1"]}\nextend-exclude = ["skip"]\n')
    (project / "legacy").mkdir()
    (project / "legacy" / "a.py").write_text(OLD)
    (project / "skip").mkdir()
    (project / "skip" / "b.py").write_text(OLD)
    _, out, _ = run(capsys, ".", "--output-format", "concise")
    lines = [line for line in out.splitlines() if "TFC" in line]
    assert lines == ["old.py:2:5: TFC101 [*] `tf.pack` was renamed in TF 1.0; use `tf.stack`."]


@pytest.mark.parametrize("table, message", [
    ("[tool.tfcompat]\nselect = 'TFC1'\n", "expected a list"),
    ("[tool.tfcompat]\nselekt = ['TFC1']\n", "unknown key 'selekt'"),
    ("[tool.tfcompat\n", "invalid TOML"),
    ("[tool.tfcompat]\nignore = ['E501']\n", "unknown rule selector 'E501'"),
])
def test_broken_config_is_one_line_and_exit_2(project: Path, capsys, table: str, message: str) -> None:
    (project / "pyproject.toml").write_text(table)
    code, out, err = run(capsys, "old.py")
    assert code == 2 and message in err and "pyproject.toml" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_gitignore_and_default_excludes(project: Path, capsys) -> None:
    (project / ".gitignore").write_text("generated/\n")
    for folder in ("generated", ".venv", "src"):
        (project / folder).mkdir()
        (project / folder / "m.py").write_text(OLD)
    _, out, _ = run(capsys, ".", "--output-format", "concise")
    files = {line.split(":")[0] for line in out.splitlines() if "TFC" in line}
    assert files == {"old.py", "src/m.py"}
    _, out, _ = run(capsys, ".", "--output-format", "concise", "--no-respect-gitignore")
    assert "generated/m.py" in out


def test_notebook_cells(project: Path, capsys) -> None:
    cells = [{"cell_type": "markdown", "source": ["# title"], "metadata": {}},
             {"cell_type": "code", "source": ["%matplotlib inline\n", "import tensorflow as tf"], "metadata": {},
              "outputs": [], "execution_count": 1},
             {"cell_type": "code", "source": ["x = tf.mul(a, b)\n"], "metadata": {}, "outputs": [],
              "execution_count": 2}]
    (project / "nb.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    _, out, _ = run(capsys, "nb.ipynb", "--output-format", "concise")
    assert out.splitlines()[0].startswith("nb.ipynb:cell 2:1:5: TFC101 [*] `tf.mul`")


def test_bad_files_never_stop_the_run(project: Path, capsys) -> None:
    (project / "py2.py").write_text("import tensorflow as tf\nprint tf.__version__\n")
    (project / "bracket.py").write_text("import tensorflow as tf\nx = tf.pack([a, b)\n")
    (project / "latin.py").write_bytes(b"import tensorflow as tf\nname = '\xe9'\n")
    (project / "bom.py").write_bytes(b"\xef\xbb\xbf" + OLD.encode())
    (project / "crlf.py").write_bytes(OLD.replace("\n", "\r\n").encode())
    (project / "tabs.py").write_text("import tensorflow as tf\nif True:\n\ty = tf.pack([a])\n")
    (project / "empty.py").write_text("")
    (project / "link.py").symlink_to(project / "old.py")
    (project / "dangling.py").symlink_to(project / "nowhere.py")
    code, out, err = run(capsys, ".", "--output-format", "concise")
    assert code == 1  # findings; latin.py is one of them (TFC902), and dangling.py a warning
    assert "latin.py:1:1: TFC902 cannot decode: not valid UTF-8 at line 2, byte 9;" in out and "Traceback" not in err + out
    assert "dangling.py: broken symbolic link" in err
    assert "py2.py:2:1: TFC901 cannot parse" in out and "--py2" in out
    assert "bracket.py:2:" in out and "TFC901" in out
    for name in ("bom.py:2:5: TFC101", "crlf.py:2:5: TFC101", "tabs.py:3:6: TFC101"):
        assert name in out
    assert out.count("TFC101") == 4  # old, bom, crlf, tabs: the link is the same file as old.py


def test_unreadable_file(project: Path, capsys) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    target = project / "secret.py"
    target.write_text(OLD)
    target.chmod(0)
    code, _, err = run(capsys, "secret.py")
    assert code == 2 and "secret.py: cannot read" in err


def test_linter_never_modifies_files(project: Path, capsys) -> None:
    before = {p: p.read_bytes() for p in project.glob("*.py")}
    run(capsys, ".")
    assert {p: p.read_bytes() for p in project.glob("*.py")} == before


def test_cache_warm_run_gives_the_same_answer(project: Path, capsys) -> None:
    assert main(["old.py", "--output-format", "json"]) == 1
    cold = capsys.readouterr().out
    assert any((project / ".tfcompat_cache").glob("lint-*.json"))
    assert main(["old.py", "--output-format", "json"]) == 1
    assert capsys.readouterr().out == cold
    (project / "old.py").write_text(CLEAN)  # content changed: the cache entry is not used
    assert main(["old.py"]) == 0


def test_parallel_jobs_match_serial(project: Path, capsys) -> None:
    for i in range(70):
        (project / f"m{i}.py").write_text(OLD)
    _, serial, _ = run(capsys, ".", "-j", "1", "--output-format", "json")
    _, parallel, _ = run(capsys, ".", "-j", "2", "--output-format", "json")
    assert json.loads(serial) == json.loads(parallel) and len(json.loads(serial)) == 142


def test_no_color_when_piped_and_no_color_env(project: Path) -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "tfcompat_lint.cli_lint", "--no-cache", "old.py"], env=env,
                         capture_output=True, text=True, cwd=project).stdout
    assert "\x1b[" not in out
    env.pop("NO_COLOR")
    out = subprocess.run([sys.executable, "-m", "tfcompat_lint.cli_lint", "--no-cache", "old.py"], env=env,
                         capture_output=True, text=True, cwd=project).stdout
    assert "\x1b[1;31mTFC101" in out


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.startswith("tfcompat-lint 0.")


def test_lint_never_imports_tensorflow(project: Path) -> None:
    code = ("import sys\nfrom tfcompat_lint.cli_lint import main\nfrom tfcompat_lint.cli_migrate import main as m\n"
            "main(['--no-cache', '.']); m(['.'])\n"
            "bad = [n for n in sys.modules if n.split('.')[0] in ('tensorflow', 'keras', 'rich', 'libcst')]\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_internal_error_is_one_line(project: Path, capsys, monkeypatch) -> None:
    from tfcompat_lint import runner

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(runner, "lint_files", broken)
    code, out, err = run(capsys, "old.py")
    assert code == 2 and err.strip() == "tfcompat-lint: internal error: RuntimeError: boom (please report this)"
