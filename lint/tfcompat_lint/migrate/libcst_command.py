"""tfcompat's migration as a LibCST codemod command, for projects that run their codemods through LibCST:

    python -m libcst.tool codemod --no-format tfcompat_lint.migrate.libcst_command.MigrateTensorFlow path/

The fixes are the same span edits `tfcompat-migrate` applies (computed on stdlib `ast`, which is several
times faster than a CST parse on large trees); LibCST runs them over its file set and prints its own diff.
"""
from __future__ import annotations

import argparse

import libcst as cst
from libcst.codemod import Codemod, CodemodContext

from ..diagnostics import Diagnostic
from ..registry import Safety
from ._apply import migrate_python


class MigrateTensorFlow(Codemod):
    DESCRIPTION = "Rewrite TensorFlow 0.x/1.x code to run on TensorFlow 2 with the same numbers (tfcompat)."

    def __init__(self, context: CodemodContext, unsafe_fixes: bool = False) -> None:
        super().__init__(context)
        self.unsafe_fixes = unsafe_fixes

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")

    def _allowed(self, diagnostic: Diagnostic) -> bool:
        return diagnostic.fix is not None and (diagnostic.fix.safety is Safety.SAFE or self.unsafe_fixes)

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        migration = migrate_python(tree.code, self._allowed)
        for item in migration.manual:
            self.warn(f"line {item.row}: {item.code} {item.message}")
        return tree if migration.text == tree.code else cst.parse_module(migration.text)
