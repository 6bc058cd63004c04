"""Hostile inputs for the tools, one named class each, built in an empty directory (issue 11, "Done when").

Each `Case` says how `tfcompat-lint` and `tfcompat-migrate` must end on it and which files `--write` changes;
every other file must stay byte-identical.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HEADER = "import tensorflow as tf\n"
FIX = f"{HEADER}a = tf.constant(1)\nb = tf.mul(a, a)\n"  # one safe fix, on the last line
GRAPH = f"{HEADER}x = tf.placeholder(tf.float32)\ns = tf.Session()\n"  # needs an inserted line

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
Build = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One input class: how to build it and what the tools must do with it."""

    name: str
    build: Build
    lint: int  # exit of `tfcompat-lint` on the directory
    migrate: int  # exit of `tfcompat-migrate --write` on the directory
    changed: tuple[str, ...] = ()  # files `--write` changes; the others stay as they were
    refused: tuple[str, ...] = ()  # files `--check` names but `--write` must not write
    lint_files: int | None = None  # exit of `tfcompat-lint` naming every file (default: as on the directory)
    recheck: int = 0  # exit of `--check` on the changed files after writing (2: a reported part stays)
    says: tuple[str, ...] = ()  # lint output (stdout or stderr) holds each, after the directory name and /
    verify: Callable[[Path], None] | None = None  # a further check of the directory after `--write`
    skip: str = ""  # why this machine cannot build the class, if it cannot
    bug: str = ""  # a known bug the class shows (the test is expected to fail until it is fixed)

    @property
    def expected_check(self) -> int:
        """Exit of `--check` before writing: 2 for an error `--check` sees, else 1 when anything would change."""
        return 2 if self.migrate == 2 and not self.refused else int(bool(self.changed or self.refused))


def files(**contents: str | bytes) -> Build:
    """A builder writing each keyword as a file (`name_py` is `name.py`); text is written byte for byte."""
    def build(directory: Path) -> None:
        for key, body in contents.items():
            data = body if isinstance(body, bytes) else body.encode("utf-8")
            (directory / _filename(key)).write_bytes(data)
    return build


def _filename(key: str) -> str:
    stem, _, ext = key.rpartition("_")
    return f"{stem}.{ext}"


def notebook(*sources: str | list[str]) -> str:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
             for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


# ----- odd line breaks: str.splitlines breaks lines the tokenizer does not ------------------------------
BREAKS = {"FF": "\x0c", "VT": "\x0b", "FS": "\x1c", "GS": "\x1d", "RS": "\x1e", "NEL": "\x85",
          "LS": "\u2028", "PS": "\u2029"}


def _break_cases() -> list[Case]:
    cases = []
    for label, brk in BREAKS.items():
        cases.append(Case(f"break-{label}-comment-string", files(
            comment_py=f"{HEADER}# a{brk}b\n{FIX[len(HEADER):]}",
            string_py=f"{HEADER}s = 'x{brk}y'\n{FIX[len(HEADER):]}"),
            lint=1, migrate=0, changed=("comment.py", "string.py"), says=("comment.py:4:5: TFC101",
                                                                         "string.py:4:5: TFC101")))
    # In code only the form feed is whitespace to the tokenizer; the others are invalid characters there.
    cases.append(Case("break-FF-code", files(code_py=f"{HEADER}\x0c\na = 1;\x0c b = tf.mul(a, a)\n"),
                      lint=1, migrate=0, changed=("code.py",), says=("code.py:3:13: TFC101",)))
    for label in ("NEL", "LS"):
        cases.append(Case(f"break-{label}-code", files(code_py=f"{HEADER}a = 1{BREAKS[label]}\nb = tf.mul(a, a)\n"),
                          lint=1, migrate=2, says=("code.py:2:6: TFC901",)))
    return cases


# ----- line endings, encodings, files that are not Python 3 ---------------------------------------------
LATIN1 = f"# -*- coding: latin-1 -*-\n{HEADER}s = 'caf\xe9'\nb = tf.mul(1, 2)\n".encode("latin-1")
PY2 = f"{HEADER}print 'hi'\nb = tf.mul(1, 2)\n"
MINUS = f"{HEADER}x = {'-' * 100_000}y\n"
DEEP_OK = f"{HEADER}x = {'(' * 150}tf.mul(1, 2){')' * 150}\n"
DEEP_BAD = f"{HEADER}x = {'(' * 1000}1{')' * 1000}\n"
HUGE = HEADER + "".join(f"v{i} = tf.mul(tf.sub(a, {i}), tf.pack([a, b]))\n" for i in range(6000))
LATE_IMPORT = ("from tensorflow.examples.tutorials.mnist import input_data\n"
               "mnist = input_data.read_data_sets('/tmp/data', one_hot=True)\n"
               f"{HEADER}x = tf.placeholder(tf.float32, [None, 784])\nsess = tf.Session()\n")
MAIN_GUARD = "if __name__ == '__main__':\n    import tensorflow as tf\n    x = tf.placeholder(tf.float32)\n"


def _text_cases() -> list[Case]:
    return [
        Case("crlf-insert", files(g_py=GRAPH.replace("\n", "\r\n")), lint=1, migrate=0, changed=("g.py",)),
        Case("cr-insert", files(g_py=GRAPH.replace("\n", "\r")), lint=1, migrate=0, changed=("g.py",)),
        Case("mixed-endings", files(m_py=GRAPH.replace("\n", "\r\n", 2)), lint=1, migrate=0, changed=("m.py",)),
        Case("lone-cr-in-comment", files(c_py=f"{HEADER}# a\rb = 1\n{FIX[len(HEADER):]}"), lint=1, migrate=0,
             changed=("c.py",), says=("c.py:5:5: TFC101",)),
        Case("no-final-newline", files(g_py=GRAPH.rstrip("\n")), lint=1, migrate=0, changed=("g.py",)),
        Case("non-bmp-columns", files(e_py=f"{HEADER}s = '\U0001F600\u00e9'; c = tf.mul(1, 2)\n"), lint=1, migrate=0,
             changed=("e.py",), says=("e.py:2:15: TFC101",)),
        Case("nul-byte", files(z_py=f"{HEADER}s = 'a\x00b'\nc = tf.mul(1, 2)\n"), lint=1, migrate=2),
        Case("bom-py", files(b_py=b"\xef\xbb\xbf" + FIX.encode()), lint=1, migrate=0, changed=("b.py",)),
        Case("latin1-cookie", files(l_py=LATIN1), lint=1, migrate=0, changed=("l.py",),
             says=("l.py:4:5: TFC101",)),
        Case("latin1-cookie-cr", files(l_py=LATIN1.replace(b"\n", b"\r")), lint=1, migrate=0, changed=("l.py",),
             says=("l.py:4:5: TFC101",)),
        Case("non-utf8-no-cookie", files(u_py=b"import tensorflow as tf\ns = 'caf\xe9'\n"), lint=1, migrate=2,
             says=("u.py:1:1: TFC902",)),
        Case("python2", files(p_py=PY2), lint=1, migrate=2, says=("p.py:2:1: TFC901 cannot parse: Missing parentheses",)),
        Case("syntax-error", files(e_py=f"{HEADER}def f(:\n    tf.mul(1, 2)\n"), lint=1, migrate=2,
             says=("e.py:2:7: TFC901",)),
        Case("minus-100k", files(m_py=MINUS), lint=2, migrate=2, says=("m.py: too deeply nested to analyse",)),
        Case("nested-150", files(n_py=DEEP_OK), lint=1, migrate=0, changed=("n.py",)),
        Case("nested-1000", files(n_py=DEEP_BAD), lint=1, migrate=2),
        Case("empty", files(e_py=""), lint=0, migrate=0),
        Case("only-comments", files(c_py="# tf.mul(1, 2)\n# import tensorflow as tf\n"), lint=0, migrate=0),
        Case("rebound-tf", files(r_py=f"{HEADER}def f(tf):\n    return tf.mul(1, 2)\n"), lint=0, migrate=0),
        Case("huge-valid", files(h_py=HUGE), lint=1, migrate=0, changed=("h.py",)),
        Case("late-tf-import", files(late_py=LATE_IMPORT), lint=1, migrate=0, changed=("late.py",),
             verify=_v1_switch_between_import_and_use("late.py")),
        Case("tf-import-in-main-guard", files(main_py=MAIN_GUARD), lint=1, migrate=0, changed=("main.py",),
             verify=_v1_switch_between_import_and_use("main.py")),
    ]


def _v1_switch_between_import_and_use(name: str) -> Callable[[Path], None]:
    """The migrated file switches v1 behaviour on after importing TensorFlow and before its first graph call."""
    def verify(directory: Path) -> None:
        lines = [line.strip() for line in (directory / name).read_text().splitlines()]
        tf_import = lines.index("import tensorflow as tf")
        switch = lines.index("tf.compat.v1.disable_v2_behavior()")
        use = next(i for i, line in enumerate(lines) if "tf.compat.v1.placeholder(" in line)
        assert tf_import < switch < use, lines
    return verify


# ----- notebooks ---------------------------------------------------------------------------------------
MALFORMED = {
    "top-list": "[1]",
    "top-null": "null",
    "cells-dict": '{"cells": {}}',
    "cell-string": '{"cells": ["x"]}',
    "source-null": '{"cells": [{"cell_type": "code", "source": null}]}',
    "source-int": '{"cells": [{"cell_type": "code", "source": 5}]}',
    "source-mixed": '{"cells": [{"cell_type": "code", "source": ["a", 5]}]}',
    "invalid-json": '{"cells": [',
}
HAND = """{
  "nbformat_minor": 2, "nbformat": 4,
  "metadata": {"lr": 1e5, "name": "caf\\u00e9", "z": 1.50},
  "cells": [
    {"cell_type": "markdown", "metadata": {}, "source": ["caf\\u00e9\\n"]},
    {"source": ["import tensorflow as tf  # caf\\u00e9\\n", "a = tf.mul(1, 2)"],
     "cell_type": "code", "outputs": [], "metadata": {}, "execution_count": 3}
  ]
}
"""
NB3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"}, "worksheets": [{"metadata": {}, "cells": [
    {"cell_type": "code", "collapsed": False, "input": [HEADER, "a = tf.mul(1, 2)"], "language": "python",
     "metadata": {}, "outputs": []}]}]}
FORGED = ["# tfcompat-cell-boundary 0\n", "# tfcompat-cell 0 1\n", "a = tf.mul(1, 2)\n", "b = 1\n"]


def _notebook_cases() -> list[Case]:
    cases = [Case(f"nb-{name}", files(n_ipynb=text), lint=2, migrate=2, says=("n.ipynb: not a valid notebook: ",))
             for name, text in MALFORMED.items()]
    good = (HEADER, "a = tf.mul(1, 2)\n")
    for label, cell, lint, migrate in [("ipython-help", "obj?\n", 1, 0), ("shell-assign", "x = !ls\n", 1, 0),
                                       ("py2-print", "print 'hi'\n", 1, 2)]:
        cases.append(Case(f"nb-cell-{label}", files(n_ipynb=notebook(good[0], cell, good[1])), lint=lint,
                          migrate=migrate, changed=("n.ipynb",), recheck=migrate))
    return cases + [
        Case("nb-empty-file", files(n_ipynb=""), lint=2, migrate=2),
        Case("nb-no-cells", files(n_ipynb=notebook()), lint=0, migrate=0),
        Case("nb-forged-marker", files(n_ipynb=notebook(HEADER, FORGED)), lint=1, migrate=0, changed=("n.ipynb",)),
        Case("nb-crlf", files(n_ipynb=notebook(GRAPH.splitlines(keepends=True)).replace("\n", "\r\n")),
             lint=1, migrate=0, changed=("n.ipynb",)),
        Case("nb-hand-formatted", files(n_ipynb=HAND), lint=1, migrate=0, changed=("n.ipynb",),
             verify=_only_source_changed),
        Case("nb-format-3", files(n_ipynb=json.dumps(NB3, indent=1)), lint=1, migrate=0, changed=("n.ipynb",)),
        Case("nb-bom", files(n_ipynb=b"\xef\xbb\xbf" + notebook(*good).encode()), lint=1, migrate=0,
             changed=("n.ipynb",)),
    ]


def _only_source_changed(directory: Path) -> None:
    assert (directory / "n.ipynb").read_text() == HAND.replace('"a = tf.mul(1, 2)"', '"a = tf.multiply(1, 2)"')


# ----- what is in the tree besides regular files -------------------------------------------------------
def _specials(directory: Path) -> None:
    files(good_py=FIX)(directory)
    os.mkfifo(directory / "x.py")
    (directory / "z.py").symlink_to("/dev/zero")


def _broken_link(directory: Path) -> None:
    files(good_py=FIX)(directory)
    (directory / "gone.py").symlink_to(directory / "missing.py")


def _read_only(directory: Path) -> None:
    files(ro_py=FIX)(directory)
    (directory / "ro.py").chmod(0o444)


def _hard_link(directory: Path) -> None:
    files(one_py=FIX)(directory)
    os.link(directory / "one.py", directory / "two.py")


def _loops(directory: Path) -> None:
    files(good_py=FIX)(directory)
    (directory / "dir.py").mkdir()
    (directory / "loop.py").symlink_to("loop.py")
    (directory / "self").symlink_to(".")


def _unreadable(directory: Path) -> None:
    files(good_py=FIX, secret_py=FIX)(directory)
    (directory / "secret.py").chmod(0)


def _still_linked(directory: Path) -> None:
    assert (directory / "one.py").stat().st_ino == (directory / "two.py").stat().st_ino


def _file_cases() -> list[Case]:
    return [
        Case("fifo-and-dev-zero", _specials, lint=1, lint_files=2, migrate=0, changed=("good.py",),
             says=("x.py: not a regular file, skipped", "z.py: not a regular file, skipped")),
        Case("broken-symlink", _broken_link, lint=1, lint_files=2, migrate=0, changed=("good.py",),
             says=("gone.py: broken symbolic link, skipped",)),
        Case("symlink-loops-and-dir-named-py", _loops, lint=1, lint_files=2, migrate=0, changed=("good.py",)),
        Case("read-only", _read_only, lint=1, migrate=2, refused=("ro.py",), says=("ro.py:3:5: TFC101",)),
        Case("unreadable", _unreadable, lint=2, migrate=2, changed=("good.py",), says=("secret.py: cannot read",),
             skip="root reads a chmod 000 file" if IS_ROOT else ""),
        Case("hard-link", _hard_link, lint=1, migrate=0, changed=("one.py", "two.py"), verify=_still_linked),
    ]


CASES: list[Case] = [*_break_cases(), *_text_cases(), *_notebook_cases(), *_file_cases()]
