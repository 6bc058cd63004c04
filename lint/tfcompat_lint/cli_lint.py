"""`tfcompat-lint`: find TF 0.x/1.x code that breaks or changes meaning on TF 2."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _selectors(value: str) -> list[str]:
    codes = [v.strip().upper() for v in value.split(",") if v.strip()]
    for code in codes:
        if not code.startswith("TFC"):
            raise argparse.ArgumentTypeError(f"unknown rule selector {code!r}; codes look like TFC101 or TFC1")
    return codes


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by tfcompat-lint and tfcompat-migrate."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    parser.add_argument("--select", type=_selectors, help="comma-separated codes or prefixes to enable")
    parser.add_argument("--extend-select", type=_selectors, help="codes or prefixes to enable in addition")
    parser.add_argument("--ignore", type=_selectors, help="comma-separated codes or prefixes to disable")
    parser.add_argument("--exclude", action="append", metavar="GLOB", help="exclude files or directories (replaces the defaults)")
    parser.add_argument("--extend-exclude", action="append", metavar="GLOB", help="exclude in addition to the defaults")
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
        epilog="Exit status: 0 no findings, 1 findings, 2 usage error, unreadable file or internal error.",
    )
    add_common_options(parser)
    parser.add_argument("--output-format", choices=("full", "concise", "json", "sarif", "github"),
                        help="how to print diagnostics (default: full)")
    parser.add_argument("--statistics", action="store_true", help="count diagnostics per rule instead")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--explain", metavar="CODE", help="print one rule's documentation and exit")
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


def resolve_settings(args: argparse.Namespace):
    """Settings from config files and the command line (raises ConfigError)."""
    from .config import Settings, load_settings

    start = Path(args.paths[0]) if args.paths else Path.cwd()
    settings = Settings() if args.isolated else load_settings(args.config, start if start.exists() else Path.cwd())
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
    """Run a CLI body: an interrupt or an internal error is one line on stderr and exit 2, never a traceback."""
    try:
        return run(args)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        print(f"{prog}: internal error: {type(exc).__name__}: {exc} (please report this)", file=sys.stderr)
        return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    return run_guarded("tfcompat-lint", _run, build_parser().parse_args(argv))


def _run(args: argparse.Namespace) -> int:
    if args.explain:
        from .docs import rule_markdown

        text = rule_markdown(args.explain.upper())
        if text is None:
            print(f"tfcompat-lint: unknown rule {args.explain!r}; see `tfcompat-lint --help` and docs/rules.md",
                  file=sys.stderr)
            return EXIT_ERROR
        print(text)
        return EXIT_CLEAN
    settings = settings_or_error("tfcompat-lint", args)
    if settings is None:
        return EXIT_ERROR
    if args.show_settings:
        print(settings)
        return EXIT_CLEAN
    from .files import discover
    from .runner import lint_files

    found = discover(args.paths or ["."], settings)
    for warning in found.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    bar = progress_bar(len(found.files))
    try:
        results = lint_files(found.files, settings, args.jobs, not args.no_cache,
                             bar.advance_one if bar else None)  # type: ignore[attr-defined]
    finally:
        if bar:
            bar.stop()
    errors = list(found.errors) + [f"{r.path}: {r.error}" for r in results if r.error]
    _print_results(args, results, settings)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if any(r.diagnostics for r in results) else EXIT_CLEAN


def _print_results(args: argparse.Namespace, results, settings) -> None:
    from . import output

    fmt = args.output_format or "full"
    if args.statistics:
        text = output.render_statistics(results, fmt == "json")
        if text:
            print(text)
        return
    style = output.Style(output.color_enabled(sys.stdout))
    if fmt == "json":
        print(output.render_json(results))
    elif fmt == "sarif":
        print(output.render_sarif(results, settings.root))
    elif fmt == "github":
        text = output.render_github(results)
        if text:
            print(text)
    else:
        if fmt == "full":
            sources = {r.path: _lines(r.path) for r in results if r.diagnostics}
            text = output.render_full(results, style, sources)
        else:
            text = output.render_concise(results, style)
        if text:
            print(text + ("\n" if fmt == "full" else ""))
        if not args.quiet:
            print(output.summary(results, style))


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
