"""Each scenario ``op`` as a call of the SDK's public methods (never raw HTTP)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import patchbay

Op = Callable[[patchbay.Client, dict[str, Any]], Any]


def _gathered(pages: Iterator[patchbay.models.Page[Any]]) -> dict[str, Any]:
    """All items of all pages, and how many pages the SDK's iterator went through."""
    items: list[Any] = []
    count = 0
    for page in pages:
        count += 1
        items.extend(page["items"])
    return {"items": items, "pages": count}


def _kw(args: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: args[name] for name in names if name in args}


def _deleted(_: None) -> dict[str, Any]:
    return {}


OPS: dict[str, Op] = {
    "types.list": lambda c, a: {"items": c.types.list()},
    "types.get": lambda c, a: c.types.get(a["type"]),
    "connections.create": lambda c, a: c.connections.create(
        a["tag"], a["type"], **_kw(a, "display_name", "description", "scopes", "value", "secrets")
    ),
    "connections.get": lambda c, a: c.connections.get(a["tag"]),
    "connections.list": lambda c, a: _gathered(
        c.connections.list_pages(**_kw(a, "type", "kind", "status", "q", "limit"))
    ),
    "connections.update": lambda c, a: c.connections.update(a["tag"], **a.get("patch", {}), **_kw(a, "if_match")),
    "connections.credentials": lambda c, a: c.connections.credentials(a["tag"], a["input"]),
    "connections.validate": lambda c, a: c.connections.validate(a["tag"]),
    "connections.resolve": lambda c, a: c.resolve(a["tag"], a.get("inputs"), **_kw(a, "reveal")),
    "connections.connect": lambda c, a: c.connect(a["tag"], a.get("inputs"), **_kw(a, "timeout_ms")),
    "connections.revoke": lambda c, a: c.connections.revoke(a["tag"]),
    "connections.restore": lambda c, a: c.connections.restore(a["tag"]),
    "connections.delete": lambda c, a: _deleted(c.connections.delete(a["tag"], **_kw(a, "force"))),
    "connections.attach_vault": lambda c, a: c.connections.attach_vault(a["tag"], a["path"], **_kw(a, "version")),
    "connections.detach_vault": lambda c, a: c.connections.detach_vault(a["tag"]),
    "cloud.connections.create": lambda c, a: c.cloud.connections.create(
        a["provider"], a["name"], **_kw(a, "scopes", "display_name", "description")
    ),
    "cloud.connections.complete": lambda c, a: c.cloud.connections.complete(a["tag"], a["input"]),
    "cloud.connections.validate": lambda c, a: c.cloud.connections.validate(a["tag"]),
    "cloud.connections.fetch": lambda c, a: c.cloud.connections.fetch(a["tag"]),
    "cloud.connections.list": lambda c, a: _gathered(c.cloud.connections.list_pages(**_kw(a, "provider", "limit"))),
    "cloud.connections.update": lambda c, a: c.cloud.connections.update(a["tag"], **a["patch"]),
    "cloud.connections.delete": lambda c, a: _deleted(c.cloud.connections.delete(a["tag"], **_kw(a, "force"))),
    "executions.list": lambda c, a: _gathered(c.executions.list_pages(**_kw(a, "tag", "limit"))),
    "executions.get": lambda c, a: c.executions.get(a["id"]),
    "components.link": lambda c, a: c.components.link(
        a["name"], a["kind"], a["cloud"], **_kw(a, "resource", "config")
    ),
    "components.list": lambda c, a: _gathered(c.components.list_pages()),
    "components.get": lambda c, a: c.components.get(a["name"]),
    "components.unlink": lambda c, a: _deleted(c.components.unlink(a["name"])),
    "vault.get": lambda c, a: c.vault.get(),
    "vault.configure": lambda c, a: c.vault.configure(a["config"]),
    "vault.check": lambda c, a: c.vault.check(),
    "tokens.create": lambda c, a: c.tokens.create(a["name"], a["role"], **_kw(a, "reveal", "expires_in_seconds")),
    "tokens.list": lambda c, a: {"items": c.tokens.list()},
    "tokens.delete": lambda c, a: _deleted(c.tokens.delete(a["id"])),
}
