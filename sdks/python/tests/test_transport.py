"""Retries (idempotent calls only, on 429/502, honouring Retry-After), timeouts, paging, secrecy of the token."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

import patchbay
from patchbay._transport import RetryPolicy, parse_retry_after

TOKEN = "pb_canary-token-7f3e2d1c0b9a8877665544332211"


class Recorder:
    """A scripted server: answers in order, records every request and every sleep."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answers.pop(0)

    def client(self, max_retries: int = 2) -> patchbay.Client:
        retry = RetryPolicy(max_retries=max_retries, backoff=0.5, sleep=self.sleeps.append)
        return patchbay.Client("http://patchbay.test", TOKEN, transport=httpx.MockTransport(self), retry=retry)


def error(status: int, code: str, retry_after: str | None = None) -> httpx.Response:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return httpx.Response(status, headers=headers, json={"error": {"code": code, "message": code}, "request_id": "r"})


CONNECTION = {"tag": "library", "version": 1}
ok = lambda body=CONNECTION: httpx.Response(200, json=body)  # noqa: E731


def test_get_retries_429_after_the_seconds_retry_after_names() -> None:
    server = Recorder(error(429, "rate_limited", "3"), ok())
    assert server.client().connections.get("library") == CONNECTION
    assert len(server.requests) == 2 and server.sleeps == [3.0]


def test_put_and_delete_retry_502_with_growing_backoff() -> None:
    server = Recorder(error(502, "vault_error"), error(502, "vault_error"), ok(), error(502, "vault_error"), httpx.Response(204))
    client = server.client()
    client.connections.complete("library", {"password": "x"})
    client.connections.delete("library")
    assert [r.method for r in server.requests] == ["PUT", "PUT", "PUT", "DELETE", "DELETE"]
    first, second, third = server.sleeps
    assert 0.25 <= first <= 0.5 and 0.5 <= second <= 1.0 and 0.25 <= third <= 0.5


def test_retries_stop_after_max_retries_and_raise_the_last_answer() -> None:
    server = Recorder(*[error(429, "rate_limited", "0")] * 3)
    with pytest.raises(patchbay.RateLimitedError):
        server.client(max_retries=2).executions.get("e1")
    assert len(server.requests) == 3


@pytest.mark.parametrize("call", ["connect", "validate", "update", "create"])
def test_post_and_patch_never_retry(call: str) -> None:
    server = Recorder(error(429, "rate_limited", "0"), ok())
    client = server.client()
    calls = {
        "connect": lambda: client.connect("library"),
        "validate": lambda: client.connections.validate("library"),
        "update": lambda: client.connections.update("library", description="x"),
        "create": lambda: client.connections.create("library", "git"),
    }
    with pytest.raises(patchbay.RateLimitedError):
        calls[call]()
    assert len(server.requests) == 1 and server.sleeps == []


@pytest.mark.parametrize(("status", "code"), [(500, "internal_error"), (503, "http_503"), (409, "connection_in_use")])
def test_other_statuses_never_retry(status: int, code: str) -> None:
    server = Recorder(error(status, code), ok())
    with pytest.raises(patchbay.PatchbayError):
        server.client().connections.get("library")
    assert len(server.requests) == 1


def test_retry_after_as_http_date_and_its_cap() -> None:
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    assert 15 <= (parse_retry_after(soon) or 0) <= 20
    assert parse_retry_after("not a date") is None
    assert RetryPolicy(max_retry_after=60).delay(0, "3600") == 60


def test_paging_is_lazy_and_follows_next_cursor() -> None:
    pages = [
        {"items": [{"tag": "a"}, {"tag": "b"}], "next_cursor": "c1"},
        {"items": [{"tag": "c"}], "next_cursor": "c2"},
        {"items": [], "next_cursor": None},
    ]
    server = Recorder(*[ok(page) for page in pages])
    found: Iterator[dict[str, object]] = server.client().connections.list(kind="task", limit=2)
    assert server.requests == []  # nothing is fetched before the generator is consumed
    assert next(found)["tag"] == "a" and len(server.requests) == 1
    assert [c["tag"] for c in found] == ["b", "c"]
    queries = [dict(r.url.params) for r in server.requests]
    assert queries == [{"kind": "task", "limit": "2"}, {"kind": "task", "limit": "2", "cursor": "c1"},
                       {"kind": "task", "limit": "2", "cursor": "c2"}]


def test_wire_details_if_match_force_and_path_segments() -> None:
    server = Recorder(ok(), httpx.Response(204), ok())
    client = server.client()
    client.connections.update("library", value={"ref": None}, if_match=7)
    client.connections.delete("a/b", force=True)
    client.connections.get("../tokens")
    assert server.requests[0].headers["if-match"] == '"7"'
    assert server.requests[0].content == b'{"value": {"ref": null}}'
    assert server.requests[1].url.raw_path == b"/v1/connections/a%2Fb?force=true"
    assert server.requests[2].url.raw_path == b"/v1/connections/..%2Ftokens"
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in server.requests)


def test_attach_vault_sends_version_only_when_pinned() -> None:
    pinned = {"tag": "library", "version": 2, "vault": {"path": "secret/data/oracle", "version": 3}}
    server = Recorder(ok(pinned), ok())
    client = server.client()
    attached = client.connections.attach_vault("library", "secret/data/oracle", version=3)
    client.connections.attach_vault("library", "secret/data/oracle")
    assert attached["vault"] == {"path": "secret/data/oracle", "version": 3}
    assert [(r.method, r.url.raw_path) for r in server.requests] == [("PUT", b"/v1/connections/library/vault")] * 2
    assert json.loads(server.requests[0].content) == {"path": "secret/data/oracle", "version": 3}
    assert json.loads(server.requests[1].content) == {"path": "secret/data/oracle"}


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A TCP server that accepts and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_silent_server_is_a_timeout_error_without_the_token(silent_port: int) -> None:
    client = patchbay.Client(f"http://127.0.0.1:{silent_port}", TOKEN, timeout=0.3, max_retries=0)
    with pytest.raises(patchbay.RequestTimeoutError) as caught:
        client.types.list()
    assert isinstance(caught.value, patchbay.NetworkError) and caught.value.status == 0
    assert TOKEN not in str(caught.value) + repr(caught.value)


def test_an_unreachable_server_is_a_network_error_that_says_what_to_check() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = patchbay.Client(f"http://127.0.0.1:{port}", TOKEN, max_retries=0)
    with pytest.raises(patchbay.NetworkError) as caught:
        client.connections.get("library")
    assert caught.value.code == "network_error" and "PATCHBAY_URL" in str(caught.value)
    assert caught.value.__cause__ is None and TOKEN not in str(caught.value)


def test_the_token_is_in_no_repr_error_or_log_line(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server = Recorder(error(429, "rate_limited", "0"), error(401, "unauthenticated"))
    client = server.client()
    with pytest.raises(patchbay.UnauthenticatedError) as caught:
        client.connections.get("library")
    seen = [repr(client), str(client), repr(client._transport), str(caught.value), repr(caught.value)]  # noqa: SLF001
    seen += [record.getMessage() for record in caplog.records]
    assert any("retrying" in line for line in seen), "the retry should have been logged"
    assert all(TOKEN not in line for line in seen)
    assert TOKEN not in repr(patchbay.Client("http://x", TOKEN))
