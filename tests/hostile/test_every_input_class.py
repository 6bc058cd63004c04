"""Every hostile input class of issue 11 through the installed `tfcompat-lint` and `tfcompat-migrate`, as a user
runs them: no traceback, no hang, the declared exit code, and every file either untouched or correctly
migrated (it parses, keeps its encoding, line endings and notebook layout, and a second run changes nothing).

The inputs and what each must give are the table in `inputs.py`; the per-item tests beside this file check
the exact messages and outputs.
"""
from __future__ import annotations

import ast
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tfcompat_lint.cli_lint import FORMATS

from .inputs import CASES, FIX, HEADER, LATIN1, Case, files, notebook

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="builds FIFOs and symbolic links")

BIN = Path(sys.executable).parent
TIMEOUT_S = 60  # per run; the slowest class takes a few seconds, a read of a FIFO or /dev/zero never ends
BOM = b"\xef\xbb\xbf"
Entry = tuple  # ("file", bytes or None when unreadable, mode) | ("link", target) | (file type,)


def run(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a console script of this environment; any traceback, internal error or hang fails the test."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    try:
        done = subprocess.run([str(BIN / tool), "--no-cache", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, errors="replace", timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hang: `{tool} {' '.join(args)}` ran for over {TIMEOUT_S} s")
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    if done.returncode == 2:
        assert "All checks passed!" not in output, output
    return done


def snapshot(directory: Path) -> dict[str, Entry]:
    """Each entry of `directory` as it is on disk, without following links or reading special files."""
    entries: dict[str, Entry] = {}
    for path in directory.iterdir():
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            entries[path.name] = ("file", _read(path), stat.S_IMODE(info.st_mode))
        elif stat.S_ISLNK(info.st_mode):
            entries[path.name] = ("link", os.readlink(path))
        else:
            entries[path.name] = (stat.S_IFMT(info.st_mode),)
    return entries


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except PermissionError:
        return None


def line_endings(data: bytes) -> set[bytes]:
    return set(re.findall(rb"\r\n|\r|\n", data))


def code_cells(data: bytes) -> tuple[dict, list[str]]:
    """The notebook without its code cells' sources, and those sources (nbformat 3 and 4)."""
    book = json.loads(data.decode("utf-8-sig"))
    cells = book.get("cells") or [cell for sheet in book.get("worksheets", []) for cell in sheet["cells"]]
    sources = []
    for cell in cells:
        if cell["cell_type"] == "code":
            key = "source" if "source" in cell else "input"
            text = cell.pop(key)
            sources.append(text if isinstance(text, str) else "".join(text))
    return book, sources


def parses(source: str | bytes) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):  # ValueError: null bytes, before Python 3.12
        return False
    return True


def assert_migrated(name: str, old: bytes, new: bytes) -> None:
    """`new` is a correct rewrite of `old`: it parses where `old` did, same BOM, no new kind of line ending."""
    assert new != old, f"{name}: expected a change"
    assert new.startswith(BOM) == old.startswith(BOM), name
    assert line_endings(new) <= line_endings(old), (name, line_endings(old), line_endings(new))
    if name.endswith(".py"):
        assert parses(new), name  # bytes: the BOM or coding cookie decides the encoding, as for Python
        return
    old_book, old_sources = code_cells(old)
    new_book, new_sources = code_cells(new)
    assert new_book == old_book, f"{name}: only code cell sources may change"
    assert len(new_sources) == len(old_sources), name
    for before, after in zip(old_sources, new_sources):
        assert parses(after) or not parses(before), (name, after)
        kept = line_endings(before.encode())
        assert not kept or line_endings(after.encode()) <= kept, (name, after)


def assert_outcome(directory: Path, before: dict[str, Entry], changed: tuple[str, ...]) -> None:
    """Files in `changed` are correctly migrated with their mode kept; every other entry is as it was."""
    after = snapshot(directory)
    assert after.keys() == before.keys(), "entries were added (temp files?) or removed"
    for name, entry in before.items():
        if name not in changed:
            assert after[name] == entry, f"{directory.name}/{name} changed"
            continue
        kind, old, mode = entry
        assert after[name][0] == kind and after[name][2] == mode, name
        assert_migrated(name, old, after[name][1])


def summary(output: str) -> str:
    return next((line for line in output.splitlines() if " file(s) changed; " in line), "")


def written(directory: Path, names: tuple[str, ...]) -> int:
    """How many files `names` are (two hard links are one file)."""
    return len({(directory / name).stat().st_ino for name in names})


def would_migrate(output: str) -> set[str]:
    return {line.removeprefix("would migrate: ") for line in output.splitlines() if line.startswith("would")}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'hostile'\n")
    return tmp_path


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=case.bug)) if case.bug else case for case in CASES
], ids=[case.name for case in CASES])
def test_input_class(root: Path, case: Case) -> None:
    if case.skip:
        pytest.skip(case.skip)
    directory = root / "c"
    directory.mkdir()
    case.build(directory)
    before = snapshot(directory)

    lint = run("tfcompat-lint", "c", cwd=root)
    output = lint.stdout + lint.stderr
    assert lint.returncode == case.lint, output
    assert ("All checks passed!" in output) == (case.lint == 0), output
    for text in case.says:
        assert f"c/{text}" in output
    named = run("tfcompat-lint", "--output-format", "concise", *(f"c/{name}" for name in sorted(before)), cwd=root)
    expected = case.lint if case.lint_files is None else case.lint_files
    assert named.returncode == expected, named.stdout + named.stderr

    check = run("tfcompat-migrate", "--check", "c", cwd=root)
    assert check.returncode == case.expected_check, check.stdout + check.stderr
    listed = would_migrate(check.stdout)  # one name for a file with two hard links
    pending = (*case.changed, *case.refused)
    assert listed <= {f"c/{name}" for name in pending} and bool(listed) == bool(pending), check.stdout
    assert snapshot(directory) == before, "--check wrote something"

    write = run("tfcompat-migrate", "--write", "c", cwd=root)
    assert write.returncode == case.migrate, write.stdout + write.stderr
    assert_outcome(directory, before, case.changed)
    if not case.refused:  # see test_refused_write_is_not_counted
        assert f"{written(directory, case.changed)} of " in summary(write.stdout + write.stderr)
    if case.changed:
        again = run("tfcompat-migrate", "--check", *(f"c/{name}" for name in case.changed), cwd=root)
        assert again.returncode == case.recheck and not would_migrate(again.stdout), again.stdout + again.stderr
    if case.verify:
        case.verify(directory)


GOOD = {"000_good_py": FIX, "zzz_good_ipynb": notebook(HEADER, "a = tf.constant(1)\nb = tf.mul(a, a)\n")}


def test_bad_files_do_not_stop_the_run(root: Path) -> None:
    """Every class in one tree, between two good files: each file is still linted and migrated on its own."""
    tree = root / "tree"
    cases = [case for case in CASES if not case.skip and not case.bug]
    for case in cases:
        (tree / case.name).mkdir(parents=True)
        case.build(tree / case.name)
    files(**GOOD)(tree)
    before = {case.name: snapshot(tree / case.name) for case in cases}
    good = snapshot(tree)

    lint = run("tfcompat-lint", "tree", cwd=root)
    output = lint.stdout + lint.stderr
    assert lint.returncode == 2
    for text in ("tree/000_good.py:3:5: TFC101", "tree/zzz_good.ipynb:cell 2:2:5: TFC101",
                 *(f"tree/{case.name}/{text}" for case in cases for text in case.says)):
        assert text in output

    check = run("tfcompat-migrate", "--check", "tree", cwd=root)
    assert check.returncode == 2
    listed = would_migrate(check.stdout)
    assert {"tree/000_good.py", "tree/zzz_good.ipynb"} <= listed
    for case in cases:
        changed = {f"tree/{case.name}/{name}" for name in (*case.changed, *case.refused)}
        assert bool(listed & changed) == bool(changed), case.name

    assert run("tfcompat-migrate", "--write", "tree", cwd=root).returncode == 2
    for case in cases:
        assert_outcome(tree / case.name, before[case.name], case.changed)
        if case.verify:
            case.verify(tree / case.name)
    assert_outcome(tree, good, tuple(name for name in good if "good" in name))


def test_refused_write_is_not_counted(root: Path) -> None:
    (root / "ro.py").write_text(FIX)
    (root / "ro.py").chmod(0o444)
    write = run("tfcompat-migrate", "--write", "ro.py", cwd=root)
    assert write.returncode == 2 and (root / "ro.py").read_text() == FIX
    assert summary(write.stdout + write.stderr).startswith("0 of 1 file(s) changed; 0 fix(es) applied")


def test_syntax_error_message_does_not_send_python_3_files_to_py2(root: Path) -> None:
    (root / "e.py").write_text(f"{HEADER}def f(:\n    pass\n")
    check = run("tfcompat-migrate", "--check", "e.py", cwd=root)
    assert check.returncode == 2 and "--py2" not in check.stderr, check.stderr


def test_undecodable_file_message_says_what_to_do(root: Path) -> None:
    (root / "u.py").write_bytes(b"import os\nimport sys\ns = 'caf\xe9'\n")  # lint: TFC902 with the advice
    check = run("tfcompat-migrate", "--check", "u.py", cwd=root)
    assert check.returncode == 2 and "re-save it as UTF-8 or declare its encoding" in check.stderr, check.stderr


def test_py2_converts_the_notebook_cell_lint_sends_to_it(root: Path) -> None:
    (root / "n.ipynb").write_text(notebook(HEADER, "print 'hi'\n"))
    assert "convert it with `tfcompat-migrate --py2`" in run("tfcompat-lint", "n.ipynb", cwd=root).stdout
    write = run("tfcompat-migrate", "--py2", "--write", "n.ipynb", cwd=root)
    assert write.returncode == 0, write.stderr
    assert code_cells((root / "n.ipynb").read_bytes())[1] == [HEADER, "print('hi')\n"]


def test_py2_accepts_python_2_tab_indentation(root: Path) -> None:
    (root / "t.py").write_text(f"{HEADER}if True:\n        x = 1\n\tprint x\n")
    write = run("tfcompat-migrate", "--py2", "--write", "t.py", cwd=root)
    assert write.returncode == 0 and "cannot decode" not in write.stderr, write.stderr
    assert parses((root / "t.py").read_bytes())


def test_py2_converts_a_python_2_module_without_tensorflow(root: Path) -> None:
    (root / "util.py").write_text("print 'hi'\n")
    check = run("tfcompat-migrate", "--check", "util.py", cwd=root)
    assert check.returncode == 2 and "--py2" in check.stderr, check.stderr  # README: "one message naming --py2"
    assert run("tfcompat-migrate", "--py2", "--write", "util.py", cwd=root).returncode == 0
    assert (root / "util.py").read_text() == "print('hi')\n"


def test_stdin_migration_keeps_the_declared_encoding(root: Path) -> None:
    done = subprocess.run([str(BIN / "tfcompat-migrate"), "--no-cache", "-"], cwd=root, input=LATIN1,
                          capture_output=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, done.stderr
    assert done.stdout == LATIN1.replace(b"tf.mul(", b"tf.multiply(")


@pytest.fixture
def non_utf8_name(root: Path) -> Path:
    """A project holding a file whose name is not UTF-8 (as a Latin-1 system wrote it)."""
    try:
        (root / os.fsdecode(b"caf\xe9.py")).write_text(FIX)
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    return root


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(non_utf8_name: Path) -> None:
    for output_format in FORMATS:  # gitlab's fingerprint hashed the name as UTF-8: internal error
        done = run("tfcompat-lint", "--output-format", output_format, ".", cwd=non_utf8_name)
        assert done.returncode == 1, (output_format, done.stderr)


def test_machine_readable_output_is_utf8_for_any_file_name(non_utf8_name: Path) -> None:
    for output_format in ("json", "json-lines", "junit", "gitlab", "sarif"):
        done = subprocess.run([str(BIN / "tfcompat-lint"), "--no-cache", "--output-format", output_format, "."],
                              cwd=non_utf8_name, capture_output=True, timeout=TIMEOUT_S)
        done.stdout.decode("utf-8")


def test_code_frames_of_one_long_line_stay_small(root: Path) -> None:
    source = f"{HEADER}x = [{', '.join(f'tf.mul(a, {i})' for i in range(1000))}]\n"  # 16 KB, 1000 findings
    (root / "long.py").write_text(source)
    lint = run("tfcompat-lint", "long.py", cwd=root)
    assert lint.returncode == 1 and len(lint.stdout) < 1000 * 1000, len(lint.stdout)  # 1 KB a finding; 24 MB today
