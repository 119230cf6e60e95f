"""Turns an API error answer into the exception of its code (or of its status family)."""

from __future__ import annotations

from typing import Any

from .errors import (
    ERRORS_BY_CODE,
    BadRequestError,
    ConflictError,
    MethodNotAllowedError,
    NotFoundError,
    PatchbayError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitedError,
    ServerError,
    UnauthenticatedError,
    UnprocessableError,
    UpstreamError,
)

_BY_STATUS: dict[int, type[PatchbayError]] = {
    400: BadRequestError,
    401: UnauthenticatedError,
    403: PermissionDeniedError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: UnprocessableError,
    429: RateLimitedError,
    502: UpstreamError,
}


def error_from_response(status: int, body: Any) -> PatchbayError:
    """The error for an API answer: the class of its code when that code belongs to the status, else
    the status family; a body of another shape still gives a useful error."""
    envelope = body.get("error") if isinstance(body, dict) else None
    envelope = envelope if isinstance(envelope, dict) else {}
    raw_code = envelope.get("code")
    code: str = raw_code if isinstance(raw_code, str) else f"http_{status}"
    message = envelope.get("message")
    if not isinstance(message, str):
        text = body[:200] if isinstance(body, str) else ""
        message = f"the server answered HTTP {status}" + (f": {text}" if text else "")
    details = envelope.get("details") if isinstance(envelope.get("details"), dict) else None
    request_id = body.get("request_id") if isinstance(body, dict) else None
    cls = ERRORS_BY_CODE.get(code)
    if cls is None or cls.default_status != status:
        cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else PatchbayError)
    return cls(
        message,
        status=status,
        code=code,
        request_id=request_id if isinstance(request_id, str) else None,
        details=details,
    )
