"""`tfcompat-migrate`: rewrite TF 0.x/1.x programs so they run on TF 2 and compute the same thing."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from .cli_common import (EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, add_common_options, discover_or_warn, force_excluded,
                         reads_stdin, run_guarded, settings_or_error, stdin_error)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tfcompat-migrate",
        description="Rewrite TensorFlow 0.x/1.x code so it runs on TensorFlow 2 with the same numbers. "
                    "Prints a diff by default; --write applies it.",
        epilog="Exit status: 0 nothing to change (or --write succeeded, or --exit-zero), 1 changes would be made, "
               "2 usage error or a file that could not be processed (141 when the reader of the output stops "
               "early). `tfcompat-migrate -` prints the migrated stdin.",
    )
    add_common_options(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="apply the changes to the files")
    mode.add_argument("--check", action="store_true",
                      help="print `would migrate: PATH` per file; exit 1 if anything would change")
    mode.add_argument("--diff", action="store_true", help="print a unified diff (the default)")
    parser.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
    parser.add_argument("--shim", action="store_true",
                        help="only point TensorFlow imports at the drop-in runtime `tfcompat.v1`; change nothing else")
    parser.add_argument("--py2", action="store_true", help="convert Python 2 files to Python 3 first (fissix)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when changes would be made")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write every change and manual item to FILE (.json or .md)")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_guarded("tfcompat-migrate", _run, build_parser().parse_args(argv))


def _migrate_one(job: tuple[Path, object, str, bool]):
    from .migrate import migrate_file

    path, settings, relative, shim = job
    return migrate_file(path, settings, relative, shim)  # type: ignore[arg-type]


def _run(args: argparse.Namespace) -> int:
    from .migrate._write import NotWritten, write_migrated
    from .migrate.report import report_path_error
    from .output import Style, color_enabled
    from .runner import relative_path, worker_count

    problem = stdin_error("tfcompat-migrate", args) or (args.report and report_path_error(args.report))
    if problem:
        print(problem if problem.startswith("tfcompat-migrate") else f"tfcompat-migrate: error: {problem}",
              file=sys.stderr)
        return EXIT_ERROR
    settings = settings_or_error("tfcompat-migrate", args)
    if settings is None:
        return EXIT_ERROR
    settings.unsafe_fixes = settings.unsafe_fixes or args.unsafe_fixes
    settings.py2 = settings.py2 or args.py2
    if reads_stdin(args):
        return _migrate_stdin(args, settings)
    found = discover_or_warn("tfcompat-migrate", args, settings)
    if not found.files and not found.errors:
        return EXIT_CLEAN
    jobs = [(p, settings, relative_path(p, settings.root), args.shim) for p in found.files]
    workers = worker_count(args.jobs, len(jobs))
    if workers > 1:
        from .workers import worker_pool

        with worker_pool(workers) as pool:
            outcomes = list(pool.map(_migrate_one, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    else:
        outcomes = [_migrate_one(job) for job in jobs]
    errors = list(found.errors)
    style = Style(color_enabled(sys.stdout))
    done = []  # changed files: written ones with --write, else those that would change
    for outcome in outcomes:
        errors.extend(f"{outcome.path}: {problem}" for problem in outcome.problems)
        if outcome.error:
            errors.append(f"{outcome.path}: {outcome.error}")
            continue
        if not outcome.changed:
            continue
        if not args.write:
            done.append(outcome)
            if args.check:
                print(f"would migrate: {outcome.path}")
            else:
                sys.stdout.write(_diff(outcome, style))
            continue
        try:
            note = write_migrated(outcome.path, outcome.after, outcome.digest)
        except NotWritten as exc:
            errors.append(f"{outcome.path}: {exc}")
        except (OSError, UnicodeEncodeError) as exc:
            errors.append(f"{outcome.path}: cannot write: {exc}")
        else:
            done.append(outcome)
            if note:
                print(f"note: {outcome.path}: {note}", file=sys.stderr)
    if not args.check:  # after the writes: a file whose write failed is not counted as changed
        unwritten = sum(1 for o in outcomes if o.changed) - len(done)
        _print_summary(outcomes, done, args.write, unwritten, args.quiet)
    if args.report:
        from .migrate.report import write_report

        try:
            write_report(args.report, outcomes)
        except OSError as exc:  # checked writable at the start; the disk can still fill up or the directory go
            errors.append(f"{args.report}: cannot write the report: {exc.strerror or exc}")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        print(f"tfcompat-migrate: {len(errors)} file(s) could not be processed (listed above)", file=sys.stderr)
        return EXIT_ERROR
    if args.write or args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if any(o.changed for o in outcomes) else EXIT_CLEAN


def _migrate_stdin(args: argparse.Namespace, settings) -> int:
    """Migrate stdin as the file `--stdin-filename` names (or `-`): the migrated source on stdout, or with
    --diff a diff, or with --check only `would migrate: NAME`."""
    from .migrate import migrate_file
    from .migrate._write import encode_like
    from .output import Style, color_enabled
    from .runner import relative_path
    from .stdin import staged_stdin, write_source

    name = args.stdin_filename or "-"
    with staged_stdin(name) as staged:
        original = staged.read_bytes()
        if args.force_exclude and name != "-" and force_excluded(Path(name), settings):
            write_source(original)
            return EXIT_CLEAN
        outcome = migrate_file(staged, settings, relative_path(Path(name), settings.root), args.shim)
    outcome.path = Path(name)
    if outcome.error:
        print(f"error: {name}: {outcome.error}", file=sys.stderr)
        return EXIT_ERROR
    if args.check or args.diff:
        if args.check and outcome.changed:
            print(f"would migrate: {name}")
        elif outcome.changed:
            sys.stdout.write(_diff(outcome, Style(color_enabled(sys.stdout))))
        return EXIT_FINDINGS if outcome.changed and not args.exit_zero else EXIT_CLEAN
    write_source(encode_like(Path(name), outcome.after, original))  # as `--write` would write it
    return EXIT_CLEAN


def _diff(outcome, style) -> str:
    name = outcome.path.as_posix()
    old, new = (name, name) if outcome.path.is_absolute() else (f"a/{name}", f"b/{name}")
    from .migrate._diff import unified_diff  # difflib's is quadratic on generated files
    from .source import split_lines

    lines = unified_diff(split_lines(outcome.before), split_lines(outcome.after), old, new)
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        if line.startswith(("+++", "---")):
            out.append(style(line.rstrip("\n"), "1") + "\n")
        elif line.startswith("+"):
            out.append(style(line.rstrip("\n"), "32") + "\n")
        elif line.startswith("-"):
            out.append(style(line.rstrip("\n"), "31") + "\n")
        elif line.startswith("@@"):
            out.append(style(line.rstrip("\n"), "36") + "\n")
        else:
            out.append(line)
    return "".join(out)


def _print_summary(outcomes, changed, wrote: bool, unwritten: int, quiet: bool) -> None:
    """Counts over `changed`, the files written (or, without --write, that would change); `unwritten` files
    had changes but could not be written (their errors follow)."""
    if quiet:
        return
    per_rule = Counter(d.code for o in changed for d in o.applied)
    manual = [(o.path, d) for o in outcomes for d in o.manual]
    review = [(o.path, row, reason) for o in outcomes for row, reason in o.review]
    stream = sys.stderr
    verb = "changed" if wrote else "would change"
    print(f"\n{len(changed)} of {len(outcomes)} file(s) {verb}; {sum(per_rule.values())} fix(es) applied; "
          f"{len(manual) + len(review)} item(s) for manual review"
          f"{f'; {unwritten} file(s) could not be written (see the errors below)' if unwritten else ''}.",
          file=stream)
    if per_rule:
        from .registry.rules import RULES

        print("\n  fixes  rule", file=stream)
        for code, count in sorted(per_rule.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {count:>5}  {code} {RULES[code].name if code in RULES else ''}", file=stream)
    if manual or review:
        print("\nManual review:", file=stream)
        for path, d in manual:
            cell = f"cell {d.cell}:" if d.cell else ""
            print(f"  {path}:{cell}{d.row}:{d.col + 1}: {d.code} {d.message}", file=stream)
        for path, row, reason in review:
            print(f"  {path}:{row}: py2 {reason}", file=stream)


if __name__ == "__main__":
    sys.exit(main())
