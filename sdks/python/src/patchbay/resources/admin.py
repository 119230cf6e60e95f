"""The smaller resource groups: types, components, executions, tokens, workspaces, audit, Vault, session."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from .. import _paging
from .._operations import operation
from .._transport import Transport, segment
from ..models import (
    AuditEvent,
    AuditVerification,
    Component,
    ConnectionType,
    CreatedWorkspace,
    Execution,
    Page,
    Role,
    Session,
    Token,
    VaultCheck,
    VaultConfig,
    Workspace,
)
from .connections import compact


class _Resource:
    def __init__(self, transport: Transport) -> None:
        self._t = transport


class Types(_Resource):
    """Connection types and the JSON Schemas of their inputs."""

    @operation("GET", "/v1/types")
    def list(self) -> list[ConnectionType]:
        return cast("list[ConnectionType]", self._t.request("GET", "/v1/types")["items"])

    @operation("GET", "/v1/types/{type}")
    def get(self, type: str) -> ConnectionType:
        return cast(ConnectionType, self._t.request("GET", f"/v1/types/{segment(type)}"))


class Components(_Resource):
    """Consumers (storage, broker, database, graph, vector) linked to an active cloud connection."""

    @operation("POST", "/v1/components")
    def link(
        self,
        name: str,
        kind: str,
        cloud: str,
        *,
        resource: str | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> Component:
        body = compact(name=name, kind=kind, cloud=cloud, resource=resource, config=config)
        return cast(Component, self._t.request("POST", "/v1/components", body=body))

    @operation("GET", "/v1/components")
    def list_pages(
        self, *, cloud: str | None = None, kind: str | None = None, limit: int | None = None
    ) -> Iterator[Page[Component]]:
        return _paging.pages(self._t, "/v1/components", compact(cloud=cloud, kind=kind, limit=limit))

    def list(self, *, cloud: str | None = None, kind: str | None = None, limit: int | None = None) -> Iterator[Component]:
        """Every linked component, page by page."""
        return _paging.items(self._t, "/v1/components", compact(cloud=cloud, kind=kind, limit=limit))

    @operation("GET", "/v1/components/{name}")
    def get(self, name: str) -> Component:
        return cast(Component, self._t.request("GET", f"/v1/components/{segment(name)}"))

    @operation("DELETE", "/v1/components/{name}")
    def unlink(self, name: str) -> None:
        self._t.request("DELETE", f"/v1/components/{segment(name)}")


class Executions(_Resource):
    """Records of ``connect`` calls, newest first."""

    @operation("GET", "/v1/executions")
    def list_pages(self, *, tag: str | None = None, limit: int | None = None) -> Iterator[Page[Execution]]:
        return _paging.pages(self._t, "/v1/executions", compact(tag=tag, limit=limit))

    def list(self, *, tag: str | None = None, limit: int | None = None) -> Iterator[Execution]:
        return _paging.items(self._t, "/v1/executions", compact(tag=tag, limit=limit))

    @operation("GET", "/v1/executions/{id}")
    def get(self, id: str) -> Execution:
        return cast(Execution, self._t.request("GET", f"/v1/executions/{segment(id)}"))


class Tokens(_Resource):
    """API tokens of the caller's workspace (admin); the secret is in the answer of ``create`` only."""

    @operation("POST", "/v1/tokens")
    def create(
        self, name: str, role: Role | str, *, reveal: bool | None = None, expires_in_seconds: int | None = None
    ) -> Token:
        body = compact(name=name, role=role, reveal=reveal, expires_in_seconds=expires_in_seconds)
        return cast(Token, self._t.request("POST", "/v1/tokens", body=body))

    @operation("GET", "/v1/tokens")
    def list(self) -> list[Token]:
        return cast("list[Token]", self._t.request("GET", "/v1/tokens")["items"])

    @operation("DELETE", "/v1/tokens/{id}")
    def delete(self, id: str) -> None:
        """Revokes the token: it authenticates nothing from now on."""
        self._t.request("DELETE", f"/v1/tokens/{segment(id)}")

    revoke = delete


class Workspaces(_Resource):
    """Tenants; only an admin of ``default`` may call these."""

    @operation("POST", "/v1/workspaces")
    def create(self, name: str) -> CreatedWorkspace:
        return cast(CreatedWorkspace, self._t.request("POST", "/v1/workspaces", body={"name": name}))

    @operation("GET", "/v1/workspaces")
    def list(self) -> list[Workspace]:
        return cast("list[Workspace]", self._t.request("GET", "/v1/workspaces")["items"])


class Audit(_Resource):
    """The workspace's audit events, newest first (admin), and a check of their hash chain."""

    @operation("GET", "/v1/audit")
    def list_pages(
        self, *, tag: str | None = None, action: str | None = None, limit: int | None = None
    ) -> Iterator[Page[AuditEvent]]:
        return _paging.pages(self._t, "/v1/audit", compact(tag=tag, action=action, limit=limit))

    def list(self, *, tag: str | None = None, action: str | None = None, limit: int | None = None) -> Iterator[AuditEvent]:
        return _paging.items(self._t, "/v1/audit", compact(tag=tag, action=action, limit=limit))

    @operation("GET", "/v1/audit/verify")
    def verify(self) -> AuditVerification:
        return cast(AuditVerification, self._t.request("GET", "/v1/audit/verify"))


class Vault(_Resource):
    """The workspace's Vault integration (admin); secret parts are write-only."""

    @operation("GET", "/v1/vault")
    def get(self) -> VaultConfig | None:
        """The configuration, or ``None`` before one is set."""
        return cast("VaultConfig | None", self._t.request("GET", "/v1/vault"))

    @operation("PUT", "/v1/vault")
    def configure(self, config: Mapping[str, Any]) -> VaultConfig:
        """``{"address": …, "auth": {"method": "token", "token": …}, "mount"?: …, "kv_version"?: …}``;
        a blank token/secret_id keeps the stored one."""
        return cast(VaultConfig, self._t.request("PUT", "/v1/vault", body=dict(config)))

    @operation("POST", "/v1/vault/check")
    def check(self) -> VaultCheck:
        """Reachability, seal state and whether the credentials authenticate."""
        return cast(VaultCheck, self._t.request("POST", "/v1/vault/check"))


class SessionApi(_Resource):
    """Who is calling, and the workbench's cookie sign-in/out."""

    @operation("GET", "/v1/session")
    def whoami(self) -> Session:
        return cast(Session, self._t.request("GET", "/v1/session"))

    @operation("POST", "/v1/session")
    def sign_in(self, token: str) -> Session:
        return cast(Session, self._t.request("POST", "/v1/session", body={"token": token}))

    @operation("DELETE", "/v1/session")
    def sign_out(self) -> None:
        self._t.request("DELETE", "/v1/session")
