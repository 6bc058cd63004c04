"""Finding files and writing them back, attacked (issue 11, items 3, 4, 10, 12 and 14): a file edited during a
run, other owners, hard links, read-only files, killed runs, broken config and cache files, FIFOs, ignored
and unreadable directories."""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tfcompat_lint import cli_lint, cli_migrate
from tfcompat_lint.migrate import _write

OLD = "import tensorflow as tf\ny = tf.pack([a, b])\n"
NEW = "import tensorflow as tf\ny = tf.stack([a, b])\n"
EDITED = "import tensorflow as tf\ny = tf.pack([a, b, c])  # edited meanwhile\n"
ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "old.py").write_text(OLD)
    return tmp_path


def migrate(capsys, *args: str) -> tuple[int, str, str]:
    code = cli_migrate.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def lint(capsys, *args: str) -> tuple[int, str, str]:
    code = cli_lint.main(["--no-cache", "--output-format", "concise", *args])
    out, err = capsys.readouterr()
    return code, out, err


def temps(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob(".*.tfcompat"))


# 3. A file edited while migrate runs is left as it is, not overwritten with the stale version.

def test_file_edited_between_migrate_and_write_is_left_alone(project: Path, capsys, monkeypatch) -> None:
    (project / "other.py").write_text(OLD)
    migrate_one = cli_migrate._migrate_one

    def edit_after_reading(job):
        outcome = migrate_one(job)
        if job[0].name == "old.py":
            job[0].write_text(EDITED)  # the user saves the file in an editor meanwhile
        return outcome

    monkeypatch.setattr(cli_migrate, "_migrate_one", edit_after_reading)
    code, _, err = migrate(capsys, "--write", "-j", "1", ".")
    assert code == 2
    assert "error: old.py: changed on disk while migrating; left as it is, re-run\n" in err
    assert (project / "old.py").read_text() == EDITED
    assert (project / "other.py").read_text() == NEW  # the other files are still written
    assert temps(project) == []


def test_file_edited_just_before_the_rename_is_left_alone(project: Path, monkeypatch) -> None:
    target = project / "old.py"
    digest = _write.content_key(target.read_bytes())
    chmod = os.chmod

    def chmod_then_edit(path, mode, *args, **kwargs):
        chmod(path, mode, *args, **kwargs)
        target.write_text(EDITED)  # lands after the temp file is complete, before it replaces the file

    monkeypatch.setattr(os, "chmod", chmod_then_edit)
    with pytest.raises(_write.NotWritten, match="changed on disk while migrating"):
        _write.write_migrated(target, NEW, digest)
    assert target.read_text() == EDITED and temps(project) == []


# 4. Owner and group, hard links, read-only files.

@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
def test_owner_and_group_are_kept(project: Path, capsys) -> None:
    target = project / "old.py"
    os.chown(target, 12345, 23456)
    assert migrate(capsys, "--write", "old.py")[0] == 0
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (12345, 23456) and target.read_text() == NEW


def test_a_file_whose_owner_cannot_be_kept_is_written_in_place(project: Path, capsys, monkeypatch) -> None:
    target = project / "old.py"
    inode = target.stat().st_ino
    monkeypatch.setattr(_write, "_can_keep_owner", lambda info: False)  # as a user who does not own the file
    assert migrate(capsys, "--write", "old.py")[0] == 0
    assert target.read_text() == NEW and target.stat().st_ino == inode


def test_hard_links_are_kept_and_reported(project: Path, capsys) -> None:
    target = project / "old.py"
    os.link(target, project / "twin.py")
    code, _, err = migrate(capsys, "--write", ".")
    assert code == 0
    assert "note: old.py: has 2 hard links; written in place, so all of them show the change\n" in err
    assert (project / "twin.py").read_text() == NEW == target.read_text()
    assert (project / "twin.py").stat().st_ino == target.stat().st_ino
    assert "changed on disk" not in err  # the two names are one file, migrated once


@pytest.mark.parametrize("mode", [0o444, 0o555])
def test_read_only_file_is_refused(project: Path, capsys, mode: int) -> None:
    target = project / "old.py"
    target.chmod(mode)
    code, _, err = migrate(capsys, "--write", "old.py")
    assert code == 2
    assert "error: old.py: read-only; not written (make it writable to migrate it)\n" in err
    assert target.read_text() == OLD and stat.S_IMODE(target.stat().st_mode) == mode
    assert temps(project) == []


# 14. Killed runs: no worker outlives its parent, and temp files are cleaned.

def _processes_in_group(group: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            if int(fields[2]) == group and fields[0] != "Z":  # state, parent, group; a zombie runs nothing
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("how, exit_code", [
    ("SIGKILL", -signal.SIGKILL),  # the kernel ends the workers (PR_SET_PDEATHSIG)
    ("SIGTERM", -signal.SIGTERM),  # the same: there is no temp file to remove before the writes
    ("Ctrl-C", 2),  # SIGINT to the whole group: the workers leave it to the parent, which ends them
])
def test_killed_run_leaves_no_worker(tmp_path: Path, how: str, exit_code: int) -> None:
    for index in range(400):
        (tmp_path / f"m{index}.py").write_text(OLD * 20)
    command = [sys.executable, "-m", "tfcompat_lint.cli_migrate", "-j", "2", "--write", "."]
    process = subprocess.Popen(command, cwd=tmp_path, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(_processes_in_group(process.pid)) < 3 and process.poll() is None:  # parent and 2 workers
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.02)
        assert process.poll() is None, "the run ended before it could be killed: give it more files"
        if how == "Ctrl-C":
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, getattr(signal, how))
        assert process.wait(timeout=30) == exit_code
        deadline = time.monotonic() + 10
        while _processes_in_group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _processes_in_group(process.pid) == []
        if how != "SIGKILL":
            assert temps(tmp_path) == []  # cleaned on the way out
    finally:
        for pid in _processes_in_group(process.pid):
            os.kill(pid, signal.SIGKILL)


CTRL_C_IN_A_FORK_HOOK = """
import os, signal, sys
from tfcompat_lint import cli_migrate
sent = []
def ctrl_c_once() -> None:  # lands while os.fork runs the parent's at-fork hooks, as the pool starts
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), signal.SIGINT)
os.register_at_fork(after_in_parent=ctrl_c_once)
sys.exit(cli_migrate.main(["-j", "2", "--write", "."]))
"""


def test_ctrl_c_while_the_workers_start_is_not_lost(tmp_path: Path) -> None:
    for index in range(4):
        (tmp_path / f"m{index}.py").write_text(OLD)
    done = subprocess.run([sys.executable, "-c", CTRL_C_IN_A_FORK_HOOK], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stderr) == (2, "tfcompat-migrate: interrupted\n")
    assert [(tmp_path / f"m{index}.py").read_text() for index in range(4)] == [OLD] * 4


def test_stale_temp_files_are_removed_by_the_next_write(project: Path, capsys) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(ended.stdout)
    old_unowned = project / ".old.py.k3j_x9qa.tfcompat"  # written by a version without process ids
    for path in (project / f".old.py.{dead}.a1b2c3d4.tfcompat", old_unowned,
                 project / ".old.py.r4nd0m00.tfcompat", project / f".old.py.{os.getpid()}.live0000.tfcompat"):
        path.write_text(OLD[:10])
    hour_ago = time.time() - 2 * 3600
    os.utime(old_unowned, (hour_ago, hour_ago))
    assert migrate(capsys, "--write", "old.py")[0] == 0
    # kept: a running process's, and a recent one whose process cannot be told
    assert temps(project) == [f".old.py.{os.getpid()}.live0000.tfcompat", ".old.py.r4nd0m00.tfcompat"]
    assert (project / "old.py").read_text() == NEW


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signal handlers need the main thread")
def test_sigterm_during_a_write_removes_the_temp_file(project: Path, monkeypatch) -> None:
    fsync = os.fsync

    def fsync_then_terminated(fd: int) -> None:
        fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill PID` while the temp file is being written

    monkeypatch.setattr(os, "fsync", fsync_then_terminated)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as exited:
        cli_migrate.main(["--write", "old.py"])
    assert exited.value.code == 128 + signal.SIGTERM
    assert (project / "old.py").read_text() == OLD and temps(project) == []
    assert signal.getsignal(signal.SIGTERM) is before  # the handler is only set during the run


# 12. Config of the wrong shape, cache files of the wrong shape, FIFOs and devices named *.py.

@pytest.mark.parametrize("config, message", [
    ("tool = 5\n", "`tool` must be a table (settings go under [tool.tfcompat]); it is 5"),
    ('tool = "tfcompat"\n', "`tool` must be a table (settings go under [tool.tfcompat]); it is 'tfcompat'"),
    ('[tool]\ntfcompat = "TFC1"\n', "[tool.tfcompat] must be a table"),
    ("[tool.tfcompat]\nselect = 5\n", "[tool.tfcompat].select: expected a list of rule codes"),
])
def test_config_of_the_wrong_shape_is_one_line(project: Path, capsys, config: str, message: str) -> None:
    (project / "pyproject.toml").write_text(config)
    for main in (cli_lint.main, cli_migrate.main):
        code = main(["old.py"])
        out, err = capsys.readouterr()
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and f"error: {project / 'pyproject.toml'}: {message}" in err, err


def _corrupt(entries: dict) -> list[str]:
    """Cache files of every wrong shape, built from a good one."""
    key = entries["old.py"][0]
    good = entries["old.py"][1][0]
    return ['{"old.py": ["' + key, "[1, 2, 3]", "null", json.dumps({"old.py": 5}), json.dumps({"old.py": [key]}),
            json.dumps({"old.py": [key, "TFC101"]}), json.dumps({"old.py": [key, [["TFC101"]]]}),
            json.dumps({"old.py": [key, [[*good[:2], "2", *good[3:]]]]}),
            json.dumps({"old.py": [key, [[*good[:6], ["fix", [[1, 2, 3]], "safe"], None]]]})]


def test_cache_of_the_wrong_shape_is_rebuilt(project: Path, capsys) -> None:
    def run() -> tuple[int, str, str]:
        code = cli_lint.main(["--output-format", "concise", "old.py"])
        return (code, *capsys.readouterr())

    first = run()
    assert first[0] == 1 and "old.py:2:5: TFC101" in first[1]
    (cache,) = (project / ".tfcompat_cache").glob("lint-*.json")
    written = cache.read_text()
    digest, _, payload = written.partition("\n")
    good = json.loads(payload)
    # each damaged form alone, and behind the good file's digest line (an entry edited by hand)
    for damaged in [*_corrupt(good), *(f"{digest}\n{text}" for text in _corrupt(good))]:
        cache.write_text(damaged)
        assert run() == first, damaged
        assert cache.read_text() == written  # rebuilt


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_device_named_py_are_skipped_when_walked(project: Path) -> None:
    (project / "sub").mkdir()
    os.mkfifo(project / "sub" / "pipe.py")
    (project / "sub" / "zero.py").symlink_to("/dev/zero")
    for tool in ("cli_lint", "cli_migrate"):
        done = subprocess.run([sys.executable, "-m", f"tfcompat_lint.{tool}", "--no-cache", "."], cwd=project,
                              capture_output=True, text=True, timeout=120)  # a read of either would never end
        assert done.returncode == 1, done.stderr
        assert "warning: sub/pipe.py: not a regular file, skipped\n" in done.stderr
        assert "warning: sub/zero.py: not a regular file, skipped\n" in done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("name", ["pipe.py", "zero.py"])
def test_fifo_and_device_named_explicitly_are_errors(project: Path, capsys, name: str) -> None:
    os.mkfifo(project / "pipe.py")
    (project / "zero.py").symlink_to("/dev/zero")
    for run in (lint, migrate):
        code, _, err = run(capsys, name)
        assert code == 2 and f"error: {name}: not a regular file or directory\n" in err and "Traceback" not in err


# 10. Paths the user names are checked even when git-ignored; unreadable directories are errors.

@pytest.fixture
def ignored_tree(project: Path) -> Path:
    (project / ".git").mkdir()
    (project / ".gitignore").write_text("ignored/\n*_gen.py\n")
    (project / "ignored" / "deep").mkdir(parents=True)
    for name in ("ignored/a.py", "ignored/deep/b.py", "ignored/c_gen.py"):
        (project / name).write_text(OLD)
    return project


def test_named_directory_inside_an_ignored_folder_is_checked(ignored_tree: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ignored_tree / "ignored")
    code, out, _ = lint(capsys, ".")
    assert code == 1
    # patterns matching below the named path still apply: c_gen.py stays ignored
    assert sorted(line.split(":")[0] for line in out.splitlines() if "TFC101" in line) == ["a.py", "deep/b.py"]
    monkeypatch.chdir(ignored_tree)
    _, out, _ = lint(capsys, "ignored/deep")
    assert "ignored/deep/b.py:2:5: TFC101" in out
    _, out, _ = lint(capsys, ".")
    assert "ignored/" not in out and "old.py:2:5: TFC101" in out  # found by walking: still ignored


def test_named_directory_inside_an_ignored_folder_is_migrated(ignored_tree: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ignored_tree / "ignored")
    assert migrate(capsys, "--write", ".")[0] == 0
    assert (ignored_tree / "ignored" / "a.py").read_text() == NEW
    assert (ignored_tree / "ignored" / "c_gen.py").read_text() == OLD


def test_unreadable_directory_is_an_error(project: Path, capsys, monkeypatch) -> None:
    (project / "secret").mkdir()
    (project / "secret" / "hidden.py").write_text(OLD)
    scandir = os.scandir

    def denied(path="."):
        if os.path.basename(os.fspath(path)) == "secret":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)  # what chmod 000 does to anyone but root
    for run in (lint, migrate):
        code, _, err = run(capsys, ".")
        assert code == 2 and "error: secret: cannot read directory (permission denied)\n" in err


@pytest.mark.skipif(IS_ROOT, reason="root reads a chmod 000 directory")
def test_chmod_000_directory_is_an_error(project: Path, capsys) -> None:
    (project / "secret").mkdir()
    (project / "secret" / "hidden.py").write_text(OLD)
    (project / "secret").chmod(0)
    try:
        code, _, err = lint(capsys, ".")
    finally:
        (project / "secret").chmod(0o755)
    assert code == 2 and "error: secret: cannot read directory (permission denied)\n" in err
