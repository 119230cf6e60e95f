"""The scenario format's matching and substitution (sdks/scenarios/README.md)."""

from __future__ import annotations

import re
from typing import Any

_WHOLE = re.compile(r"^\$\{([^}]+)\}$")
_ANY = re.compile(r"\$\{([^}]+)\}")


def substitute(value: Any, lookup: dict[str, Any]) -> Any:
    """Replaces ``${name}`` in every string; a string that is exactly one ``${…}`` keeps the JSON type."""
    if isinstance(value, str):
        whole = _WHOLE.match(value)
        if whole:
            return _lookup(whole.group(1), lookup)
        return _ANY.sub(lambda m: str(_lookup(m.group(1), lookup)), value)
    if isinstance(value, list):
        return [substitute(v, lookup) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, lookup) for k, v in value.items()}
    return value


def _lookup(name: str, lookup: dict[str, Any]) -> Any:
    if name not in lookup:
        raise KeyError(f"scenario variable ${{{name}}} is not defined (known: {sorted(lookup)})")
    return lookup[name]


def dig(value: Any, path: str) -> Any:
    """``a.b.0.c``: keys of objects, indexes of arrays."""
    for part in path.split("."):
        if isinstance(value, list):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value[part]
        else:
            raise KeyError(f"{path}: {part} is not inside a {type(value).__name__}")
    return value


_MATCHERS = {"$exists", "$regex", "$len", "$len_gte", "$ne", "$contains"}


def mismatches(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Every place where ``actual`` does not match ``expected`` (a partial deep match)."""
    if isinstance(expected, dict) and expected and set(expected) <= _MATCHERS:
        return _matcher(expected, actual, where)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        problems: list[str] = []
        for key, want in expected.items():
            if key not in actual:
                if not (isinstance(want, dict) and want.get("$exists") is False):
                    problems.append(f"{where}.{key}: missing")
                continue
            problems += mismatches(want, actual[key], f"{where}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {len(expected)} elements, got {actual!r}"]
        return [p for i, (w, a) in enumerate(zip(expected, actual)) for p in mismatches(w, a, f"{where}[{i}]")]
    if expected != actual or type(expected) is bool and type(actual) is not bool:
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []


def _matcher(spec: dict[str, Any], actual: Any, where: str) -> list[str]:
    problems: list[str] = []
    for name, arg in spec.items():
        if name == "$exists" and arg is False:
            problems.append(f"{where}: expected to be absent, got {actual!r}")
        elif name == "$regex" and not (isinstance(actual, str) and re.search(arg, actual)):
            problems.append(f"{where}: {actual!r} does not match /{arg}/")
        elif name == "$len" and not (hasattr(actual, "__len__") and len(actual) == arg):
            problems.append(f"{where}: expected length {arg}, got {_length(actual)}")
        elif name == "$len_gte" and not (hasattr(actual, "__len__") and len(actual) >= arg):
            problems.append(f"{where}: expected length >= {arg}, got {_length(actual)}")
        elif name == "$ne" and not mismatches(arg, actual):
            problems.append(f"{where}: expected anything but {arg!r}")
        elif name == "$contains" and not (
            isinstance(actual, list) and any(not mismatches(arg, element) for element in actual)
        ):
            problems.append(f"{where}: no element matches {arg!r} in {actual!r}")
    return problems


def _length(value: Any) -> Any:
    return len(value) if hasattr(value, "__len__") else value
