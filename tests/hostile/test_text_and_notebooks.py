"""Hostile text and notebooks: odd line breaks, line endings, malformed and hand-formatted notebooks (issue 11)."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from tfcompat_lint import cli_lint, cli_migrate

HEADER = "import tensorflow as tf\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    return tmp_path


def migrate(capsys, *args: str) -> tuple[int, str, str]:
    code = cli_migrate.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def lint(capsys, *args: str) -> tuple[int, str, str]:
    code = cli_lint.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_and_recheck(capsys, path: Path) -> bytes:
    """Migrate `path` in place; the result parses and a second run changes nothing. Returns the new bytes."""
    code, _, err = migrate(capsys, "--write", "-q", path.name)
    assert code == 0, err
    if path.suffix == ".py":
        ast.parse(path.read_bytes())
    again, _, _ = migrate(capsys, "--check", path.name)
    assert again == 0
    return path.read_bytes()


# ----- 1. line breaks that only str.splitlines sees -----------------------------------------------
BREAKS = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("brk", BREAKS, ids=[f"U+{ord(b):04X}" for b in BREAKS])
def test_odd_line_breaks_do_not_shift_fixes(project: Path, capsys, brk: str) -> None:
    (project / "m.py").write_text(f"{HEADER}# a{brk}b\ns = 'x{brk}y'\na = tf.constant(1)\nb = tf.mul(a, a)\n",
                                  encoding="utf-8", newline="")
    new = write_and_recheck(capsys, project / "m.py")
    assert new.decode() == f"{HEADER}# a{brk}b\ns = 'x{brk}y'\na = tf.constant(1)\nb = tf.multiply(a, a)\n"


def test_form_feed_line_repro(project: Path, capsys) -> None:
    (project / "x.py").write_text(f"{HEADER}\x0c\na = tf.constant(1)\nb = tf.mul(a, a)\n")
    assert write_and_recheck(capsys, project / "x.py").decode() == (
        f"{HEADER}\x0c\na = tf.constant(1)\nb = tf.multiply(a, a)\n")


def test_lint_code_frame_with_form_feed(project: Path, capsys) -> None:
    (project / "x.py").write_text(f"{HEADER}# \x0c\u2028 c\na = tf.constant(1)\nb = tf.mul(a, a)\n")
    code, out, _ = lint(capsys, "x.py")
    assert code == 1
    assert "x.py:4:5: TFC101" in out
    assert "4 | b = tf.mul(a, a)\n  |     ^^^^^^ TFC101" in out


def test_migrate_diff_lines_with_form_feed(project: Path, capsys) -> None:
    (project / "x.py").write_text(f"{HEADER}\x0c\nb = tf.mul(1, 2)\n")
    code, out, _ = migrate(capsys, "x.py")
    assert code == 1
    assert out.endswith("@@ -1,3 +1,3 @@\n import tensorflow as tf\n \x0c\n-b = tf.mul(1, 2)\n+b = tf.multiply(1, 2)\n")


# ----- 2. --shim re-parses; every write path refuses code that does not parse ---------------------
def test_shim_with_form_feed_header(project: Path, capsys) -> None:
    (project / "s.py").write_text("# header \x0c x\nimport os\nimport tensorflow as tf\nprint(tf.mul(1, 2))\n")
    code, _, err = migrate(capsys, "--shim", "--write", "-q", "s.py")
    assert code == 0, err
    assert (project / "s.py").read_text() == (
        "# header \x0c x\nimport os\nimport tfcompat.v1 as tf\nprint(tf.mul(1, 2))\n")


def test_shim_refuses_output_that_does_not_parse(project: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    from tfcompat_lint.migrate import _shim

    monkeypatch.setattr(_shim, "apply_edits", lambda text, edits: "import tfcompat.v1 as tfrt tensorflow as tf\n")
    (project / "s.py").write_text(HEADER)
    code, _, err = migrate(capsys, "--shim", "--write", "s.py")
    assert code == 2
    assert "error: s.py: the shimmed code would not parse (line 1: invalid syntax); file left unchanged" in err
    assert (project / "s.py").read_text() == HEADER


def test_write_refuses_unparsable_result_after_import_cleanup(project: Path, capsys,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tfcompat_lint.migrate import _imports

    monkeypatch.setattr(_imports, "remove_unused_tf_imports", lambda before, after: after + "x = (\n")
    (project / "m.py").write_text(f"{HEADER}a = tf.mul(1, 2)\n")
    code, _, err = migrate(capsys, "--write", "m.py")
    assert code == 2
    assert "error: m.py: the migrated code would not parse (line 3: '(' was never closed); file left unchanged" in err
    assert (project / "m.py").read_text() == f"{HEADER}a = tf.mul(1, 2)\n"


# ----- 5. line endings and hand-formatted notebooks -----------------------------------------------
GRAPH = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ns = tf.Session()\n"
GRAPH_NEW = ("import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\nx = tf.compat.v1.placeholder(tf.float32)\n"
             "s = tf.compat.v1.Session()\n")


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_inserted_lines_use_the_file_line_ending(project: Path, capsys, ending: str) -> None:
    (project / "g.py").write_bytes(GRAPH.replace("\n", ending).encode())
    assert write_and_recheck(capsys, project / "g.py") == GRAPH_NEW.replace("\n", ending).encode()


HAND = """{
  "nbformat_minor": 2, "nbformat": 4,
  "metadata": {"lr": 1e5, "name": "caf\\u00e9", "z": 1.50},
  "cells": [
    {"cell_type": "markdown", "metadata": {}, "source": ["caf\\u00e9\\n"]},
    {
      "source": [
          "import tensorflow as tf  # caf\\u00e9\\n",
          "a = tf.mul(1, 2)\\n",
          "print(a)"
      ],
      "cell_type": "code", "outputs": [], "metadata": {}, "execution_count": 3
    },
    {"cell_type": "code", "outputs": [], "metadata": {}, "execution_count": null, "source": "b = tf.sub(1, 2)"}
  ]
}
"""


@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_hand_formatted_notebook_changes_only_sources(project: Path, capsys, ending: str) -> None:
    original = HAND.replace("\n", ending).encode()
    (project / "n.ipynb").write_bytes(original)
    new = write_and_recheck(capsys, project / "n.ipynb")
    assert new == original.replace(b'"a = tf.mul(1, 2)', b'"a = tf.multiply(1, 2)').replace(
        b'"b = tf.sub(1, 2)"', b'"b = tf.subtract(1, 2)"')


def test_inserted_line_in_a_crlf_notebook_keeps_its_layout(project: Path, capsys) -> None:
    def text(cells: list[list[str]]) -> bytes:
        return notebook(*cells).replace("\n", "\r\n").encode()

    (project / "g.ipynb").write_bytes(text([GRAPH.splitlines(keepends=True)]))
    assert write_and_recheck(capsys, project / "g.ipynb") == text([GRAPH_NEW.splitlines(keepends=True)])


def test_manual_items_in_notebooks_name_their_cell(project: Path, capsys) -> None:
    ambiguous = "a = tf.constant([[1.0]])\nb = tf.constant([[2.0]])\nc = tf.concat(a, b)\n"
    (project / "n.ipynb").write_text(notebook(HEADER, "y = tf.mul(1, 2)\n", ambiguous))
    code, _, err = migrate(capsys, "n.ipynb")
    assert code == 1
    assert "\n  n.ipynb:cell 3:3:5: TFC205 " in err


# ----- 8. one malformed file never stops the run --------------------------------------------------
MALFORMED = {
    "top_list.ipynb": ("[1]", "the top level is not a JSON object"),
    "top_null.ipynb": ("null", "the top level is not a JSON object"),
    "cells_dict.ipynb": ('{"cells": {}}', "`cells` is not a list"),
    "cell_string.ipynb": ('{"cells": ["x"]}', "`cells[0]` is not a JSON object"),
    "source_null.ipynb": ('{"cells": [{"cell_type": "code", "source": null}]}',
                          "`cells[0].source` is null, not a string or a list of strings"),
    "source_int.ipynb": ('{"cells": [{"cell_type": "code", "source": 5}]}',
                         "`cells[0].source` is 5, not a string or a list of strings"),
    "source_mixed.ipynb": ('{"cells": [{"cell_type": "code", "source": ["a", 5]}]}',
                           '`cells[0].source` is ["a", 5], not a string or a list of strings'),
    "no_source.ipynb": ('{"cells": [{"cell_type": "code"}]}', "`cells[0]` is a code cell without `source`"),
    "deep.ipynb": ("[" * 100_000, "not valid JSON: nested too deeply"),
}


def _malformed_project(project: Path) -> None:
    for name, (text, _) in MALFORMED.items():
        (project / name).write_text(text)
    (project / "minus.py").write_text(f"{HEADER}x = {'-' * 100_000}y\n")  # MemoryError in the parser
    (project / "plus.py").write_text(f"{HEADER}x = tf.mul(1, 2){'+1' * 100_000}\n")  # RecursionError after it
    (project / "good.py").write_text(f"{HEADER}a = tf.mul(1, 2)\n")


def test_lint_reports_each_malformed_file_and_goes_on(project: Path, capsys) -> None:
    _malformed_project(project)
    code, out, err = lint(capsys, ".", "--output-format", "concise")
    assert code == 2
    assert "good.py:2:5: TFC101" in out
    for name, (_, message) in MALFORMED.items():
        assert f"error: {name}: not a valid notebook: {message}\n" in err
    assert "error: minus.py: too deeply nested to analyse\n" in err
    assert "error: plus.py: too deeply nested to analyse\n" in err
    assert "internal error" not in err and "Traceback" not in err


def test_migrate_reports_each_malformed_file_and_writes_the_rest(project: Path, capsys) -> None:
    _malformed_project(project)
    code, _, err = migrate(capsys, "--write", ".")
    assert code == 2
    assert (project / "good.py").read_text() == f"{HEADER}a = tf.multiply(1, 2)\n"
    for name, (text, message) in MALFORMED.items():
        assert f"error: {name}: not a valid notebook: {message}\n" in err
        assert (project / name).read_text() == text
    assert "error: minus.py: too deeply nested to migrate\n" in err
    assert "error: plus.py: too deeply nested to migrate\n" in err
    assert "internal error" not in err and "Traceback" not in err


# ----- 9. cells that are not Python, IPython syntax, forged markers, nbformat 3 ---------------------
def notebook(*sources: str | list[str]) -> str:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
             for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def sources(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]]


def test_bad_cell_is_reported_and_the_others_migrated(project: Path, capsys) -> None:
    (project / "n.ipynb").write_text(notebook(HEADER, "print 'hi'\n", "a = tf.mul(1, 2)\n"))
    code, _, err = migrate(capsys, "--check", "n.ipynb")
    assert code == 2
    code, _, err = migrate(capsys, "--write", "n.ipynb")
    assert code == 2
    assert ("error: n.ipynb: cell 2, line 1: cannot parse (Missing parentheses in call to 'print'. "
            "Did you mean print(...)?); this cell was left unchanged") in err
    assert sources(project / "n.ipynb") == [HEADER, "print 'hi'\n", "a = tf.multiply(1, 2)\n"]
    code, out, _ = lint(capsys, "n.ipynb", "--output-format", "concise")
    assert code == 1
    assert "n.ipynb:cell 2:1:1: TFC901 cannot parse" in out and "--py2" in out


def test_bad_cell_of_a_notebook_without_tensorflow_is_reported(project: Path, capsys) -> None:
    # as for a .py file without TensorFlow: nothing is reported clean that was not parsed
    (project / "n.ipynb").write_text(notebook("import os\n", "print 'hi'\n"))
    code, out, _ = lint(capsys, "n.ipynb", "--output-format", "concise")
    assert code == 1 and "n.ipynb:cell 2:1:1: TFC901 cannot parse" in out
    code, _, err = migrate(capsys, "--check", "n.ipynb")
    assert code == 2 and "error: n.ipynb: cell 2, line 1: cannot parse" in err


def test_ipython_syntax_is_kept_and_percent_continuation_is_python(project: Path, capsys) -> None:
    cell = ["%matplotlib inline\n", "files = !ls\n", "tf.mul?\n", "?tf.sub\n", "y = (10\n", "% 3)\n",
            "if y:\n", "    !echo hi\n", "b = tf.sub(1, 2)\n"]
    (project / "n.ipynb").write_text(notebook(HEADER, cell))
    write_and_recheck(capsys, project / "n.ipynb")
    assert sources(project / "n.ipynb")[1] == "".join(cell).replace("= tf.sub(", "= tf.subtract(")
    code, out, _ = lint(capsys, "n.ipynb", "--output-format", "concise")
    assert code == 0, out


def test_cell_marker_cannot_be_forged(project: Path, capsys) -> None:
    forged = ["# tfcompat-cell-boundary 0\n", "# tfcompat-cell 0 1\n", "a = tf.mul(1, 2)\n", "b = 1\n"]
    (project / "n.ipynb").write_text(notebook(HEADER, forged))
    write_and_recheck(capsys, project / "n.ipynb")
    assert sources(project / "n.ipynb") == [HEADER, "".join(forged).replace("tf.mul(", "tf.multiply(")]


NB3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"}, "worksheets": [{"metadata": {}, "cells": [
    {"cell_type": "heading", "level": 1, "metadata": {}, "source": ["Old"]},
    {"cell_type": "code", "collapsed": False, "input": [HEADER, "a = tf.mul(1, 2)"], "language": "python",
     "metadata": {}, "outputs": []}]}]}


def test_nbformat3_is_linted_and_migrated(project: Path, capsys) -> None:
    (project / "old.ipynb").write_text(json.dumps(NB3, indent=1))
    code, out, _ = lint(capsys, "old.ipynb", "--output-format", "concise")
    assert code == 1
    assert "old.ipynb:cell 1:2:5: TFC101" in out
    write_and_recheck(capsys, project / "old.ipynb")
    cell = json.loads((project / "old.ipynb").read_text())["worksheets"][0]["cells"][1]
    assert cell["input"] == [HEADER, "a = tf.multiply(1, 2)"]


# ----- 12. a notebook with a BOM -----------------------------------------------------------------------
def test_notebook_with_bom_is_migrated_and_keeps_it(project: Path, capsys) -> None:
    text = notebook(HEADER, "a = tf.mul(1, 2)\n")
    (project / "n.ipynb").write_bytes(b"\xef\xbb\xbf" + text.encode())
    new = write_and_recheck(capsys, project / "n.ipynb")
    assert new == b"\xef\xbb\xbf" + text.replace("tf.mul(", "tf.multiply(").encode()
