"""The command lines as a careless or hostile user meets them (issue 11, items 10-12 and 22-24): nothing is
ever reported as passed that was not checked, unknown codes are errors, the output formats are valid, stdin
works, and a closed pipe or an unwritable report ends the run cleanly."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tfcompat_lint import cli_lint, cli_migrate
from tfcompat_lint.docs import use_instead
from tfcompat_lint.files import Discovery
from tfcompat_lint.registry.rules import RULES

OLD = "import tensorflow as tf\ny = tf.pack([a, b])\n"
NEW = "import tensorflow as tf\ny = tf.stack([a, b])\n"
MESSAGE = "`tf.pack` was renamed in TF 1.0; use `tf.stack`."
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("FORCE_COLOR", "GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "old.py").write_text(OLD)
    (tmp_path / "clean.py").write_text(NEW)
    return tmp_path


def lint(capsys, *args: str) -> tuple[int, str, str]:
    code = cli_lint.main(["--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


def migrate(capsys, *args: str) -> tuple[int, str, str]:
    code = cli_migrate.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def feed_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


# ----- item 10: "All checks passed!" only when something was checked --------------------------------------
def test_missing_path_is_an_error_and_nothing_passed(project: Path, capsys) -> None:
    assert lint(capsys, "missing.py") == (2, "", "error: missing.py: no such file or directory\n")
    code, out, err = lint(capsys, "clean.py", "missing.py")
    assert code == 2 and "All checks passed!" not in out and "missing.py: no such file" in err


def test_directory_without_python_files_warns_and_passes_nothing(project: Path, capsys) -> None:
    (project / "empty").mkdir()
    (project / "empty" / "notes.txt").write_text("tf.pack")
    assert lint(capsys, "empty") == (0, "", "warning: No Python files found under empty\n")
    assert migrate(capsys, "empty") == (0, "", "warning: No Python files found under empty\n")


def test_named_non_python_file_is_linted_as_python(project: Path, capsys) -> None:
    """As ruff does: a file named on the command line is checked whatever its suffix."""
    (project / "train.txt").write_text(OLD)
    code, out, _ = lint(capsys, "train.txt", "--output-format", "concise")
    assert (code, out) == (1, f"train.txt:2:5: TFC101 [*] {MESSAGE}\nFound 1 error.\n"
                              "[*] 1 fixable with `tfcompat-migrate --write`.\n")


def test_unwalkable_directory_exits_2_without_passing(project: Path, capsys, monkeypatch) -> None:
    """Discovery reports a directory it cannot read; the run fails and never says it passed."""
    import tfcompat_lint.files as files

    monkeypatch.setattr(files, "discover", lambda paths, settings: Discovery(
        files=[Path("clean.py")], errors=["locked: cannot read directory: Permission denied"]))
    code, out, err = lint(capsys, ".")
    assert (code, out) == (2, "")
    assert err == "error: locked: cannot read directory: Permission denied\n"


# ----- item 11: unknown rule codes ---------------------------------------------------------------------------
@pytest.mark.parametrize(("selector", "message"), [
    ("TFC999", "unknown rule selector 'TFC999' (did you mean TFC902?)"),
    ("TFC1O1", "unknown rule selector 'TFC1O1' (did you mean TFC101?)"),
    ("", "empty rule selector"),
    ("TFC101,", "empty rule selector"),
    ("E501", "unknown rule selector 'E501'"),
])
def test_unknown_selector_is_a_usage_error(project: Path, capsys, selector: str, message: str) -> None:
    for main in (cli_lint.main, cli_migrate.main):
        with pytest.raises(SystemExit) as exc:
            main(["--select", selector, "old.py"])
        assert exc.value.code == 2
        assert message in capsys.readouterr().err


def test_prefix_selectors_still_work(project: Path, capsys) -> None:
    assert lint(capsys, "old.py", "--select", "tfc1", "-q")[0] == 1
    assert lint(capsys, "old.py", "--select", "TFC", "--ignore", "TFC10", "-q")[0] == 0


def test_unknown_code_in_config_is_one_line_error(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text('[tool.tfcompat]\nselect = ["TFC999"]\n')
    code, out, err = lint(capsys, "old.py")
    assert (code, out) == (2, "")
    assert err.endswith("pyproject.toml: [tool.tfcompat].select: unknown rule selector 'TFC999' "
                        "(did you mean TFC902?); use a code such as TFC101 or a prefix such as TFC1 "
                        "(`tfcompat-lint --list-rules` lists them)\n")
    assert err.count("\n") == 1


def test_explain_unknown_code_suggests_and_lists(project: Path, capsys) -> None:
    assert lint(capsys, "--explain", "TFC1O1") == (
        2, "", "tfcompat-lint: error: unknown rule code 'TFC1O1' (did you mean TFC101?); "
               "`tfcompat-lint --list-rules` lists them\n")
    for flag in (["--explain"], ["--list-rules"]):
        code, out, _ = lint(capsys, *flag)
        assert code == 0 and [line.split()[0] for line in out.splitlines()] == list(RULES)
        assert out.splitlines()[0].startswith("TFC101 [*] symbol-renamed-in-1.0: ")


def test_unknown_noqa_code_warns_but_does_not_fail(project: Path, capsys) -> None:
    (project / "clean.py").write_text(NEW.replace("b])", "b])  # noqa: TFC999, E501"))
    assert lint(capsys, "clean.py") == (
        0, "All checks passed!\n",
        "warning: clean.py:2: unknown rule code TFC999 in `# noqa` (did you mean TFC902?)\n")


# ----- item 12: unwritable --report, closed pipes ------------------------------------------------------------
@pytest.mark.parametrize(("report", "reason"), [
    ("nodir/r.json", "--report nodir/r.json: directory nodir does not exist; create it or name another file"),
    ("adir.json", "--report adir.json: is a directory; name a .json or .md file"),
    ("r.txt", "--report r.txt: use a .json or .md file name"),
])
def test_unwritable_report_fails_before_anything_is_written(project: Path, capsys, report: str,
                                                            reason: str) -> None:
    (project / "adir.json").mkdir()
    assert migrate(capsys, "--write", "--report", report, "old.py") == (2, "", f"tfcompat-migrate: error: {reason}\n")
    assert (project / "old.py").read_text() == OLD


def test_report_that_fails_at_the_end_is_one_line(project: Path, capsys, monkeypatch) -> None:
    import tfcompat_lint.migrate.report as report

    def full_disk(path: Path, outcomes: list) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "write_report", full_disk)
    code, _, err = migrate(capsys, "--report", "r.json", "old.py")
    assert code == 2 and "error: r.json: cannot write the report: No space left on device\n" in err
    assert "Traceback" not in err and "internal error" not in err


def _into_closed_pipe(command: list[str], cwd: Path) -> tuple[int, str]:
    """Run `command | head -1` at its worst: the reader is gone before the first write, so every write meets
    a closed pipe whatever the kernel's pipe buffer size. Returns the exit status and stderr."""
    env = {**os.environ, "NO_COLOR": "1"}
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    child.stdout.close()  # type: ignore[union-attr]
    err = child.stderr.read().decode()  # type: ignore[union-attr]
    return child.wait(timeout=120), err


@pytest.mark.parametrize("tool", ["tfcompat_lint.cli_lint", "tfcompat_lint.cli_migrate"])
@pytest.mark.parametrize("output", [[], ["--output-format", "json"]])
def test_closed_pipe_ends_quietly(project: Path, tool: str, output: list[str]) -> None:
    if output and tool.endswith("migrate"):
        output = ["--check"]
    code, err = _into_closed_pipe([sys.executable, "-m", tool, "--no-cache", "-q", *output, "old.py"], project)
    assert (code, err) == (141, "")


def test_closed_pipe_in_process_is_quiet(project: Path, capsys, monkeypatch) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    # Undone before capsys's teardown: restored after it, sys.stdout would stay capsys's closed stream for the
    # rest of a `pytest -s` session (and the next in-process CLI run would fail on it).
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", ClosedPipe())
        assert cli_lint.main(["--no-cache", "old.py"]) == 141
    assert capsys.readouterr().err == ""


def test_closed_pipe_after_the_first_line(project: Path) -> None:
    """`| head -1` on a run whose output outlasts the reader: quiet, exit 141."""
    for i in range(20):
        (project / f"m{i}.py").write_text("import tensorflow as tf\n" + f"y = tf.pack([a, b])  # {'x' * 300}\n" * 100)
    child = subprocess.Popen([sys.executable, "-m", "tfcompat_lint.cli_lint", "--no-cache", "--output-format",
                              "concise", "-q", "."], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = child.stdout.readline().decode()  # type: ignore[union-attr]
    child.stdout.close()  # type: ignore[union-attr]
    err = child.stderr.read().decode()  # type: ignore[union-attr]
    assert first.startswith("m0.py:2:5: TFC101") and "Traceback" not in err and "Exception ignored" not in err
    assert child.wait(timeout=120) in (141, 1)  # 1 only if every line was written before the reader left


# ----- item 22: pre-commit -----------------------------------------------------------------------------------
def test_force_exclude_applies_excludes_to_named_files(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text('[tool.tfcompat]\nextend-exclude = ["generated"]\n')
    (project / "generated").mkdir()
    (project / "generated" / "ops.py").write_text(OLD)
    assert lint(capsys, "generated/ops.py", "-q")[0] == 1  # named files are checked by default
    assert lint(capsys, "--force-exclude", "generated/ops.py", "clean.py") == (0, "All checks passed!\n", "")
    assert lint(capsys, "--force-exclude", "generated/ops.py") == (0, "", "")
    assert migrate(capsys, "--check", "--force-exclude", "generated/ops.py", "old.py") == (
        1, "would migrate: old.py\n", "")


def test_pre_commit_hooks_use_force_exclude_and_cover_stubs() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    hooks = text.split("- id: ")[1:]
    assert [h.split("\n")[0] for h in hooks] == ["tfcompat-lint", "tfcompat-migrate-check"]
    for hook in hooks:
        assert "--force-exclude" in hook and "types_or: [python, pyi, jupyter]" in hook
        assert "minimum_pre_commit_version: " in hook


def test_no_link_points_at_a_repository_that_does_not_exist(project: Path, capsys) -> None:
    assert "github.com/tfcompat" not in (ROOT / "README.md").read_text()
    _, out, _ = lint(capsys, "old.py", "--output-format", "json")
    assert json.loads(out)[0]["url"] is None
    _, out, _ = lint(capsys, "old.py", "--output-format", "sarif")
    assert "github.com" not in out


# ----- item 23: formats --------------------------------------------------------------------------------------
def test_sarif_outside_root_is_absolute_without_base(project: Path, capsys, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "far.py"
    outside.write_text(OLD)
    (project / "gone.py").symlink_to(project / "nowhere.py")
    code, out, _ = lint(capsys, str(outside), "old.py", "gone.py", "--output-format", "sarif")
    run = json.loads(out)["runs"][0]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert locations == [{"uri": outside.resolve().as_uri()}, {"uri": "old.py", "uriBaseId": "%SRCROOT%"}]
    rule = run["tool"]["driver"]["rules"][0]
    assert rule["help"]["text"] == f"{RULES['TFC101'].what}\nUse instead:\n{use_instead(RULES['TFC101']).rstrip()}"
    assert RULES["TFC101"].fix not in rule["help"]["text"]
    assert "helpUri" not in rule and "## Use instead" in rule["help"]["markdown"]
    assert run["invocations"] == [{"executionSuccessful": False, "toolExecutionNotifications": [
        {"level": "error", "message": {"text": "gone.py: broken symbolic link (its target does not exist)"}}]}]
    assert code == 2


def test_sarif_notebook_results_carry_the_cell(project: Path, capsys) -> None:
    notebook = {"cells": [{"cell_type": "code", "source": ["import tensorflow as tf\n"]},
                          {"cell_type": "code", "source": ["y = tf.pack([a])\n"]}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (project / "nb.ipynb").write_text(json.dumps(notebook))
    _, out, _ = lint(capsys, "nb.ipynb", "--output-format", "sarif")
    result = json.loads(out)["runs"][0]["results"][0]
    assert result["properties"] == {"cell": 2}
    assert result["message"]["text"] == f"(cell 2) {MESSAGE}"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "nb.ipynb"


def test_github_annotations_escape_and_resolve_from_a_subdirectory(project: Path, capsys, monkeypatch) -> None:
    sub = project / "sub"
    sub.mkdir()
    (sub / "a,b:100%.py").write_text(OLD)
    monkeypatch.chdir(sub)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project))
    _, out, _ = lint(capsys, "a,b:100%.py", "--output-format", "github")
    assert out == ("::error title=tfcompat (TFC101),file=sub/a%2Cb%3A100%25.py,line=2,col=5,endLine=2,"
                   f"endColumn=12::TFC101 {MESSAGE}\n")
    monkeypatch.delenv("GITHUB_WORKSPACE")
    _, out, _ = lint(capsys, "a,b:100%.py", "--output-format", "github")
    assert f"file={(sub / 'a%2Cb%3A100%25.py').as_posix()}," in out  # no checkout: absolute


def test_json_lines_pylint_gitlab_and_junit(project: Path, capsys) -> None:
    _, out, _ = lint(capsys, "old.py", "--output-format", "json-lines")
    [item] = [json.loads(line) for line in out.splitlines()]
    assert (item["code"], item["location"], item["filename"]) == (
        "TFC101", {"row": 2, "column": 5}, str((project / "old.py").resolve()))
    assert lint(capsys, "old.py", "--output-format", "pylint") == (1, f"old.py:2: [TFC101] {MESSAGE}\n", "")
    _, out, _ = lint(capsys, "old.py", "--output-format", "gitlab")
    [issue] = json.loads(out)
    fingerprint = issue.pop("fingerprint")
    assert len(fingerprint) == 32 and issue == {
        "description": f"TFC101 {MESSAGE}", "check_name": "TFC101", "severity": "major",
        "location": {"path": "old.py", "lines": {"begin": 2, "end": 2}}}
    _, out, _ = lint(capsys, "old.py", "--output-format", "junit")
    suites = ElementTree.fromstring(out)
    assert suites.attrib == {"name": "tfcompat-lint", "tests": "1", "failures": "1", "errors": "0"}
    case = suites.find("testsuite/testcase")
    assert case is not None and case.attrib["name"] == "tfcompat.TFC101" and case.attrib["line"] == "2"
    assert case.find("failure").attrib["message"] == MESSAGE  # type: ignore[union-attr]
    _, out, _ = lint(capsys, "clean.py", "--output-format", "junit")
    assert ElementTree.fromstring(out).find("testsuite/testcase").attrib == {"name": "No errors found"}


def test_every_output_format_has_a_renderer() -> None:
    from tfcompat_lint import output

    assert set(cli_lint.FORMATS) == {"full", "concise", "sarif", *output.RENDERERS}


# ----- item 24: stdin ----------------------------------------------------------------------------------------
def test_lint_stdin(project: Path, capsys, monkeypatch) -> None:
    feed_stdin(monkeypatch, OLD)
    assert lint(capsys, "-", "--output-format", "concise", "-q") == (1, f"-:2:5: TFC101 [*] {MESSAGE}\n", "")
    feed_stdin(monkeypatch, OLD)
    code, out, _ = lint(capsys, "--stdin-filename", "pkg/model.py")
    assert code == 1 and out.startswith(f"pkg/model.py:2:5: TFC101 [*] {MESSAGE}\n  |\n2 | y = tf.pack([a, b])")


def test_stdin_filename_selects_settings_and_excludes(project: Path, capsys, monkeypatch) -> None:
    (project / "pyproject.toml").write_text('[tool.tfcompat]\nextend-exclude = ["gen"]\n'
                                            'per-file-ignores = { "tests/*" = ["TFC101"] }\n')
    feed_stdin(monkeypatch, OLD)
    assert lint(capsys, "--stdin-filename", "tests/t.py") == (0, "All checks passed!\n", "")
    feed_stdin(monkeypatch, OLD)
    assert lint(capsys, "--force-exclude", "--stdin-filename", "gen/t.py") == (0, "", "")


def test_migrate_stdin(project: Path, capsys, monkeypatch) -> None:
    feed_stdin(monkeypatch, OLD)
    assert migrate(capsys, "-") == (0, NEW, "")
    feed_stdin(monkeypatch, OLD)
    assert migrate(capsys, "--check", "-") == (1, "would migrate: -\n", "")
    feed_stdin(monkeypatch, NEW)
    assert migrate(capsys, "--check", "-") == (0, "", "")
    feed_stdin(monkeypatch, OLD)
    code, out, _ = migrate(capsys, "--diff", "--stdin-filename", "m.py")
    assert code == 1 and out.startswith("--- a/m.py\n+++ b/m.py\n") and "+y = tf.stack([a, b])\n" in out


def test_stdin_cannot_mix_with_paths(project: Path, capsys) -> None:
    assert lint(capsys, "-", "old.py") == (2, "", "tfcompat-lint: error: - (stdin) cannot be combined with other paths\n")
