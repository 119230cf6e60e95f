"""``client.cloud.connections``: the Ductape-style cloud lifecycle (SPEC 4) on the same connections."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..models import Connection, Page, Scope, Validation
from .connections import Connections


def cloud_tag(name: str) -> str:
    """The tag a cloud connection named ``name`` gets: ``cloud_tag("Prod AWS") == "prod_aws"``."""
    return re.sub(r"[^a-z0-9_-]", "_", name.strip().lower())


class CloudConnections:
    """create → complete → validate → fetch/list → update → delete.

    Example::

        aws = client.cloud.connections.create("aws", "prod_aws", scopes=["storage", "database"])
        print(aws["setup"]["trust_policy"])  # paste into the IAM role
        client.cloud.connections.complete("prod_aws", {"role_arn": "arn:aws:iam::123456789012:role/patchbay"})
        validation = client.cloud.connections.validate("prod_aws")
    """

    def __init__(self, connections: Connections) -> None:
        self._c = connections

    def create(
        self,
        provider: str,
        name: str,
        *,
        scopes: Sequence[Scope | str] | None = None,
        display_name: str | None = None,
        description: str | None = None,
    ) -> Connection:
        """A ``pending`` connection tagged ``cloud_tag(name)``; for aws its ``setup`` holds the
        external id and trust policy. ``provider`` is the id of one of the server's cloud types
        (``[t["id"] for t in client.types.list() if t["kind"] == "cloud"]``)."""
        return self._c.create(
            cloud_tag(name),
            provider,
            display_name=display_name if display_name is not None else name,
            description=description,
            scopes=scopes,
        )

    def complete(self, cloud_tag: str, input: Mapping[str, Any]) -> Connection:
        """Sets the credentials (``{"role_arn": …}``, ``{"project_id": …, "service_account_json": …}`` …)."""
        return self._c.complete(cloud_tag, input)

    def validate(self, cloud_tag: str) -> Validation:
        return self._c.validate(cloud_tag)

    def fetch(self, cloud_tag: str) -> Connection:
        return self._c.get(cloud_tag)

    def list_pages(
        self, *, provider: str | None = None, status: str | None = None, limit: int | None = None
    ) -> Iterator[Page[Connection]]:
        return self._c.list_pages(kind="cloud", type=provider, status=status, limit=limit)

    def list(
        self, *, provider: str | None = None, status: str | None = None, limit: int | None = None
    ) -> Iterator[Connection]:
        """Every cloud connection (of ``provider`` if given), page by page."""
        return self._c.list(kind="cloud", type=provider, status=status, limit=limit)

    def update(
        self,
        cloud_tag: str,
        *,
        display_name: str | None = None,
        description: str | None = None,
        scopes: Sequence[Scope | str] | None = None,
    ) -> Connection:
        """Display name, description, scopes; the status is kept."""
        return self._c.update(cloud_tag, display_name=display_name, description=description, scopes=scopes)

    def delete(self, cloud_tag: str, *, force: bool = False) -> None:
        """Deletes; ``ConnectionInUseError`` while components are linked, unless ``force``."""
        self._c.delete(cloud_tag, force=force)


class Cloud:
    """``client.cloud``: the cloud side of the API."""

    def __init__(self, connections: Connections) -> None:
        self.connections = CloudConnections(connections)
