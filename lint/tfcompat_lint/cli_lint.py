"""`tfcompat-lint`: find TF 0.x/1.x code that breaks or changes meaning on TF 2."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a tool killed by SIGPIPE (`... | head`)
FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "pylint")


def _selectors(value: str) -> list[str]:
    from .selectors import UnknownSelector, validate_selectors

    try:
        return validate_selectors(value.split(","))
    except UnknownSelector as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by tfcompat-lint and tfcompat-migrate."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .); - reads stdin")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="read the source from stdin; NAME is used in the output and for settings and excludes")
    parser.add_argument("--select", type=_selectors, help="comma-separated codes or prefixes to enable")
    parser.add_argument("--extend-select", type=_selectors, help="codes or prefixes to enable in addition")
    parser.add_argument("--ignore", type=_selectors, help="comma-separated codes or prefixes to disable")
    parser.add_argument("--exclude", action="append", metavar="GLOB", help="exclude files or directories (replaces the defaults)")
    parser.add_argument("--extend-exclude", action="append", metavar="GLOB", help="exclude in addition to the defaults")
    parser.add_argument("--force-exclude", action="store_true",
                        help="apply the excludes to files named on the command line too (for pre-commit)")
    parser.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false", default=None,
                        help="also check files that .gitignore excludes")
    parser.add_argument("--config", type=Path, help="a pyproject.toml (or tfcompat.toml) to read settings from")
    parser.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: automatic)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument("--cache-dir", help="cache directory (default: .tfcompat_cache)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only, no summary")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")


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


def settings_or_error(prog: str, args: argparse.Namespace):
    """The resolved settings, or None after printing the config error as one line."""
    from .config import ConfigError

    try:
        return resolve_settings(args)
    except ConfigError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return None


def reads_stdin(args: argparse.Namespace) -> bool:
    return bool(args.stdin_filename) or args.paths == ["-"]


def stdin_error(prog: str, args: argparse.Namespace) -> str | None:
    """Why the stdin options are misused, or None."""
    if "-" in args.paths and args.paths != ["-"]:
        return f"{prog}: error: - (stdin) cannot be combined with other paths"
    if args.stdin_filename and args.paths not in ([], ["-"]):
        return f"{prog}: error: --stdin-filename reads stdin; give no other paths"
    return None


def resolve_settings(args: argparse.Namespace):
    """Settings from config files and the command line (raises ConfigError)."""
    from .config import Settings, load_settings

    first = args.stdin_filename or (args.paths[0] if args.paths and args.paths != ["-"] else None)
    start = Path(first) if first else Path.cwd()
    if not start.exists():
        start = start.parent if start.parent.exists() else Path.cwd()
    settings = Settings() if args.isolated else load_settings(args.config, start)
    if args.select is not None:
        settings.select = args.select
    if args.extend_select:
        settings.select = settings.select + args.extend_select
    if args.ignore is not None:
        settings.ignore = settings.ignore + args.ignore
    if args.exclude:
        settings.exclude = list(args.exclude)
    if args.extend_exclude:
        settings.exclude = settings.exclude + list(args.extend_exclude)
    if args.respect_gitignore is not None:
        settings.respect_gitignore = args.respect_gitignore
    if args.cache_dir:
        settings.cache_dir = args.cache_dir
    return settings


def force_excluded(path: Path, settings) -> bool:
    """Whether the configured excludes match `path` or a directory above it (below the project root)."""
    from .files import _excluded

    absolute = path.resolve() if path.exists() else Path.cwd().resolve() / path
    for candidate in (absolute, *absolute.parents):
        if candidate == settings.root or settings.root not in candidate.parents:
            break
        if _excluded(candidate, settings.root, settings.exclude):
            return True
    return False


def discover_or_warn(prog: str, args: argparse.Namespace, settings):
    """The files to process, with warnings printed; `--force-exclude` drops excluded named files."""
    from .files import discover

    paths = args.paths or ["."]
    found = discover(paths, settings)
    if args.force_exclude:
        found.files = [f for f in found.files if not force_excluded(f, settings)]
    for warning in found.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not found.files and not found.errors and not args.force_exclude:
        print(f"warning: No Python files found under {', '.join(paths)}", file=sys.stderr)
    return found


def progress_bar(total: int):
    """A rich progress bar on stderr for long runs in a terminal; None otherwise."""
    if total < 50 or not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    bar = Progress(transient=True, console=None)
    bar.start()
    task = bar.add_task("Checking", total=total)
    bar.advance_one = lambda n: bar.advance(task, n)  # type: ignore[attr-defined]
    return bar


def run_guarded(prog: str, run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a CLI body: an interrupt or an internal error is one line on stderr and exit 2, never a traceback;
    a closed output pipe ends the run quietly."""
    try:
        code = run(args)
        sys.stdout.flush()  # a closed pipe surfaces here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        # Nothing more can be written; point stdout at devnull so the interpreter's exit flush is silent.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # a stdout without a file descriptor has nothing left to flush
            pass
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        print(f"{prog}: internal error: {type(exc).__name__}: {exc} (please report this)", file=sys.stderr)
        return EXIT_ERROR


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
    from .runner import _relative, lint_files
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
    relative = _relative(result.path, settings.root)
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
