"""The API's shapes (``components.schemas`` of ``openapi.json``) as typed dictionaries: what the
client returns is the server's JSON, with wire (snake_case) names, checked by type checkers.

``tests/test_coverage.py`` fails when ``openapi.json`` has a schema or a field that is not here.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, NotRequired, TypedDict, TypeVar

Kind = Literal["task", "cloud"]
Status = Literal["pending", "unverified", "active", "error", "revoked"]
Scope = Literal["storage", "broker", "database", "graph", "vector"]
Role = Literal["viewer", "runner", "editor", "admin"]

T = TypeVar("T")


class ErrorDetail(TypedDict):
    code: str
    message: str
    details: NotRequired[dict[str, Any]]


class Error(TypedDict):
    """The body of every failed request (SPEC 2.1)."""

    error: ErrorDetail
    request_id: str


class VaultAttachment(TypedDict):
    path: str
    version: NotRequired[int]


class Check(TypedDict):
    """One check of a validation."""

    name: str
    ok: bool
    detail: str
    duration_ms: float


class Connection(TypedDict):
    """A named connection (SPEC 1); secret inputs are never in it, ``secret_fields`` names the set ones."""

    tag: str
    type: str
    kind: Kind
    display_name: str
    description: str
    scopes: list[Scope]
    value: dict[str, Any]
    secret_fields: list[str]
    vault: VaultAttachment | None
    status: Status
    status_message: str | None
    version: int
    account_identifier: str | None
    setup: dict[str, Any] | None
    created_at: str
    updated_at: str
    last_validated_at: str | None
    last_checks: list[Check] | None


class Validation(TypedDict):
    """The answer of ``validate``."""

    valid: bool
    status: str
    message: str | None
    account_identifier: str | None
    checks: list[Check]


class Resolution(TypedDict):
    """Merged inputs and where each came from (SPEC 6)."""

    tag: str
    type: str
    inputs: dict[str, Any]
    sources: dict[str, str]


class ExecutionError(TypedDict):
    code: str
    message: str


class Execution(TypedDict):
    """The record of one ``connect`` call; ``status`` is ``failed`` when the task failed."""

    id: str
    tag: str
    type: str
    status: Literal["succeeded", "failed"]
    inputs: dict[str, Any]
    output_value: Any
    error: ExecutionError | None
    started_at: str
    ended_at: str
    duration_ms: int
    connection_version: int | None
    """the connection's ``version`` the call ran with; ``None`` on records made before the server kept it"""


class ConnectionType(TypedDict):
    """A connection type with the JSON Schema of its inputs (SPEC 3)."""

    id: str
    kind: Kind
    display_name: str
    short_name: str
    description: str
    input_schema: dict[str, Any]
    default_scopes: list[str]
    commands: list[str]
    setup_steps: list[str]
    """cloud types: what to do on the provider's side, one text a step, in a limited markup
    (``**bold**``, ```code```, ``_emphasis_``; nothing else); empty for task types"""


class Component(TypedDict):
    """A consumer linked to a cloud connection."""

    name: str
    kind: str
    cloud: str
    resource: str
    config: dict[str, Any]
    created_at: str


class Token(TypedDict):
    """An API token's metadata; ``token`` (the secret) only in the answer of ``tokens.create``."""

    id: str
    name: str
    role: Role
    reveal: bool
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    token: NotRequired[str]


class Workspace(TypedDict):
    name: str
    created_at: str


class CreatedWorkspace(TypedDict):
    """The answer of ``workspaces.create``: the workspace and its first admin token (with secret)."""

    workspace: Workspace
    token: Token


class AuditEvent(TypedDict):
    """One append-only, hash-chained audit event."""

    id: str
    seq: int
    at: str
    actor: str
    action: str
    tag: str | None
    outcome: str
    request_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


class AuditVerification(TypedDict):
    """``ok`` with the event ``count``, or the first broken ``seq`` and the ``reason``."""

    ok: bool
    count: NotRequired[int]
    seq: NotRequired[int]
    reason: NotRequired[str]


class VaultConfig(TypedDict):
    """The workspace's Vault configuration; secrets appear only as ``token_set`` / ``secret_id_set``."""

    address: str
    namespace: str | None
    mount: str
    kv_version: int
    ca_cert: str | None
    cache_ttl_seconds: int
    timeout_ms: int
    auth: dict[str, Any]
    version: int
    updated_at: str


class VaultCheck(TypedDict):
    reachable: bool
    initialized: bool
    sealed: bool
    authenticated: bool
    version: NotRequired[str]
    message: str
    reason: NotRequired[str]


class Session(TypedDict):
    """Who is calling."""

    workspace: str
    token_id: str
    token_name: str
    role: Role
    reveal: bool


class Page(TypedDict, Generic[T]):
    """One page of a list; ``next_cursor`` is ``None`` on the last page."""

    items: list[T]
    next_cursor: str | None
