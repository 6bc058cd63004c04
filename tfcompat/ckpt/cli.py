"""``tfcompat-ckpt``: inspect checkpoints and convert TF 0.12/1.0 variable names to today's."""
from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tfcompat-ckpt", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="list names, shapes and dtypes")
    inspect.add_argument("checkpoint", help="V2 prefix (model.ckpt-100) or V1 file")
    convert = commands.add_parser("convert", help="write a copy with today's variable names")
    convert.add_argument("old", help="old checkpoint (V2 prefix or V1 file)")
    convert.add_argument("new", help="prefix of the V2 checkpoint to write")
    convert.add_argument("--map", dest="map_file", help="custom renames: JSON or 'OLD NEW' lines")
    convert.add_argument("--dry-run", action="store_true", help="print the mapping, write nothing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    import tensorflow as tf

    from . import _io, _names

    try:
        if args.command == "inspect":
            for entry in _io.list_checkpoint(args.checkpoint):
                print(f"{entry.name}\t{entry.shape}\t{entry.dtype}")
            return 0
        custom = _names.read_map_file(args.map_file) if args.map_file else None
        mapping = _io.convert_checkpoint(args.old, args.new, custom, dry_run=args.dry_run)
    except (ValueError, OSError, tf.errors.OpError) as error:
        message = (getattr(error, "message", None) or str(error)).strip().splitlines() or [type(error).__name__]
        print(f"tfcompat-ckpt: error: {message[0]}", file=sys.stderr)  # one line: TF's messages run on
        return 2
    width = max((len(old) for old in mapping), default=0)
    for old, new in sorted(mapping.items()):
        print(f"{old:<{width}}  ->  {new}" if old != new else f"{old:<{width}}     (unchanged)")
    if not args.dry_run:
        print(f"wrote {args.new}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
