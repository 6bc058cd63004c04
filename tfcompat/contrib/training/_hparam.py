"""``tf.contrib.training.HParams`` and ``parse_values`` with TF 1.15's grammar and type rules.

Grammar of ``parse``: comma-separated clauses ``name=value``, ``name=[v1,v2,...]`` or ``name[i]=value``.
Values are converted with the hyperparameter's existing type (``bool`` takes true/True/false/False or an
integer); a name may be assigned once per string.  As in TF 1.15, ``HParams.parse`` refuses an indexed
clause (``parse_values`` returns ``{name: {index: value}}`` for it, which ``set_hparam`` rejects).
"""
from __future__ import annotations

import json
import numbers
import re
from typing import Any, Callable

# One clause: a name (letters, digits, _ and .), an optional [index], '=', then a scalar or a [list].
_CLAUSE = re.compile(r"""
  (?P<name>[a-zA-Z][\w\.]*)
  (\[\s*(?P<index>\d+)\s*\])?
  \s*=\s*
  ((?P<val>[^,\[]*) | \[(?P<vals>[^\]]*)\])
  ($|,\s*)""", re.VERBOSE)


def _parse_error(name: str, var_type: type, value: str, values: str) -> ValueError:
    return ValueError(f"Could not parse hparam '{name}' of type '{var_type.__name__}' with value '{value}' in {values}")


def _reuse_error(name: str, values: str) -> ValueError:
    return ValueError(f"Multiple assignments to variable '{name}' in {values}")


def _parser(name: str, var_type: type, values: str) -> Callable[[str], Any]:
    if var_type is not bool:
        return var_type

    def parse_bool(text: str) -> bool:
        if text in ("true", "True"):
            return True
        if text in ("false", "False"):
            return False
        try:
            return bool(int(text))
        except ValueError:
            raise _parse_error(name, var_type, text, values) from None

    return parse_bool


def parse_values(values: str, type_map: dict[str, type], ignore_unknown: bool = False) -> dict[str, Any]:
    """``"x=5,L=[1,2],arr[1]=3"`` as ``{'x': 5, 'L': [1, 2], 'arr': {1: 3}}``, each value of type_map's type."""
    results: dict[str, Any] = {}
    pos = 0
    while pos < len(values):
        match = _CLAUSE.match(values, pos)
        if not match:
            raise ValueError(f"Malformed hyperparameter value: {values[pos:]}")
        pos = match.end()
        name, index, val, vals = match.group("name", "index", "val", "vals")
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError(f"Unknown hyperparameter type for {name}")
        var_type = type_map[name]
        parse = _parser(name, var_type, values)
        if val is not None:
            try:
                parsed = parse(val)
            except ValueError:
                raise _parse_error(name, var_type, val, values) from None
            if not index:
                if name in results:
                    raise _reuse_error(name, values)
                results[name] = parsed
                continue
            slots = results.setdefault(name, {})
            if not isinstance(slots, dict):
                raise _reuse_error(name, values)
            if int(index) in slots:
                raise _reuse_error(f"{name}[{int(index)}]", values)
            slots[int(index)] = parsed
        elif vals is not None:
            if index is not None:
                raise ValueError("Assignment of a list to a list index.")
            if name in results:
                raise _reuse_error(name, values)
            try:
                results[name] = [parse(element) for element in re.split("[ ,]", vals) if element]
            except ValueError:
                raise _parse_error(name, var_type, vals, values) from None
        else:
            raise _parse_error(name, var_type, "", values)
    return results


def _cast(name: str, param_type: type, value: Any) -> Any:
    """``value`` as ``param_type``, refusing the conversions TF 1.15 refused (float->int, str<->number, bool)."""
    if type(value) == param_type:  # noqa: E721 - isinstance(True, int) must not count
        return value
    if issubclass(param_type, type(None)):
        return value
    message = f"Could not cast hparam '{name}' of type '{param_type}' from value {value!r}"
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise ValueError(message)
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise ValueError(message)
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise ValueError(message)
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise ValueError(message)
    return param_type(value)


class HParams:
    """Named hyperparameters with the type of their first value; see ``parse`` for the string syntax."""

    _HAS_DYNAMIC_ATTRIBUTES = True

    def __init__(self, hparam_def: Any = None, model_structure: Any = None, **kwargs: Any) -> None:
        if hparam_def is not None:
            raise NotImplementedError("HParams(hparam_def=...) needs TF 1.x's HParamDef proto, which TF 2 does not "
                                      "ship; build HParams from keyword arguments or parse_json instead.")
        self._hparam_types: dict[str, tuple[type, bool]] = {}
        self._model_structure = model_structure
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name: str, value: Any) -> None:
        """Adds hyperparameter ``name``; a list value makes it multi-valued (of its first element's type)."""
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name: str, value: Any) -> None:
        """Sets an existing hyperparameter (KeyError if unknown), converting as TF 1.15 allowed."""
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            setattr(self, name, [_cast(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
            setattr(self, name, _cast(name, param_type, value))

    def del_hparam(self, name: str) -> None:
        """Removes hyperparameter ``name``; nothing happens if it does not exist."""
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values: str) -> "HParams":
        """Overrides values from ``"a=1,b=[1,2],c=hi"`` (see ``parse_values``); returns self."""
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict: dict[str, Any]) -> "HParams":
        """Overrides existing values from a dict; returns self."""
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_model_structure(self, model_structure: Any) -> None:
        self._model_structure = model_structure

    def get_model_structure(self) -> Any:
        return self._model_structure

    def to_json(self, indent: Any = None, separators: Any = None, sort_keys: bool = False) -> str:
        """The values as a JSON object (``json.dumps`` options passed through)."""
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json: str) -> "HParams":
        """Overrides existing values from a JSON object; returns self."""
        return self.override_from_dict(json.loads(values_json))

    def values(self) -> dict[str, Any]:
        """The hyperparameters as a dict, in the order they were added."""
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, else ``default`` (which must fit the hyperparameter's type)."""
        if key not in self._hparam_types:
            return default
        if default is not None:
            param_type, is_list = self._hparam_types[key]
            type_str = f"list<{param_type}>" if is_list else str(param_type)
            fail = f"Hparam '{key}' of type '{type_str}' is incompatible with default={default}"
            if is_list != isinstance(default, list):
                raise ValueError(fail)
            try:
                for value in default if is_list else [default]:
                    _cast(key, param_type, value)
            except ValueError as error:
                raise ValueError(f"{fail}. {error}") from None
        return getattr(self, key)

    def __contains__(self, key: str) -> bool:
        return key in self._hparam_types

    def __str__(self) -> str:
        return ",".join(f"{key}={value}" for key, value in self.values().items())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({sorted(self.values().items())})"
