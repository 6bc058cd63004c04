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


# One function of TF 0.x code with 16 fixes, among them nested ones (a rename inside a call whose arguments
# are reordered or wrapped) that take a second pass; `{i}` makes each copy's names unique, as generated code's are.
LEGACY_HEADER = "import numpy as np\nimport tensorflow as tf\n"
LEGACY_BLOCK = '''

def block_{i}(a, b, c):
    x_{i} = tf.placeholder(tf.float32, [None, 10])
    y_{i} = tf.mul(a, tf.sub(b, c))
    z_{i} = tf.concat(1, [tf.pack([a, b]), tf.mul(x_{i}, 2)])
    s_{i} = tf.split(1, 2, z_{i})
    n_{i} = tf.pack([a, b]).get_shape()[0].value
    cell_{i} = tf.nn.rnn_cell.BasicLSTMCell(128)
    loss_{i} = tf.reduce_sum(tf.neg(y_{i}), reduction_indices=[1])
    tf.scalar_summary("loss_{i}", loss_{i})
    init_{i} = tf.initialize_all_variables()
    return tf.unpack(tf.expand_dims(tf.squeeze(z_{i}, squeeze_dims=[0]), n_{i}))
'''
LEGACY_FOOTER = "\n\nwith tf.Session() as sess:\n    sess.run(tf.initialize_all_variables())\n"


def legacy_module(blocks: int) -> str:
    """A TF 0.x module of `blocks` copies of LEGACY_BLOCK (about 0.55 KB and 16 fixes each)."""
    return LEGACY_HEADER + "".join(LEGACY_BLOCK.format(i=i) for i in range(blocks)) + LEGACY_FOOTER


def legacy_blocks(kilobytes: float) -> int:
    """How many blocks make a module of about `kilobytes` KB."""
    return max(1, round(kilobytes * 1024 / len(LEGACY_BLOCK.format(i=1000))))
