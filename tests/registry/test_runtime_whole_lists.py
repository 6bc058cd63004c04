"""``tfcompat.v1.<name>`` over TensorFlow's whole name lists (data/tf_api), not samples.

Every name the tools keep (fate ``native``, ``tfcompat``, ``renamed``, ``compat.v1``) resolves on
``tfcompat.v1``; every name the linter reports and ``tfcompat.v1`` does not serve fails with an error that says
why and what to use. One subprocess per family: importing ``tfcompat.v1`` switches TensorFlow to v1 behaviour.
"""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import textwrap
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import api_coverage  # noqa: E402

pytestmark = pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="needs TensorFlow")

FAMILIES = tuple(sorted(api_coverage.families()))
# The tables below are measured without tfcompat's extras; with one installed, more names resolve.
NO_EXTRAS = all(importlib.util.find_spec(m) is None for m in ("tf_slim", "tensorflow_probability", "tf_keras"))

# Resolves each name as `import tfcompat.v1.x.y` then `.z` would: an attribute, else the submodule of that path.
_PROBE = """
    import importlib, json, sys, warnings
    import tfcompat.v1

    def resolve(name):
        node, path = tfcompat.v1, "tfcompat.v1"
        for part in name.split(".")[1:]:
            path += "." + part
            try:
                node = getattr(node, part)
            except AttributeError as error:
                try:
                    node = importlib.import_module(path)
                except ModuleNotFoundError:
                    raise error from None

    warnings.simplefilter("ignore")
    failures = {}
    for name in sys.argv[1:]:
        try:
            resolve(name)
        except Exception as error:
            failures[name] = [type(error).__name__, str(error)]
    print(json.dumps(failures))
"""

# Names the tools keep that tfcompat.v1 does not serve yet, each with why; the test fails when one starts to
# resolve, so the table shrinks with the fixes (the owning tfcompat modules lack them).
KNOWN_UNSERVED: dict[str, str] = {
    **{f"tf.keras.{kind}.{name}": "Keras 3 (TF 2.21's tf.compat.v1.keras without tfcompat[keras2]) dropped it; "
       "the codemod writes tf.keras.losses.cosine_similarity"
       for kind in ("losses", "metrics") for name in ("cosine", "cosine_proximity")},
    "tf.layers.InputSpec": "tfcompat.layers has no InputSpec; the codemod writes tf.keras.layers.InputSpec",
    **{name: "tfcompat.rnn_cell and tfcompat.contrib.rnn lack it; the codemod writes "
       "tfcompat.contrib.legacy_seq2seq.EmbeddingWrapper"
       for name in ("tf.nn.rnn_cell.EmbeddingWrapper", "tf.contrib.rnn.EmbeddingWrapper")},
    **{name: "tfcompat.contrib does not forward this module's TF 2.21 successor (the codemod writes it)"
       for name in ("tf.contrib.util.constant_value", "tf.contrib.batching.batch_function",
                    "tf.contrib.distribute.CrossDeviceOps", "tf.contrib.rnn.static_state_saving_rnn",
                    "tf.contrib.training.checkpoints_iterator",
                    *(f"tf.contrib.cluster_resolver.{kind}ClusterResolver" for kind in
                      ("", "Kubernetes", "Simple", "Slurm", "TFConfig", "TPU")))},
}

# Reported names may fail with a bare "has no attribute" only in a library module tfcompat.v1 forwards to as it is
# (tf.compat.v1.train, which tfcompat.train extends; tf-keras's Keras 2 when tfcompat[keras2] is installed): the
# linter reports them. tfcompat's own modules say why (tfcompat._left_out, tfcompat.spec.wording).
LIBRARY_MODULES = ("tensorflow.", "tf_keras.")


# A message that says nothing but "has no attribute" (Python's own, or a module's of the same words).
_BARE = re.compile(r"(?:module )?'?([\w.]+)'? has no attribute '\w+'")
# What an AttributeError must contain to say why and what to use (an ImportError names the extra to install):
# tfcompat.v1's own wording, tfcompat.contrib's pointer to its list of what it leaves out, or tfcompat.contrib.tpu's
# (TPU-only names: it serves TPUEstimator on CPU/GPU and TF 2.21's tf.compat.v1.tpu lacks them too).
EXPLAINS = ("Run tfcompat-lint on the code: it reports why and what to write instead", "UNSUPPORTED.md",
            "it serves TPUEstimator and its helpers on CPU/GPU and forwards tf.compat.v1.tpu, which lacks it too")


@cache
def _failures(family: str) -> dict[str, tuple[str, str]]:
    """Name -> (exception type, message) for each name of ``family`` that ``tfcompat.v1`` does not resolve."""
    names = api_coverage.symbols(api_coverage.families()[family])
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(_PROBE), *names], cwd=ROOT, check=True,
                            capture_output=True, text=True, timeout=300)
    return {name: (kind, message) for name, (kind, message) in json.loads(result.stdout.splitlines()[-1]).items()}


def _needs_extra(kind: str, message: str) -> bool:
    """An ImportError naming the tfcompat extra that serves the name (``pip install 'tfcompat[probability]'``)."""
    return kind == "ImportError" and "pip install 'tfcompat[" in message


def _bare_module(message: str) -> str | None:
    """The module of a message that says nothing but "has no attribute" (Python's own or a module's), else None."""
    match = _BARE.fullmatch(message)
    return match and match.group(1)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_name_the_tools_keep_resolves_on_tfcompat_v1(family: str) -> None:
    failures = _failures(family)
    kept = [n for n in api_coverage.symbols(api_coverage.families()[family]) if api_coverage.fate(n) != "reported"]
    unserved = {n: failures[n] for n in kept if n in failures and not _needs_extra(*failures[n])}
    assert {n: e for n, e in unserved.items() if n not in KNOWN_UNSERVED} == {}
    known = {n for n in KNOWN_UNSERVED if n in kept}
    if NO_EXTRAS:
        assert sorted(known - set(unserved)) == [], "now served: remove from KNOWN_UNSERVED"


@pytest.mark.parametrize("family", FAMILIES)
def test_every_reported_name_tfcompat_v1_lacks_fails_saying_why(family: str) -> None:
    reported = [n for n in api_coverage.symbols(api_coverage.families()[family]) if api_coverage.fate(n) == "reported"]
    failed = {n: e for n, e in _failures(family).items() if n in reported}
    bare = Counter(_bare_module(message) for _, message in failed.values() if _bare_module(message))
    assert [m for m in bare if not m.startswith(LIBRARY_MODULES)] == [], bare
    unexplained = {n: (kind, message) for n, (kind, message) in failed.items()
                   if not (_bare_module(message) or _needs_extra(kind, message)
                           or (kind == "AttributeError" and any(text in message for text in EXPLAINS)))}
    assert unexplained == {}

