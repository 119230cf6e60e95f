"""The one transport of the client: JSON over httpx, the bearer token, timeouts, and retries of
idempotent calls (GET, PUT, DELETE) on 429 and 502 with backoff that honours ``Retry-After``."""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ._responses import error_from_response
from .errors import InvalidResponseError, NetworkError, PatchbayError, RequestTimeoutError

log = logging.getLogger("patchbay")

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502})


def segment(value: str) -> str:
    """Quotes one path segment, so a tag or id can never add a segment."""
    return quote(value, safe="")


class RetryPolicy:
    """How often and how long to wait: ``max_retries`` further attempts, exponential backoff from
    ``backoff`` seconds (with jitter) up to ``max_backoff``; a ``Retry-After`` header wins, up to
    ``max_retry_after`` seconds. ``sleep`` waits (tests pass a recorder)."""

    def __init__(
        self,
        max_retries: int = 2,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_retry_after: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_retries = max_retries
        self.sleep = sleep
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after

    def delay(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        hinted = parse_retry_after(retry_after)
        if hinted is not None:
            return min(hinted, self.max_retry_after)
        exponential = min(self.backoff * 2.0**attempt, self.max_backoff)
        return exponential * (0.5 + random.random() / 2)


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Transport:
    """Sends requests to ``base_url``; raises a :class:`PatchbayError` subclass for every failure.
    The token is kept out of every string this object or its errors produce."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        timeout: float,
        retry: RetryPolicy,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self._headers = {"accept": "application/json", "user-agent": "patchbay-python/0.1.0", **(headers or {})}
        if token:
            self._headers["authorization"] = f"Bearer {token}"
        self._http = http_client or httpx.Client(transport=transport, timeout=timeout)

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Any:
        """One API call; returns the parsed JSON (``None`` for 204)."""
        url = self.base_url + path
        params = {k: _query_value(v) for k, v in (query or {}).items() if v is not None}
        sent = {**self._headers, **(headers or {})}
        content = None
        if body is not None:
            sent["content-type"] = "application/json"
            content = json.dumps(body).encode()
        retries = self.retry.max_retries if method in IDEMPOTENT else 0
        for attempt in range(retries + 1):
            response = self._send(method, url, params, sent, content, timeout)
            log.debug(
                "patchbay %s %s -> %s (request %s)",
                method,
                path,
                response.status_code,
                response.headers.get("x-request-id"),
            )
            if response.status_code in RETRY_STATUSES and attempt < retries:
                wait = self.retry.delay(attempt, response.headers.get("retry-after"))
                log.info("patchbay %s %s answered %s; retrying in %.2f s", method, path, response.status_code, wait)
                self.retry.sleep(wait)
                continue
            return _parse(response)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(
        self,
        method: str,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        content: bytes | None,
        timeout: float | None,
    ) -> httpx.Response:
        try:
            return self._http.request(
                method,
                url,
                params=params,
                headers=headers,
                content=content,
                timeout=self.timeout if timeout is None else timeout,
            )
        except httpx.TimeoutException as error:
            raise RequestTimeoutError(
                f"no answer from Patchbay at {url} within the timeout ({type(error).__name__}); "
                "raise Client(timeout=…) or check the server"
            ) from None
        except httpx.HTTPError as error:
            raise NetworkError(
                f"could not reach Patchbay at {url} ({type(error).__name__}: {error}); check that the server "
                "is running and that base_url (PATCHBAY_URL) points at it"
            ) from None


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parse(response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        if response.is_success:
            return None
        raise error_from_response(response.status_code, None)
    try:
        body = response.json()
    except ValueError:
        if response.is_success:
            raise InvalidResponseError(
                f"the server answered something other than JSON: {response.text[:120]}",
                status=response.status_code,
            ) from None
        body = response.text
    if not response.is_success:
        raise error_from_response(response.status_code, body)
    return body


__all__ = ["PatchbayError", "RetryPolicy", "Transport", "segment"]
