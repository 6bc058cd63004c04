"""Migrate one file: decode, convert Python 2 if asked, and fix (`_write` writes the result)."""
from __future__ import annotations

import ast
import codecs
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import content_key
from ..config import Settings
from ..diagnostics import Diagnostic
from ..engine import lint_python
from ..notebook import NotebookError
from ..python2 import PY2_ADVICE
from ..registry import Safety
from ..registry.rules import RULES
from ..source import UndecodableSource, decode, decode_notebook, source_encoding
from ._apply import Migration, migrate_python
from ._notebook import migrate_notebook
from ._py2 import Py2Unavailable, convert_py2, integer_divisions
from ._shim import shim_imports

DIVISION = "`/` was floor division on ints in Python 2; check it"


@dataclass
class FileOutcome:
    path: Path
    before: str = ""
    after: str = ""
    applied: list[Diagnostic] = field(default_factory=list)
    manual: list[Diagnostic] = field(default_factory=list)
    review: list[tuple[int, str]] = field(default_factory=list)  # (line, reason) from the Python 2 conversion
    error: str | None = None
    digest: str | None = None  # hash of the bytes migrated: the write checks the file still holds them
    problems: list[str] = field(default_factory=list)  # errors in parts left unchanged (notebook cells); rest migrated

    @property
    def changed(self) -> bool:
        return self.error is None and self.after != self.before


def _allow(settings: Settings, relative: str):
    def allow(diagnostic: Diagnostic) -> bool:
        fix = diagnostic.fix
        return (fix is not None and settings.enabled(diagnostic.code, relative)
                and (fix.safety is Safety.SAFE or settings.unsafe_fixes))
    return allow


def _decode(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, had BOM); UndecodableSource says where and what to do, as lint's TFC902 does."""
    text = decode(data)
    return text, source_encoding(data), data.startswith(codecs.BOM_UTF8)


def _reparse(text: str) -> None:
    """Refuse to write code that does not parse (ValueError)."""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        raise ValueError(f"the migrated code would not parse (line {exc.lineno}: {exc.msg}); file left unchanged") from None


def _not_python3(error: Diagnostic) -> str:
    """The error for a file that does not parse, worded by TFC901's advice: convert it or fix it."""
    reason, _, advice = error.message.removeprefix("cannot parse: ").rpartition(" — ")
    if advice == PY2_ADVICE:
        return f"line {error.row}: not valid Python 3 ({reason}); left untouched — it looks like Python 2: " \
               "re-run with `--py2` to convert it first"
    return f"line {error.row}: not valid Python ({reason}); left untouched — fix the syntax error, then re-run"


def migrate_file(path: Path, settings: Settings, relative: str, shim: bool = False) -> FileOutcome:
    """Compute the migrated text of one file (nothing is written).

    With `shim`, only the TensorFlow imports change: they point at `tfcompat.v1`."""
    outcome = FileOutcome(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        outcome.error = f"cannot read: {exc.strerror or exc}"
        return outcome
    outcome.digest = content_key(data)
    allow = _allow(settings, relative)

    def migrate(code: str) -> Migration:
        return shim_imports(code) if shim else migrate_python(code, allow)

    try:
        if path.suffix == ".ipynb":
            text = decode_notebook(data)
            bom = "\ufeff" if text.startswith("\ufeff") else ""  # kept in the text, so it is written back
            outcome.before = text
            convert = (lambda code: convert_py2(code, str(path))) if settings.py2 else None
            after, migration, outcome.problems, converted = migrate_notebook(text[len(bom):], migrate, convert)
            outcome.after = bom + after
            outcome.review = [(row, f"cell {number}: {DIVISION}") for number, code in converted.items()
                              for row in integer_divisions(code)]
        else:
            text, _, _ = _decode(data)
            outcome.before = text
            source = text
            first: list[Diagnostic] | None = lint_python(text)
            if first and RULES[first[0].code].py2_convertible:
                if not settings.py2:
                    outcome.error = _not_python3(first[0])
                    return outcome
                source = convert_py2(text, str(path))
                outcome.review = [(row, DIVISION) for row in integer_divisions(source)]
                first = None
            migration = shim_imports(source) if shim else migrate_python(source, allow, diagnostics=first)
            outcome.after = migration.text
            if outcome.after != text:
                _reparse(outcome.after)
    except (UndecodableSource, UnicodeDecodeError, SyntaxError, LookupError) as exc:
        outcome.error = f"cannot decode: {exc}"
        return outcome
    except NotebookError as exc:
        outcome.error = f"not a valid notebook: {exc}"
        return outcome
    except (ValueError, Py2Unavailable) as exc:
        outcome.error = str(exc)
        return outcome
    except (RecursionError, MemoryError):
        outcome.error = "too deeply nested to migrate"
        return outcome
    outcome.applied = migration.applied
    outcome.manual = [d for d in migration.manual if settings.enabled(d.code, relative)]
    return outcome
