"""What tfcompat-lint and tfcompat-migrate share: exit codes, the common options, settings, file discovery
and the guard that turns interrupts and internal errors into one line."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a tool killed by SIGPIPE (`... | head`)


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
