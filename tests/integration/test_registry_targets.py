"""Every replacement the registry names in tfcompat exists, and the registry knows all of tfcompat's names."""
from __future__ import annotations

import importlib
from functools import reduce

import pytest

pytest.importorskip("tensorflow")

from tfcompat_lint.registry import all_changes  # noqa: E402
from tfcompat.spec import served  # noqa: E402

TARGETS = sorted({c.new for c in all_changes() if c.new and c.new.startswith("tfcompat.")})


def _resolve(target: str) -> object:
    """An attribute path from `tfcompat`, importing submodules on the way (as the rewritten imports do)."""
    parts = target.split(".")
    obj = importlib.import_module(parts[0])
    for i, attr in enumerate(parts[1:], start=2):
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            obj = importlib.import_module(".".join(parts[:i]))
    return obj


@pytest.mark.parametrize("target", TARGETS)
def test_replacement_exists(target: str) -> None:
    try:
        obj = _resolve(target)
    except ImportError as error:  # a name served by an extra: its error must say which one to install
        if "pip install 'tfcompat[" not in str(error):
            raise
        pytest.skip(str(error))
    assert obj is not None


@pytest.mark.parametrize("module", sorted({*served.TFCOMPAT_MODULES, *served.PER_NAME_MODULES}))
def test_every_served_name_is_there_at_run_time(module: str) -> None:
    """Each name the spec lists for a tfcompat module (its ``__all__``, where that reads the spec) is an attribute
    of the imported module, or its ImportError names the extra that serves it."""
    imported = importlib.import_module(module)
    missing = []
    for name in served.exported(module):
        try:
            getattr(imported, name)
        except ImportError as error:
            if "pip install 'tfcompat[" not in str(error):
                raise
        except AttributeError:
            missing.append(name)
    assert missing == []
    assert sorted(getattr(imported, "__all__", served.exported(module))) == sorted(served.exported(module))


def test_tf_targets_exist_in_tensorflow() -> None:
    import tensorflow as tf

    missing = []
    for change in all_changes():
        if change.new and change.new.startswith("tf.") and change.safety.value != "manual":
            try:
                reduce(getattr, change.new.split(".")[1:], tf)
            except AttributeError:
                missing.append(change.new)
    assert not missing, sorted(set(missing))[:20]
