"""Fails when openapi.json has an operation or a response field the SDK does not cover."""

from __future__ import annotations

import json
import typing

import pytest
from conftest import REPO_ROOT

import patchbay  # noqa: F401  (importing registers every operation)
from patchbay import models
from patchbay._operations import OPERATIONS

CONTRACT = json.loads((REPO_ROOT / "openapi.json").read_text())
METHODS = {"get", "put", "post", "patch", "delete"}
CONTRACT_OPERATIONS = sorted(
    (method.upper(), path) for path, ops in CONTRACT["paths"].items() for method in ops if method in METHODS
)
SCHEMAS = CONTRACT["components"]["schemas"]


def test_the_contract_is_read() -> None:
    assert len(CONTRACT_OPERATIONS) >= 30 and "Connection" in SCHEMAS


@pytest.mark.parametrize("operation", CONTRACT_OPERATIONS, ids=[f"{m} {p}" for m, p in CONTRACT_OPERATIONS])
def test_every_operation_has_a_method(operation: tuple[str, str]) -> None:
    assert operation in OPERATIONS, f"{operation[0]} {operation[1]} has no method in the Python SDK"


def test_no_method_calls_an_operation_the_contract_lacks() -> None:
    stale = set(OPERATIONS) - set(CONTRACT_OPERATIONS)
    assert not stale, f"methods call operations that openapi.json does not have: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_response_field_is_in_the_model(name: str) -> None:
    model = getattr(models, name, None)
    assert model is not None and typing.is_typeddict(model), f"patchbay.models has no TypedDict {name}"
    fields = set(typing.get_type_hints(model))
    missing = set(SCHEMAS[name].get("properties", {})) - fields
    assert not missing, f"models.{name} lacks {sorted(missing)} of openapi.json"
