"""TensorFlow's own API name lists (data/tf_api) and scripts/api_coverage.py over all of them."""
from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LISTS = ROOT / "lint" / "tfcompat_lint" / "data" / "tf_api"
FAMILIES = ("tf-0.12", "tf-0.12-contrib", "tf-1.15", "tf-1.15-contrib", "tf-1.15-estimator", "tf-1.15-keras")
NAME = re.compile(r"^tf(\.[A-Za-z_][A-Za-z0-9_]*)+/?$")
ANCHORS = {
    "tf-0.12": ("tf.batch_matmul", "tf.pack", "tf.nn.rnn", "tf.nn/", "tf.train.AdamOptimizer"),
    "tf-0.12-contrib": ("tf.contrib.layers.fully_connected", "tf.contrib.slim.conv2d"),
    "tf-1.15": ("tf.app.flags.DEFINE_integer", "tf.flags.FLAGS", "tf.nn.rnn_cell.LSTMCell", "tf.compat.v1/"),
    "tf-1.15-contrib": ("tf.contrib.seq2seq.BasicDecoder", "tf.contrib.slim.conv2d", "tf.contrib.rnn.LSTMCell",
                        "tf.contrib.framework.nest/", "tf.contrib.learn.datasets/"),
    "tf-1.15-estimator": ("tf.estimator.Estimator", "tf.estimator.ModeKeys", "tf.estimator.export/"),
    "tf-1.15-keras": ("tf.keras.layers.Dense", "tf.keras.layers/"),
}


def _load(script: str):
    spec = importlib.util.spec_from_file_location(script, ROOT / "scripts" / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[script] = module
    spec.loader.exec_module(module)
    return module


coverage = _load("api_coverage")


def _lines(family: str) -> list[str]:
    return (LISTS / f"{family}.txt").read_text(encoding="utf-8").splitlines()


def test_the_families_are_the_lists_on_disk() -> None:
    assert tuple(sorted(coverage.families())) == FAMILIES


@pytest.mark.parametrize("family", FAMILIES)
def test_list_is_sorted_unique_and_well_formed(family: str) -> None:
    header, *names = _lines(family)
    assert header.startswith(f"# {family}: public names of ") and "scripts/extract_tf_api.py" in header
    assert names == sorted(set(names))
    assert [n for n in names if not NAME.match(n)] == []
    assert len(names) > 80


@pytest.mark.parametrize("family", FAMILIES)
def test_list_holds_known_names(family: str) -> None:
    names = set(_lines(family))
    assert [a for a in ANCHORS[family] if a not in names] == []


@pytest.mark.parametrize("release", ("tf-0.12", "tf-1.15"))
def test_every_name_sits_in_a_listed_module(release: str) -> None:
    names = {n for f in FAMILIES if f == release or f.startswith(release + "-") for n in _lines(f)[1:]}
    modules = {n.rstrip("/") for n in names if n.endswith("/")} | {"tf"}
    assert sorted(n for n in names if n.rstrip("/").rpartition(".")[0] not in modules) == []


def test_fates_of_known_names() -> None:
    assert coverage.fate("tf.keras.layers.Dense") == "native"
    assert coverage.fate("tf.pack") == "renamed"
    assert coverage.fate("tf.nn.rnn_cell.LSTMCell") == "tfcompat"
    assert coverage.fate("tf.placeholder") == "compat.v1"
    assert coverage.fate("tf.estimator.ModeKeys") == "tfcompat"  # through the tf.estimator module's row
    assert coverage.fate("tf.app.flags.DEFINE_integer") == "renamed"  # tf.compat.v1.flags, not compat.v1.app
    assert coverage.fate("tf.estimator.DNNClassifier") == "tfcompat"  # a canned estimator tfcompat.estimator has
    assert coverage.fate("tf.estimator.BoostedTreesClassifier") == "reported"
    assert coverage.fate("tf.no.such.name") == "reported"  # TFC107: the linter is never silent


def test_the_linter_is_silent_on_no_listed_name() -> None:
    assert all(counts["unhandled"] == 0 for _, counts in coverage.table())


def test_coverage_counts_add_up_over_whole_lists() -> None:
    rows = dict(coverage.table())
    assert sorted(rows) == sorted(FAMILIES)
    for family, counts in rows.items():
        symbols = coverage.symbols(_lines(family)[1:])
        assert counts["total"] == len(symbols) > 0
        assert sum(counts[f] for f in coverage.FATES) == counts["total"]
        assert set(counts) <= {"total", *coverage.FATES}


def test_readme_table_is_what_the_script_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- api-coverage:start -->\n")[1].split("<!-- api-coverage:end -->")[0]
    printed = coverage.render(coverage.table(), markdown=True)
    assert shown == printed, "README's API coverage table is stale: rerun scripts/api_coverage.py --markdown"


@pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="needs TensorFlow")
def test_runtime_column_resolves_names_on_tfcompat_v1(monkeypatch: pytest.MonkeyPatch) -> None:
    # Importing tfcompat.v1 in this process would switch every later test of the worker to v1 behaviour.
    monkeypatch.setenv("TFCOMPAT_KEEP_V2", "1")
    assert coverage.served("tf.pack") and coverage.served("tf.nn.rnn_cell.LSTMCell")
    assert not coverage.served("tf.no_such_name")


@pytest.mark.skipif(not os.environ.get("TFCOMPAT_WHEELS"), reason="set TFCOMPAT_WHEELS to the folder of the wheels")
def test_lists_regenerate_byte_identical(tmp_path: Path) -> None:
    wheels = sorted(Path(os.environ["TFCOMPAT_WHEELS"]).glob("*.whl"))
    assert _load("extract_tf_api").main([*map(str, wheels), "--out", str(tmp_path)]) == 0
    for written in sorted(tmp_path.iterdir()):
        assert written.read_bytes() == (LISTS / written.name).read_bytes(), written.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in LISTS.iterdir())
