"""Cursor paging as generators: ``pages`` yields each page, ``items`` each element of every page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from ._transport import Transport
from .models import Page


def pages(transport: Transport, path: str, query: Mapping[str, Any]) -> Iterator[Page[Any]]:
    """Requests page after page, following ``next_cursor`` until it is ``None``."""
    cursor: str | None = None
    while True:
        page = cast(Page[Any], transport.request("GET", path, query={**query, "cursor": cursor}))
        yield page
        cursor = page.get("next_cursor")
        if not cursor:
            return


def items(transport: Transport, path: str, query: Mapping[str, Any]) -> Iterator[Any]:
    for page in pages(transport, path, query):
        yield from page["items"]
