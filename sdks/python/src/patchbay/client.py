"""The client: one transport, one attribute per resource group."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from ._transport import RetryPolicy, Transport
from .models import Execution, Resolution
from .resources.admin import Audit, Components, Executions, SessionApi, Tokens, Types, Vault, Workspaces
from .resources.cloud import Cloud
from .resources.connections import Connections

DEFAULT_BASE_URL = "http://127.0.0.1:7300"


class Client:
    """The typed client of the Patchbay API. Every method returns the API's JSON (typed dicts with
    wire names) and raises a :class:`patchbay.PatchbayError` subclass on failure.

    Example::

        client = patchbay.Client()  # PATCHBAY_URL, PATCHBAY_TOKEN
        v2 = client.connect("library", {"ref": "v2"})
        print(v2["output_value"]["commit_sha"])

    ``timeout`` is seconds per request; ``max_retries`` further attempts of idempotent calls
    (GET, PUT, DELETE) answered 429 or 502. Use it as a context manager or call ``close()``.
    """

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        timeout: float = 30.0,
        max_retries: int = 2,
        retry: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        url = base_url or os.environ.get("PATCHBAY_URL") or DEFAULT_BASE_URL
        secret = token if token is not None else (os.environ.get("PATCHBAY_TOKEN") or None)
        self._transport = Transport(
            url,
            secret,
            timeout=timeout,
            retry=retry or RetryPolicy(max_retries=max_retries),
            http_client=http_client,
            transport=transport,
            headers=headers,
        )
        self.base_url = self._transport.base_url
        #: named connections
        self.connections = Connections(self._transport)
        #: the cloud lifecycle: ``client.cloud.connections.create/complete/validate/fetch/list/update/delete``
        self.cloud = Cloud(self.connections)
        self.types = Types(self._transport)
        self.components = Components(self._transport)
        self.executions = Executions(self._transport)
        self.tokens = Tokens(self._transport)
        self.workspaces = Workspaces(self._transport)
        self.audit = Audit(self._transport)
        self.vault = Vault(self._transport)
        self.session = SessionApi(self._transport)

    def __repr__(self) -> str:
        return f"Client(base_url={self.base_url!r})"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()

    def connect(
        self, tag: str, overrides: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> Execution:
        """Runs connection ``tag`` with per-call ``overrides``; the execution is returned also when the
        task failed (check ``execution["status"]``)."""
        return self.connections.connect(tag, overrides, timeout_ms=timeout_ms)

    def resolve(self, tag: str, overrides: Mapping[str, Any] | None = None, *, reveal: bool = False) -> Resolution:
        """The merged inputs of ``tag`` with ``overrides`` on top, and the source of each."""
        return self.connections.resolve(tag, overrides, reveal=reveal)
