"""Source read from stdin, staged in a temporary file so it takes exactly the path a named file takes."""
from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_stdin(name: str) -> Iterator[Path]:
    """A temporary file holding stdin's bytes, with `name`'s suffix (`.ipynb` is read as a notebook)."""
    suffix = Path(name).suffix if name != "-" else ".py"
    with tempfile.TemporaryDirectory(prefix="tfcompat-stdin-") as directory:
        path = Path(directory) / f"stdin{suffix or '.py'}"
        path.write_bytes(sys.stdin.buffer.read())
        yield path


def write_source(data: bytes) -> None:
    """Source bytes on stdout as they are: encoded as the input was (its cookie, its BOM), not as the terminal's
    text encoding would encode them."""
    sys.stdout.flush()  # anything written as text first stays first
    sys.stdout.buffer.write(data)
