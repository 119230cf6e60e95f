"""Errors of the Patchbay API (SPEC 2.1): one class per error code, grouped under one class per HTTP status.

Catch a status family (``NotFoundError``) or one code (``ConnectionNotFoundError``); every error carries
``status``, ``code``, ``message``, ``request_id`` and ``details``::

    try:
        client.connections.get("library")
    except patchbay.NotFoundError as error:
        print(error.code, error.request_id)
"""

from __future__ import annotations

from typing import Any


class PatchbayError(Exception):
    """Any failure of a Patchbay call: an API error (``status`` >= 400), or with ``status`` 0 a server
    that could not be reached (``NetworkError``)."""

    #: the status and code this class stands for (subclasses set them)
    default_status: int = 0
    default_code: str = "error"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = self.default_status if status is None else status
        self.code = code or self.default_code
        self.request_id = request_id
        self.details = details

    def __str__(self) -> str:
        suffix = f" (request {self.request_id})" if self.request_id else ""
        return f"{self.status} {self.code}: {self.message}{suffix}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )


class NetworkError(PatchbayError):
    """No answer arrived: the server is down, the URL is wrong, or the connection broke."""

    default_code = "network_error"


class RequestTimeoutError(NetworkError):
    """No answer within the client's timeout (``Client(timeout=…)``)."""

    default_code = "timeout"


class InvalidResponseError(PatchbayError):
    """The server answered something that is not the API's JSON."""

    default_code = "invalid_response"


# --- status families -------------------------------------------------------------------------


class BadRequestError(PatchbayError):
    """400: malformed JSON, schema violation or unknown property (``details["issues"]``)."""

    default_status = 400
    default_code = "invalid_request"


class UnauthenticatedError(PatchbayError):
    """401 ``unauthenticated``: no token, or an unknown, revoked or expired one."""

    default_status = 401
    default_code = "unauthenticated"


class PermissionDeniedError(PatchbayError):
    """403: the token's role does not allow the call."""

    default_status = 403
    default_code = "forbidden"


class NotFoundError(PatchbayError):
    """404: the connection, type, component, execution or Vault secret does not exist."""

    default_status = 404
    default_code = "not_found"


class MethodNotAllowedError(PatchbayError):
    """405 ``method_not_allowed``: the path exists but not with this method (the ``Allow`` header
    lists the methods it has)."""

    default_status = 405
    default_code = "method_not_allowed"


class ConflictError(PatchbayError):
    """409: the call conflicts with the connection's state."""

    default_status = 409
    default_code = "conflict"


class PreconditionFailedError(PatchbayError):
    """412: the connection changed since the version given in ``if_match``."""

    default_status = 412
    default_code = "version_mismatch"


class UnprocessableError(PatchbayError):
    """422: the inputs are incomplete or invalid for the connection's type."""

    default_status = 422
    default_code = "invalid_input"


class RateLimitedError(PatchbayError):
    """429 ``rate_limited``: too many requests or concurrent connects for this token."""

    default_status = 429
    default_code = "rate_limited"


class UpstreamError(PatchbayError):
    """502: a system Patchbay depends on (Vault) failed (``details["reason"]``)."""

    default_status = 502
    default_code = "vault_error"


class ServerError(PatchbayError):
    """5xx: the server failed; its log has the cause under ``request_id``."""

    default_status = 500
    default_code = "internal_error"


# --- one class per SPEC 2.1 code ---------------------------------------------------------------


class InvalidRequestError(BadRequestError):
    """400: the request body or query is malformed."""

    default_code = "invalid_request"


class ForbiddenError(PermissionDeniedError):
    """403: the role (or reveal) does not allow the call."""

    default_code = "forbidden"


class OverrideForbiddenError(PermissionDeniedError):
    """403: an override would move the connection's secrets."""

    default_code = "override_forbidden"


class ConnectionNotFoundError(NotFoundError):
    """404: no connection with that tag."""

    default_code = "connection_not_found"


class TypeNotFoundError(NotFoundError):
    """404: no connection type with that id."""

    default_code = "type_not_found"


class ComponentNotFoundError(NotFoundError):
    """404: no component with that name."""

    default_code = "component_not_found"


class ExecutionNotFoundError(NotFoundError):
    """404: no execution with that id."""

    default_code = "execution_not_found"


class VaultSecretNotFoundError(NotFoundError):
    """404: the Vault secret is absent."""

    default_code = "vault_secret_not_found"


class ResourceNotFoundError(NotFoundError):
    """404: no such route or resource."""

    default_code = "not_found"


class ConnectionExistsError(ConflictError):
    """409: the tag is taken."""

    default_code = "connection_exists"


class ConnectionInUseError(ConflictError):
    """409: components are linked; use force."""

    default_code = "connection_in_use"


class ConnectionRevokedError(ConflictError):
    """409: the connection is revoked."""

    default_code = "connection_revoked"


class ConnectionNotActiveError(ConflictError):
    """409: validate the connection first."""

    default_code = "connection_not_active"


class VaultNotConfiguredError(ConflictError):
    """409: configure Vault first."""

    default_code = "vault_not_configured"


class VersionMismatchError(PreconditionFailedError):
    """412: fetch and retry."""

    default_code = "version_mismatch"


class InvalidInputError(UnprocessableError):
    """422: an input is invalid (details.issues)."""

    default_code = "invalid_input"


class MissingInputError(UnprocessableError):
    """422: required inputs are missing (details.fields)."""

    default_code = "missing_input"


class ImmutableFieldError(UnprocessableError):
    """422: the field cannot change."""

    default_code = "immutable_field"


class InvalidScopeError(UnprocessableError):
    """422: scopes not allowed for this type."""

    default_code = "invalid_scope"


class ScopeNotGrantedError(UnprocessableError):
    """422: the connection lacks that scope."""

    default_code = "scope_not_granted"


class VaultKeyMissingError(UnprocessableError):
    """422: a placeholder's key is absent."""

    default_code = "vault_key_missing"


class VaultError(UpstreamError):
    """502: Vault failed (details.reason)."""

    default_code = "vault_error"


class InternalError(ServerError):
    """500: see the server log under request_id."""

    default_code = "internal_error"


#: every SPEC 2.1 code and its class
ERRORS_BY_CODE: dict[str, type[PatchbayError]] = {
    cls.default_code: cls
    for cls in (
        InvalidRequestError,
        UnauthenticatedError,
        ForbiddenError,
        OverrideForbiddenError,
        ConnectionNotFoundError,
        TypeNotFoundError,
        ComponentNotFoundError,
        ExecutionNotFoundError,
        VaultSecretNotFoundError,
        ResourceNotFoundError,
        MethodNotAllowedError,
        ConnectionExistsError,
        ConnectionInUseError,
        ConnectionRevokedError,
        ConnectionNotActiveError,
        VaultNotConfiguredError,
        VersionMismatchError,
        InvalidInputError,
        MissingInputError,
        ImmutableFieldError,
        InvalidScopeError,
        ScopeNotGrantedError,
        VaultKeyMissingError,
        RateLimitedError,
        VaultError,
        InternalError,
    )
}
