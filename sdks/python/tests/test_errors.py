"""Every SPEC 2.1 code becomes its exception class, carrying status, code, message, request_id, details."""

from __future__ import annotations

import httpx
import pytest

import patchbay

# SPEC 2.1, copied here on purpose: the test must fail if the SDK's table drifts from the contract.
SPEC_CODES = {
    400: ["invalid_request"],
    401: ["unauthenticated"],
    403: ["forbidden", "override_forbidden"],
    404: [
        "connection_not_found",
        "type_not_found",
        "component_not_found",
        "execution_not_found",
        "vault_secret_not_found",
        "not_found",
    ],
    405: ["method_not_allowed"],
    409: ["connection_exists", "connection_in_use", "connection_revoked", "connection_not_active", "vault_not_configured"],
    412: ["version_mismatch"],
    422: ["invalid_input", "missing_input", "immutable_field", "invalid_scope", "scope_not_granted", "vault_key_missing"],
    429: ["rate_limited"],
    502: ["vault_error"],
    500: ["internal_error"],
}
FAMILY = {
    400: patchbay.BadRequestError,
    401: patchbay.UnauthenticatedError,
    403: patchbay.PermissionDeniedError,
    404: patchbay.NotFoundError,
    405: patchbay.MethodNotAllowedError,
    409: patchbay.ConflictError,
    412: patchbay.PreconditionFailedError,
    422: patchbay.UnprocessableError,
    429: patchbay.RateLimitedError,
    502: patchbay.UpstreamError,
    500: patchbay.ServerError,
}
CASES = [(status, code) for status, codes in SPEC_CODES.items() for code in codes]


def answering(status: int, body: object) -> patchbay.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return patchbay.Client("http://patchbay.test", "pb_test", transport=httpx.MockTransport(handler), max_retries=0)


@pytest.mark.parametrize(("status", "code"), CASES, ids=[c for _, c in CASES])
def test_each_code_has_its_class(status: int, code: str) -> None:
    body = {"error": {"code": code, "message": f"about {code}", "details": {"fields": ["x"]}}, "request_id": "req_1"}
    with pytest.raises(patchbay.PatchbayError) as caught:
        answering(status, body).connections.get("library")
    error = caught.value
    assert type(error) is patchbay.ERRORS_BY_CODE[code]
    assert isinstance(error, FAMILY[status])
    assert (error.status, error.code, error.message, error.request_id) == (status, code, f"about {code}", "req_1")
    assert error.details == {"fields": ["x"]}
    assert type(error).__name__.endswith("Error") and type(error).__module__ == "patchbay.errors"


def test_the_table_has_no_code_the_spec_lacks() -> None:
    assert sorted(patchbay.ERRORS_BY_CODE) == sorted(code for _, code in CASES)


def test_an_unknown_code_falls_back_to_its_status_family() -> None:
    body = {"error": {"code": "brand_new_conflict", "message": "new"}, "request_id": "req_2"}
    with pytest.raises(patchbay.ConflictError) as caught:
        answering(409, body).connections.get("x")
    assert type(caught.value) is patchbay.ConflictError and caught.value.code == "brand_new_conflict"


def test_a_code_under_the_wrong_status_is_not_trusted() -> None:
    body = {"error": {"code": "connection_not_found", "message": "odd"}, "request_id": "r"}
    with pytest.raises(patchbay.ConflictError) as caught:
        answering(409, body).connections.get("x")
    assert not isinstance(caught.value, patchbay.NotFoundError)


def test_a_body_of_another_shape_still_gives_a_useful_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="upstream connect error")

    client = patchbay.Client("http://patchbay.test", "pb_x", transport=httpx.MockTransport(handler))
    with pytest.raises(patchbay.ServerError) as caught:
        client.types.list()
    assert caught.value.status == 503 and caught.value.code == "http_503"
    assert "upstream connect error" in caught.value.message


def test_str_names_status_code_and_request_id() -> None:
    body = {"error": {"code": "missing_input", "message": "set repository_url"}, "request_id": "req_9"}
    with pytest.raises(patchbay.MissingInputError) as caught:
        answering(422, body).connect("library")
    assert str(caught.value) == "422 missing_input: set repository_url (request req_9)"
