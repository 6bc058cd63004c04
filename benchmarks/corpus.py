"""A benchmark corpus of TF 0.x/1.x files generated from the bundled fixtures (>= 400 files, >= 70k lines)."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("fixtures/notes/*.py"), *ROOT.glob("fixtures/programs/*.py"),
                  *ROOT.glob("fixtures/shapes/*.py")])
DEFAULT_DIR = Path(__file__).resolve().parent / "_corpus"


def _parses(text: str) -> bool:
    try:
        compile(text, "<corpus>", "exec", dont_inherit=True, flags=1024)  # ast only
    except SyntaxError:
        return False
    return True


def make_corpus(directory: Path = DEFAULT_DIR, files: int = 400, min_lines: int = 70_000) -> list[Path]:
    """Write `files` distinct modules, each a concatenation of fixtures, totalling >= `min_lines`."""
    texts = []
    for path in SOURCES:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the encoding fixtures test bad input, not speed
        if _parses(text):
            texts.append(text)
    total = sum(t.count("\n") for t in texts)
    per_file = max(1, -(-min_lines // (files * max(total // len(texts), 1))))
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    paths = []
    for index in range(files):
        parts = [f"# corpus file {index}\n"]
        for k in range(per_file):
            parts.append(texts[(index * per_file + k) % len(texts)])
        path = directory / f"legacy_{index:04d}.py"
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths


def corpus_lines(paths: list[Path]) -> int:
    return sum(p.read_text(encoding="utf-8").count("\n") for p in paths)
