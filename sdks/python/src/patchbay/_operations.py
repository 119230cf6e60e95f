"""Which API operation (method + path of ``openapi.json``) each public method calls; the coverage
test compares this registry with the contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

#: (method, path template) -> the methods that call it, e.g. ("GET", "/v1/connections/{tag}")
OPERATIONS: dict[tuple[str, str], list[str]] = {}


def operation(method: str, path: str) -> Callable[[F], F]:
    """Marks a method as the SDK's spelling of ``method path``."""

    def mark(fn: F) -> F:
        OPERATIONS.setdefault((method.upper(), path), []).append(fn.__qualname__)
        return fn

    return mark
