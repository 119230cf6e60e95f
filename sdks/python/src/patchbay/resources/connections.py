"""``client.connections``: every operation on named connections (SPEC 2)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from .. import _paging
from .._operations import operation
from .._transport import Transport, segment
from ..models import Connection, Execution, Page, Resolution, Validation


def compact(**fields: Any) -> dict[str, Any]:
    """The keyword arguments that were given (not ``None``), as a request body."""
    return {key: value for key, value in fields.items() if value is not None}


class Connections:
    """Named connections: create, list, update, complete, validate, resolve, connect, revoke, delete, Vault.

    Example::

        client.connections.create("library", "git", value={"repository_url": "https://git.example.com/lib.git"})
        execution = client.connections.connect("library", {"ref": "v2"})
    """

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    @staticmethod
    def _at(tag: str, suffix: str = "") -> str:
        return f"/v1/connections/{segment(tag)}{suffix}"

    @operation("POST", "/v1/connections")
    def create(
        self,
        tag: str,
        type: str,
        *,
        display_name: str | None = None,
        description: str | None = None,
        scopes: Sequence[str] | None = None,
        value: Mapping[str, Any] | None = None,
        secrets: Mapping[str, Any] | None = None,
    ) -> Connection:
        """Creates a connection; ``secrets`` are stored encrypted and never returned."""
        body = compact(
            tag=tag,
            type=type,
            display_name=display_name,
            description=description,
            scopes=list(scopes) if scopes is not None else None,
            value=dict(value) if value is not None else None,
            secrets=dict(secrets) if secrets is not None else None,
        )
        return cast(Connection, self._t.request("POST", "/v1/connections", body=body))

    @operation("GET", "/v1/connections/{tag}")
    def get(self, tag: str) -> Connection:
        return cast(Connection, self._t.request("GET", self._at(tag)))

    @operation("GET", "/v1/connections")
    def list_pages(
        self,
        *,
        type: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        q: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Page[Connection]]:
        """Every page of the matching connections (``limit`` per page, 1–500)."""
        query = compact(type=type, kind=kind, status=status, q=q, limit=limit)
        return _paging.pages(self._t, "/v1/connections", query)

    def list(
        self,
        *,
        type: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        q: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Connection]:
        """Every matching connection, fetched page by page as the generator is consumed."""
        for page in self.list_pages(type=type, kind=kind, status=status, q=q, limit=limit):
            yield from page["items"]

    @operation("PATCH", "/v1/connections/{tag}")
    def update(
        self,
        tag: str,
        *,
        display_name: str | None = None,
        description: str | None = None,
        scopes: Sequence[str] | None = None,
        value: Mapping[str, Any] | None = None,
        if_match: int | None = None,
    ) -> Connection:
        """Changes metadata; ``value`` is a JSON merge patch (a ``None`` inside removes a key).
        With ``if_match`` the call fails with ``VersionMismatchError`` if the version moved on."""
        body = compact(
            display_name=display_name,
            description=description,
            scopes=list(scopes) if scopes is not None else None,
            value=dict(value) if value is not None else None,
        )
        headers = {"if-match": f'"{if_match}"'} if if_match is not None else None
        return cast(Connection, self._t.request("PATCH", self._at(tag), body=body, headers=headers))

    @operation("PUT", "/v1/connections/{tag}/credentials")
    def complete(self, tag: str, inputs: Mapping[str, Any]) -> Connection:
        """Sets inputs (each goes to value or secrets by the type's schema); a blank secret keeps the stored one."""
        return cast(Connection, self._t.request("PUT", self._at(tag, "/credentials"), body=dict(inputs)))

    #: the same call under the name of its route
    credentials = complete

    @operation("POST", "/v1/connections/{tag}/validate")
    def validate(self, tag: str) -> Validation:
        """Tests against the real system: ``active`` on success, ``error`` with a message otherwise."""
        return cast(Validation, self._t.request("POST", self._at(tag, "/validate")))

    @operation("POST", "/v1/connections/{tag}/resolve")
    def resolve(self, tag: str, inputs: Mapping[str, Any] | None = None, *, reveal: bool = False) -> Resolution:
        """Merged inputs with their sources; secrets masked unless ``reveal`` (the token needs reveal)."""
        body = compact(inputs=dict(inputs) if inputs is not None else None, reveal=True if reveal else None)
        return cast(Resolution, self._t.request("POST", self._at(tag, "/resolve"), body=body))

    @operation("POST", "/v1/connections/{tag}/connect")
    def connect(
        self, tag: str, inputs: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> Execution:
        """Runs the task; returns the execution also when the task failed (``status == "failed"``)."""
        body = compact(inputs=dict(inputs) if inputs is not None else None, timeout_ms=timeout_ms)
        # the HTTP wait must outlast the task's own budget
        http_timeout = max(self._t.timeout, timeout_ms / 1000 + 5) if timeout_ms else None
        return cast(
            Execution, self._t.request("POST", self._at(tag, "/connect"), body=body, timeout=http_timeout)
        )

    @operation("POST", "/v1/connections/{tag}/revoke")
    def revoke(self, tag: str) -> Connection:
        """Switches the connection off: resolve and connect raise ``ConnectionRevokedError``."""
        return cast(Connection, self._t.request("POST", self._at(tag, "/revoke")))

    @operation("POST", "/v1/connections/{tag}/restore")
    def restore(self, tag: str) -> Connection:
        return cast(Connection, self._t.request("POST", self._at(tag, "/restore")))

    @operation("DELETE", "/v1/connections/{tag}")
    def delete(self, tag: str, *, force: bool = False) -> None:
        """Deletes; ``force`` unlinks its components first (else ``ConnectionInUseError``)."""
        self._t.request("DELETE", self._at(tag), query={"force": True} if force else None)

    @operation("PUT", "/v1/connections/{tag}/vault")
    def attach_vault(self, tag: str, path: str, *, version: int | None = None) -> Connection:
        """Attaches a Vault secret (``secret/data/oracle`` or ``secret/oracle``), pinned to ``version`` if given."""
        body = compact(path=path, version=version)
        return cast(Connection, self._t.request("PUT", self._at(tag, "/vault"), body=body))

    @operation("DELETE", "/v1/connections/{tag}/vault")
    def detach_vault(self, tag: str) -> Connection:
        return cast(Connection, self._t.request("DELETE", self._at(tag, "/vault")))
