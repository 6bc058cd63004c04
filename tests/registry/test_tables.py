"""The API snapshot and the registry's 0.x->1.0 and generated TF 1.x->2.x tables."""
from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from tfcompat_lint import api_snapshot
from tfcompat_lint.registry import Safety, tf2, v0_to_v1

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"v0_to_v1": v0_to_v1.CHANGES, "tf2_generated": tf2.changes()}
ALL = [change for table in TABLES.values() for change in table]
CODES = {  # the rule codes of notes/codes.md
    "TFC101", "TFC102", "TFC103", "TFC104", "TFC105", "TFC106", "TFC107", "TFC108",
    "TFC201", "TFC202", "TFC203", "TFC204", "TFC205", "TFC206",
    "TFC301", "TFC302", "TFC303", "TFC304",
    "TFC401", "TFC402", "TFC403", "TFC501", "TFC502", "TFC503", "TFC901",
}
HAS_TF = importlib.util.find_spec("tensorflow") is not None


def _public_name_exists(name: str) -> bool:
    """Check a name down to its deepest module; attributes of classes can't be checked."""
    parts = name.split(".")
    depth = max(i for i in range(1, len(parts) + 1) if api_snapshot.is_module(".".join(parts[:i])))
    return depth == len(parts) or api_snapshot.exists(".".join(parts[: depth + 1]))


@pytest.mark.parametrize(
    "name, exists",
    [("tf.stack", True), ("tf.pack", False), ("tf.compat.v1.placeholder", True), ("tf.placeholder", False),
     ("tf.compat.v1.layers.dense", True), ("tf.compat.v1.nn.rnn_cell.LSTMCell", True),
     ("tensorflow.nn.relu", True), ("tf.nn.rnn", False), ("tf.contrib", False), ("tf", True)],
)
def test_snapshot_exists(name: str, exists: bool) -> None:
    assert api_snapshot.exists(name) is exists


@pytest.mark.parametrize(
    "name, module",
    [("tf.nn", True), ("tf.compat.v1", True), ("tf.compat.v1.layers", True), ("tf.keras.layers", True),
     ("tf.stack", False), ("tf.float32", False), ("tf.Tensor", False)],
)
def test_snapshot_is_module(name: str, module: bool) -> None:
    assert api_snapshot.is_module(name) is module


def test_snapshot_is_compact() -> None:
    assert (ROOT / "lint/tfcompat_lint/data/tf2_api.txt").stat().st_size < 2_000_000


def test_codes_are_known() -> None:
    assert {c.code for c in ALL} <= CODES


@pytest.mark.parametrize("table", TABLES)
def test_no_duplicate_old_and_code(table: str) -> None:
    keys = [(c.old, c.code) for c in TABLES[table]]
    assert len(keys) == len(set(keys))


def test_new_spellings_exist_unless_manual() -> None:
    missing = [(c.old, c.new) for c in ALL
               if c.new and c.new.startswith("tf.") and c.safety is not Safety.MANUAL and not _public_name_exists(c.new)]
    assert missing == []


def test_messages_are_one_line() -> None:
    assert [c.old for c in ALL if "\n" in c.message or not c.message.strip()] == []


def test_positional_orders_are_consistent() -> None:
    for change in ALL:
        if change.positional:
            assert len(set(change.positional)) == len(change.positional), change.old
            assert change.positional_kept < len(change.positional), change.old
        else:
            assert change.positional_kept == 0, change.old


def test_the_0x_change_set_is_complete() -> None:
    codes = {code: {c.old for c in v0_to_v1.CHANGES if c.code == code} for code in CODES}
    assert len(codes["TFC101"]) >= 47
    assert {"tf.pack", "tf.unpack", "tf.batch_matmul", "tf.mul", "tf.sub", "tf.neg", "tf.inv", "tf.select",
            "tf.complex_abs", "tf.scalar_summary", "tf.train.SummaryWriter", "tf.initialize_all_variables",
            "tf.all_variables", "tf.image.per_image_whitening", "tf.listdiff", "tf.op_scope"} <= codes["TFC101"]
    assert codes["TFC201"] >= {"tf.split", "tf.sparse_split", "tf.concat", "tf.svd", "tf.op_scope"}
    assert codes["TFC202"] == {f"tf.nn.{n}_cross_entropy_with_logits" for n in ("softmax", "sparse_softmax", "sigmoid")}
    assert codes["TFC301"] == {"tf.reverse"}
    assert codes["TFC302"] == {"tf.ones_initializer", "tf.zeros_initializer"}
    renamed = {kw for c in v0_to_v1.CHANGES for kw, _ in c.keywords}
    assert renamed >= {"reduction_indices", "dim", "dimension", "squeeze_dims", "concat_dim", "split_dim",
                       "num_split", "seq_dim", "batch_dim", "keep_dims", "adj_x", "adj_y"}


def test_0x_renames_are_behaviour_preserving_targets() -> None:
    new = {c.old: c.new for c in v0_to_v1.CHANGES if c.code == "TFC101"}
    assert new["tf.pack"] == "tf.stack" and new["tf.batch_matmul"] == "tf.matmul"
    assert new["tf.select"] == "tf.compat.v1.where"  # tf.where broadcasts in TF 2
    assert all(c.in_compat_v1 and c.since == "1.0" for c in v0_to_v1.CHANGES if c.code == "TFC101")


def test_cross_entropy_order_is_never_swapped() -> None:
    for change in ALL:
        if "cross_entropy_with_logits" in change.old and change.positional:
            assert change.code == "TFC202" and change.positional[:2] == ("logits", "labels")


def test_curated_keywords_cover_generated_ones() -> None:
    curated = {c.old: set(c.keywords) for c in v0_to_v1.CHANGES if c.code == "TFC203"}
    for change in tf2.changes():
        if change.code == "TFC203" and change.old in curated:
            assert set(change.keywords) <= curated[change.old], change.old


@pytest.mark.parametrize("change", v0_to_v1.CHANGES, ids=lambda c: f"{c.code}-{c.old}")
def test_0x_examples(change) -> None:
    assert change.examples and any(not e.valid for e in change.examples)
    for example in change.examples:
        for source in (example.before, example.after):
            if source is not None:
                assert source.startswith("import tensorflow as tf\n")
                ast.parse(source)
        if example.valid:
            assert example.after is None
        elif example.after is not None:
            assert example.after != example.before
            _assert_fixed(change, example.before, example.after)


def _assert_fixed(change, before: str, after: str) -> None:
    """The fix an example shows is the one its entry describes."""
    def keyword_at(name: str, source: str) -> int:
        found = re.search(rf"\b{name}=", source)
        return found.start() if found else -1

    if change.code == "TFC101":
        assert change.new in after and change.old + "(" not in after
    for old_keyword, new_keyword in change.keywords:
        if keyword_at(old_keyword, before) >= 0:
            assert keyword_at(old_keyword, after) < 0 and keyword_at(new_keyword, after) >= 0
    if change.positional:  # keywords in the old order, never swapped
        shown = [keyword_at(name, after) for name in change.positional if keyword_at(name, after) >= 0]
        assert shown and shown == sorted(shown)


def test_tables_import_without_tensorflow() -> None:
    code = (
        "import sys\n"
        "from tfcompat_lint.registry import tf2, v0_to_v1\n"
        "from tfcompat_lint import api_snapshot\n"
        "assert tf2.changes() and v0_to_v1.CHANGES and api_snapshot.exists('tf.nn.relu')\n"
        "assert not any(m == 'tensorflow' or m.startswith('tensorflow.') for m in sys.modules), 'tensorflow imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lint")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)


@pytest.mark.skipif(not HAS_TF, reason="needs tensorflow to regenerate")
@pytest.mark.parametrize(
    "script, checked_in",
    [("gen_api_snapshot.py", "lint/tfcompat_lint/data/tf2_api.txt"),
     ("gen_tf2_tables.py", "lint/tfcompat_lint/registry/tf2_generated.py")],
)
def test_generators_are_deterministic(script: str, checked_in: str, tmp_path: Path) -> None:
    expected = (ROOT / checked_in).read_text()
    version = _installed_tf_version()
    if version is None or not re.search(rf"TensorFlow {re.escape(version)}\b", expected.splitlines()[0]):
        pytest.skip(f"checked-in file is not for the installed TensorFlow {version}")
    output = tmp_path / Path(checked_in).name
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--output", str(output)],
                   check=True, env=env, timeout=300, capture_output=True)
    assert output.read_text() == expected


def _installed_tf_version() -> str | None:
    for dist in ("tensorflow", "tensorflow-cpu", "tf-nightly"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return None
