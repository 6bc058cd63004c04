"""`tfcompat-lint`: find TF 0.x/1.x code that breaks or changes meaning on TF 2."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_common import (EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, add_common_options, discover_or_warn, force_excluded,
                         progress_bar, reads_stdin, run_guarded, settings_or_error, stdin_error)

FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "pylint")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tfcompat-lint",
        description="Find TensorFlow 0.x/1.x code that breaks or changes meaning on TensorFlow 2.",
        epilog="Exit status: 0 no findings, 1 findings, 2 usage error, unreadable file or internal error "
               "(141 when the reader of the output stops early, as for `| head`).",
    )
    add_common_options(parser)
    parser.add_argument("--output-format", choices=FORMATS, help="how to print diagnostics (default: full)")
    parser.add_argument("--statistics", action="store_true", help="count diagnostics per rule instead")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--explain", metavar="CODE", nargs="?", const="",
                        help="print one rule's documentation (without CODE: list the rules) and exit")
    parser.add_argument("--list-rules", action="store_true", help="list every rule code and name, and exit")
    parser.add_argument("--show-settings", action="store_true", help="print the resolved settings and exit")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_guarded("tfcompat-lint", _run, build_parser().parse_args(argv))


def _explain(code: str) -> int:
    from .docs import rule_list, rule_markdown
    from .selectors import UnknownSelector, check_code

    if not code:
        print(rule_list())
        return EXIT_CLEAN
    try:
        print(rule_markdown(check_code(code)))
    except UnknownSelector as exc:
        print(f"tfcompat-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


def _run(args: argparse.Namespace) -> int:
    if args.explain is not None or args.list_rules:
        return _explain(args.explain or "")
    error = stdin_error("tfcompat-lint", args)
    if error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    settings = settings_or_error("tfcompat-lint", args)
    if settings is None:
        return EXIT_ERROR
    if args.show_settings:
        print(settings)
        return EXIT_CLEAN
    if reads_stdin(args):
        return _lint_stdin(args, settings)
    from .runner import lint_files

    found = discover_or_warn("tfcompat-lint", args, settings)
    if not found.files and not found.errors:
        return EXIT_CLEAN
    bar = progress_bar(len(found.files))
    try:
        results = lint_files(found.files, settings, args.jobs, not args.no_cache,
                             bar.advance_one if bar else None)  # type: ignore[attr-defined]
    finally:
        if bar:
            bar.stop()
    _warn_unknown_noqa(results)
    return _finish(args, results, settings, list(found.errors))


def _lint_stdin(args: argparse.Namespace, settings) -> int:
    """Lint stdin as the file `--stdin-filename` names (or `-`)."""
    from .runner import lint_files, relative_path
    from .stdin import staged_stdin

    name = args.stdin_filename or "-"
    if args.force_exclude and name != "-" and force_excluded(Path(name), settings):
        sys.stdin.buffer.read()
        return EXIT_CLEAN
    with staged_stdin(name) as staged:
        [result] = lint_files([staged], settings, 1, False)
        _warn_unknown_noqa([result], name)
        sources = {Path(name): _lines(staged)}
    result.path = Path(name)
    relative = relative_path(result.path, settings.root)
    result.diagnostics = [d for d in result.diagnostics if settings.enabled(d.code, relative)]
    return _finish(args, [result], settings, [], sources)


def _finish(args: argparse.Namespace, results, settings, errors: list[str],
            sources: dict[Path, list[str]] | None = None) -> int:
    _print_results(args, results, settings, errors, sources)
    errors = errors + [f"{r.path}: {r.error}" for r in results if r.error]
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if any(r.diagnostics for r in results) else EXIT_CLEAN


def _warn_unknown_noqa(results, name: str | None = None) -> None:
    """A stderr warning for each `# noqa:` code that looks like ours but names no rule (never an error)."""
    from .selectors import suggestion

    for result in results:
        for row, code in result.unknown_noqa:
            where = name or result.path
            where = where if result.path.suffix == ".ipynb" else f"{where}:{row}"  # a notebook's JSON rows mislead
            print(f"warning: {where}: unknown rule code {code} in `# noqa`{suggestion(code)}", file=sys.stderr)


def _print_results(args: argparse.Namespace, results, settings, errors: list[str],
                   sources: dict[Path, list[str]] | None = None) -> None:
    """Diagnostics in the chosen format; `errors` (paths that could not be walked) go into SARIF too."""
    from . import output

    fmt = args.output_format or "full"
    if args.statistics:
        text = output.render_statistics(results, fmt == "json")
        if text:
            print(text)
        return
    style = output.Style(output.color_enabled(sys.stdout))
    if fmt == "sarif":
        print(output.render_sarif(results, settings.root, errors))
    elif fmt in output.RENDERERS:
        text = output.RENDERERS[fmt](results)
        if text:
            print(text)
    else:
        if fmt == "full":
            if sources is None:
                sources = {r.path: _lines(r.path) for r in results if r.diagnostics}
            text = output.render_full(results, style, sources)
        else:
            text = output.render_concise(results, style)
        if text:
            print(text + ("\n" if fmt == "full" else ""))
        closing = "" if errors else output.summary(results, style)
        if closing and not args.quiet:
            print(closing)


def _lines(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        return []
    try:
        from .source import decode, split_lines

        return split_lines(decode(path.read_bytes()))
    except Exception:  # the frame is decoration; the diagnostic itself is already known
        return []


if __name__ == "__main__":
    sys.exit(main())
