"""Patchbay's Python client.

Example::

    import patchbay

    with patchbay.Client("http://127.0.0.1:7300", token="pb_…") as client:
        client.connections.create("library", "git", value={"repository_url": "https://git.example.com/lib.git"})
        print(client.connect("library", {"ref": "v2"})["output_value"]["commit_sha"])
"""

from ._transport import RetryPolicy
from .client import DEFAULT_BASE_URL, Client
from .errors import (
    PatchbayError,
    NetworkError,
    RequestTimeoutError,
    InvalidResponseError,
    BadRequestError,
    UnauthenticatedError,
    PermissionDeniedError,
    NotFoundError,
    MethodNotAllowedError,
    ConflictError,
    PreconditionFailedError,
    UnprocessableError,
    RateLimitedError,
    UpstreamError,
    ServerError,
    InvalidRequestError,
    ForbiddenError,
    OverrideForbiddenError,
    ConnectionNotFoundError,
    TypeNotFoundError,
    ComponentNotFoundError,
    ExecutionNotFoundError,
    VaultSecretNotFoundError,
    ResourceNotFoundError,
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
    VaultError,
    InternalError,
    ERRORS_BY_CODE,
)
from .resources.cloud import cloud_tag

__version__ = "0.1.0"

__all__ = [
    "Client",
    "DEFAULT_BASE_URL",
    "RetryPolicy",
    "cloud_tag",
    "PatchbayError",
    "NetworkError",
    "RequestTimeoutError",
    "InvalidResponseError",
    "BadRequestError",
    "UnauthenticatedError",
    "PermissionDeniedError",
    "NotFoundError",
    "MethodNotAllowedError",
    "ConflictError",
    "PreconditionFailedError",
    "UnprocessableError",
    "RateLimitedError",
    "UpstreamError",
    "ServerError",
    "InvalidRequestError",
    "ForbiddenError",
    "OverrideForbiddenError",
    "ConnectionNotFoundError",
    "TypeNotFoundError",
    "ComponentNotFoundError",
    "ExecutionNotFoundError",
    "VaultSecretNotFoundError",
    "ResourceNotFoundError",
    "ConnectionExistsError",
    "ConnectionInUseError",
    "ConnectionRevokedError",
    "ConnectionNotActiveError",
    "VaultNotConfiguredError",
    "VersionMismatchError",
    "InvalidInputError",
    "MissingInputError",
    "ImmutableFieldError",
    "InvalidScopeError",
    "ScopeNotGrantedError",
    "VaultKeyMissingError",
    "VaultError",
    "InternalError",
    "ERRORS_BY_CODE",
]
