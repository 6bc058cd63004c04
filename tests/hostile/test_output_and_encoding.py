"""Output and encodings under hostile input (issue 11): code frames of long lines stay a window around the
span, the migrate summary counts only files written, an undecodable file is one message saying where and
what to do, stdin migration keeps the input's encoding, and machine-readable formats stay valid UTF-8
whatever the file names."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tfcompat_lint.output import frame_window, utf8_text
from tfcompat_lint.source import UndecodableSource, decode

BIN = Path(sys.executable).parent
TIMEOUT_S = 60
HEADER = "import tensorflow as tf\n"
FIX = f"{HEADER}a = tf.constant(1)\nb = tf.mul(a, a)\n"
ADVICE = "re-save it as UTF-8 or declare its encoding (`# -*- coding: latin-1 -*-`)"


def run(tool: str, *args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run([str(BIN / tool), "--no-cache", *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, timeout=TIMEOUT_S)
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, done.stderr
    return done


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'hostile'\n")
    return tmp_path


# ----- 1. code frames of long lines --------------------------------------------------------------------

def test_frame_window_keeps_lines_that_fit_whole() -> None:
    assert frame_window("x" * 140, 3, 5) == ("x" * 140, 3, 2)
    assert frame_window("abc", 3, 3) == ("abc", 3, 1)  # an empty span still gets one caret


def test_frame_window_cuts_long_lines_around_the_span() -> None:
    text = "".join(chr(ord("a") + i % 26) for i in range(300))
    assert frame_window(text, 0, 3) == (text[:140] + "…", 0, 3)  # the start: cut on the right only
    assert frame_window(text, 200, 203) == ("…" + text[132:272] + "…", 69, 3)  # centred, cut both sides
    assert frame_window(text, 295, 300) == ("…" + text[160:], 136, 5)  # the end: cut on the left only
    assert frame_window(text, 100, 290) == ("…" + text[100:240] + "…", 1, 140)  # a span wider than the window


def test_code_frame_of_a_long_line_is_a_window_around_the_span(root: Path) -> None:
    line = "y = " + "a + " * 100 + "tf.mul(a, a)" + " + a" * 100
    (root / "long.py").write_text(f"{HEADER}{line}\n")
    lint = run("tfcompat-lint", "long.py", cwd=root)
    assert lint.returncode == 1
    assert lint.stdout.decode("utf-8").splitlines()[:6] == [
        "long.py:2:405: TFC101 [*] `tf.mul` was renamed in TF 1.0; use `tf.multiply`.",
        "  |",
        "2 | …" + " + a" * 16 + " + tf.mul(a, a)" + " + a" * 15 + " …",
        "  | " + " " * 68 + "^^^^^^ TFC101",
        "  |",
        "  = help: Replace with `tf.multiply`",
    ]


def test_twenty_thousand_findings_on_one_long_line_print_quickly(root: Path) -> None:
    """350 KB on one line: each frame costs its window, not the line (nothing was printed within 60 s)."""
    (root / "huge.py").write_text(f"{HEADER}x = [{', '.join(f'tf.mul(a, {i})' for i in range(20_000))}]\n")
    lint = run("tfcompat-lint", "huge.py", cwd=root)
    assert lint.returncode == 1
    assert lint.stdout.count(b" TFC101 [*] ") == 20_000
    assert max(len(line) for line in lint.stdout.splitlines()) < 500


# ----- 2. the migrate summary after the writes ---------------------------------------------------------

def test_summary_counts_only_the_files_written(root: Path) -> None:
    (root / "ok.py").write_text(FIX)
    (root / "ro.py").write_text(FIX)
    (root / "ro.py").chmod(0o444)
    write = run("tfcompat-migrate", "--write", "ok.py", "ro.py", cwd=root)
    err = write.stderr.decode("utf-8")
    assert write.returncode == 2 and (root / "ro.py").read_text() == FIX
    assert ("\n1 of 2 file(s) changed; 1 fix(es) applied; 0 item(s) for manual review; 1 file(s) could not be "
            "written (see the errors below).\n\n  fixes  rule\n      1  TFC101 ") in err
    assert "error: ro.py: read-only; not written (make it writable to migrate it)" in err


def test_summary_without_write_still_counts_what_would_change(root: Path) -> None:
    (root / "ro.py").write_text(FIX)
    (root / "ro.py").chmod(0o444)
    diff = run("tfcompat-migrate", "ro.py", cwd=root)
    assert diff.returncode == 1
    assert "\n1 of 1 file(s) would change; 1 fix(es) applied; 0 item(s) for manual review.\n" in diff.stderr.decode()


# ----- 3. undecodable files: where, and what to do -------------------------------------------------------

@pytest.mark.parametrize("data, where", [
    (b"s = 'caf\xe9'\n", "not valid UTF-8 at line 1, byte 9"),  # tokenize: "invalid or missing encoding declaration"
    (b"# caf\xe9\nx = 1\n", "not valid UTF-8 at line 1, byte 6"),
    (b"#!/usr/bin/env python\ns = '\xe9'\n", "not valid UTF-8 at line 2, byte 6"),
    (b"import os\nimport sys\ns = 'caf\xe9'\n", "not valid UTF-8 at line 3, byte 9"),
    (b"\xef\xbb\xbfx = 1\ns = 'caf\xe9'\n", "not valid UTF-8 at line 2, byte 9"),  # after a BOM
    (b"# a\rb = 1\r\nc = '\xff'\n", "not valid UTF-8 at line 3, byte 6"),  # lines end at \r as well
    (b"# coding: nonesuch\nx = 1\n", "unknown encoding: nonesuch"),
    (b"# coding: rot13\nx = 1\n", "`rot13` is not a text encoding"),
])
def test_decode_says_where_and_what_to_do(data: bytes, where: str) -> None:
    with pytest.raises(UndecodableSource) as raised:
        decode(data)
    assert str(raised.value) == f"{where}; {ADVICE}"


def test_both_tools_give_the_same_advice_for_a_bad_first_line(root: Path) -> None:
    (root / "u.py").write_bytes(b"s = 'caf\xe9'\nimport tensorflow as tf\n")
    message = f"u.py: cannot decode: not valid UTF-8 at line 1, byte 9; {ADVICE}"
    lint = run("tfcompat-lint", "--output-format", "concise", "u.py", cwd=root)
    assert lint.returncode == 1 and f"u.py:1:1: TFC902 cannot decode: not valid UTF-8" in lint.stdout.decode()
    assert message.split(": ", 1)[1] in lint.stdout.decode()
    check = run("tfcompat-migrate", "--check", "u.py", cwd=root)
    assert check.returncode == 2 and f"error: {message}\n" in check.stderr.decode()


def test_a_notebook_that_is_not_utf8_says_where_and_what_to_do(root: Path) -> None:
    (root / "n.ipynb").write_bytes(b'{"cells": [{"cell_type": "code", "source": "s = \xe9"}], "nbformat": 4}')
    message = "cannot decode: not valid UTF-8 at line 1, byte 49; a notebook is UTF-8 JSON: re-save it as UTF-8"
    lint = run("tfcompat-lint", "--output-format", "concise", "n.ipynb", cwd=root)
    assert lint.returncode == 1 and f"n.ipynb:1:1: TFC902 {message}" in lint.stdout.decode()  # a finding, as for .py
    check = run("tfcompat-migrate", "--check", "n.ipynb", cwd=root)
    assert check.returncode == 2 and f"error: n.ipynb: {message}\n" in check.stderr.decode()


# ----- 4. stdin migration keeps the input's encoding ---------------------------------------------------

LATIN1 = f"# -*- coding: latin-1 -*-\n{HEADER}s = 'caf\xe9'\nb = tf.mul(1, 2)\n".encode("latin-1")


def test_stdin_migration_is_encoded_as_the_input(root: Path) -> None:
    done = run("tfcompat-migrate", "-", cwd=root, stdin=LATIN1)
    assert done.returncode == 0 and done.stdout == LATIN1.replace(b"tf.mul(", b"tf.multiply(")


def test_stdin_migration_keeps_the_bom(root: Path) -> None:
    done = run("tfcompat-migrate", "-", cwd=root, stdin=b"\xef\xbb\xbf" + FIX.encode())
    assert done.returncode == 0 and done.stdout == b"\xef\xbb\xbf" + FIX.replace("tf.mul(", "tf.multiply(").encode()


def test_stdin_force_excluded_passes_the_bytes_through(root: Path) -> None:
    done = run("tfcompat-migrate", "--force-exclude", "--extend-exclude", "skip.py", "--stdin-filename", "skip.py",
               cwd=root, stdin=LATIN1)
    assert done.returncode == 0 and done.stdout == LATIN1


# ----- 5. machine-readable formats stay UTF-8 -----------------------------------------------------------

def test_utf8_text_replaces_the_bytes_of_a_name_that_is_not_utf8() -> None:
    assert utf8_text(os.fsdecode(b"caf\xe9.py")) == "caf\ufffd.py"
    assert utf8_text("café.py") == "café.py"


@pytest.mark.parametrize("output_format", ["json", "json-lines", "junit", "gitlab", "github", "sarif"])
def test_machine_readable_formats_are_utf8_for_any_file_name(root: Path, output_format: str) -> None:
    try:
        (root / os.fsdecode(b"caf\xe9.py")).write_text(FIX)
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    lint = run("tfcompat-lint", "--output-format", output_format, ".", cwd=root)
    text = lint.stdout.decode("utf-8")
    assert lint.returncode == 1
    if output_format == "sarif":  # a URI: the name's bytes percent-encoded
        assert '"uri": "caf%E9.py"' in text
    else:
        assert "caf\ufffd.py" in text
    if output_format == "json":
        assert json.loads(text)[0]["filename"] == str(root.resolve() / "caf\ufffd.py")
