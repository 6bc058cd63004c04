"""``tfcompat.contrib.training.HParams`` / ``parse_values`` with TF 1.15's grammar, types and messages."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tfcompat.contrib.training import HParams, parse_values


def _hparams() -> HParams:
    return HParams(lr=0.1, units=100, name="relu", flag=True, sizes=[1, 2], rates=[0.5])


def test_construction_and_access() -> None:
    hp = _hparams()
    assert (hp.lr, hp.units, hp.name, hp.flag, hp.sizes) == (0.1, 100, "relu", True, [1, 2])
    assert hp.values() == {"lr": 0.1, "units": 100, "name": "relu", "flag": True, "sizes": [1, 2], "rates": [0.5]}
    assert "lr" in hp and "nope" not in hp
    assert str(hp) == "lr=0.1,units=100,name=relu,flag=True,sizes=[1, 2],rates=[0.5]"
    assert repr(HParams(b=1, a="x")) == "HParams([('a', 'x'), ('b', 1)])"


@pytest.mark.parametrize("text, expected", [
    ("lr=0.5", {"lr": 0.5}),
    ("units=7, name=tanh", {"units": 7, "name": "tanh"}),  # spaces after commas are allowed
    ("lr=3", {"lr": 3.0}),  # an int literal for a float hparam becomes a float
    ("flag=false", {"flag": False}), ("flag=True", {"flag": True}), ("flag=0", {"flag": False}),
    ("sizes=[3,4,5]", {"sizes": [3, 4, 5]}), ("sizes=[3 4]", {"sizes": [3, 4]}),
    ("rates=[1,2.5]", {"rates": [1.0, 2.5]}),
    ("name=hi there", {"name": "hi there"}),  # a scalar runs up to the next comma or bracket
    ("", {}),
])
def test_parse(text: str, expected: dict) -> None:
    hp = _hparams().parse(text)
    assert {k: hp.values()[k] for k in expected} == expected
    for key, value in expected.items():
        assert type(getattr(hp, key)) is type(value)


@pytest.mark.parametrize("text, message", [
    ("nope=1", "Unknown hyperparameter type for nope"),
    ("units=1.5", r"Could not parse hparam 'units' of type 'int' with value '1.5' in units=1.5"),
    ("flag=yes", r"Could not parse hparam 'flag' of type 'bool' with value 'yes'"),
    ("sizes=[1,x]", r"Could not parse hparam 'sizes' of type 'int' with value '1,x'"),
    ("units=1,units=2", r"Multiple assignments to variable 'units' in units=1,units=2"),
    ("units=[1,2]", "Must not pass a list for single-valued parameter: units"),
    ("sizes=3", r"Must pass a list for multi-valued parameter: sizes\."),
    ("sizes[1]=3", r"Must pass a list for multi-valued parameter: sizes\."),  # TF 1.15's HParams.parse did this too
    ("sizes[0]=[1]", "Assignment of a list to a list index."),
    ("1abc=2", "Malformed hyperparameter value: 1abc=2"),
    ("units", "Malformed hyperparameter value: units"),
])
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _hparams().parse(text)


def test_parse_values_indexed_assignment() -> None:
    types = {"x": int, "arr": int, "L": int, "s": str}
    assert parse_values("x=5,L=[1,2],arr[1]=3,arr[0]=4", types) == {"x": 5, "L": [1, 2], "arr": {1: 3, 0: 4}}
    with pytest.raises(ValueError, match=r"Multiple assignments to variable 'arr\[1\]'"):
        parse_values("arr[1]=3,arr[1]=4", types)
    with pytest.raises(ValueError, match="Multiple assignments to variable 'arr'"):
        parse_values("arr=3,arr[1]=4", types)
    assert parse_values("x=1,unknown=2", types, ignore_unknown=True) == {"x": 1}


def test_set_hparam_type_rules() -> None:
    hp = _hparams()
    hp.set_hparam("lr", 2)  # int -> float allowed
    assert hp.lr == 2.0 and type(hp.lr) is float
    for name, value in (("units", 1.5), ("units", True), ("flag", 1), ("name", 3), ("lr", "0.1")):
        with pytest.raises(ValueError, match=f"Could not cast hparam '{name}'"):
            hp.set_hparam(name, value)
    with pytest.raises(KeyError):
        hp.set_hparam("nope", 1)
    hp.set_hparam("sizes", [7, 8, 9])
    assert hp.sizes == [7, 8, 9]
    with pytest.raises(ValueError, match="Must pass a list for multi-valued parameter: sizes."):
        hp.set_hparam("sizes", 7)


def test_add_del_get() -> None:
    hp = HParams(a=1)
    hp.add_hparam("b", [1.0])
    with pytest.raises(ValueError, match="Hyperparameter name is reserved: values"):
        hp.add_hparam("values", 1)
    with pytest.raises(ValueError, match="Hyperparameter name is reserved: a"):
        hp.add_hparam("a", 2)
    with pytest.raises(ValueError, match="Multi-valued hyperparameters cannot be empty: c"):
        hp.add_hparam("c", [])
    assert (hp.get("a"), hp.get("zz", 5), hp.get("b", [2.0])) == (1, 5, [1.0])
    with pytest.raises(ValueError, match="Hparam 'a' of type '<class 'int'>' is incompatible with default=x"):
        hp.get("a", "x")
    hp.del_hparam("a")
    hp.del_hparam("never")  # absent: nothing happens
    assert hp.values() == {"b": [1.0]} and not hasattr(hp, "a")


def test_json_round_trip_and_override() -> None:
    hp = _hparams()
    assert json.loads(hp.to_json()) == hp.values()
    assert hp.to_json(sort_keys=True, separators=(",", ":")).startswith('{"flag":true,"lr":0.1,')
    assert hp.to_json(indent=1).count("\n") > 5
    hp.parse_json('{"lr": 1, "sizes": [5]}')
    assert (hp.lr, hp.sizes) == (1.0, [5])
    assert hp.override_from_dict({"units": 3}) is hp and hp.units == 3
    with pytest.raises(KeyError):
        hp.parse_json('{"nope": 1}')


def test_importing_hparams_does_not_import_tensorflow() -> None:
    code = "import sys, tfcompat.contrib.training; assert 'tensorflow' not in sys.modules, 'imported TF'"
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
