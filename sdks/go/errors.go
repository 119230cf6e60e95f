package patchbay

import (
	"encoding/json"
	"fmt"
	"strings"
)

// ErrorCode is a SPEC 2.1 error code. Each code is also a sentinel error, so a caller can write
// errors.Is(err, patchbay.ErrConnectionNotFound); the constants cannot be reassigned.
type ErrorCode string

// Error makes every code usable as a sentinel with errors.Is.
func (c ErrorCode) Error() string { return "patchbay: " + string(c) }

// The SPEC 2.1 error codes, with the HTTP status the server answers them with.
const (
	ErrInvalidRequest      ErrorCode = "invalid_request"        // 400, details.issues
	ErrUnauthenticated     ErrorCode = "unauthenticated"        // 401
	ErrForbidden           ErrorCode = "forbidden"              // 403
	ErrOverrideForbidden   ErrorCode = "override_forbidden"     // 403
	ErrConnectionNotFound  ErrorCode = "connection_not_found"   // 404
	ErrTypeNotFound        ErrorCode = "type_not_found"         // 404
	ErrComponentNotFound   ErrorCode = "component_not_found"    // 404
	ErrExecutionNotFound   ErrorCode = "execution_not_found"    // 404
	ErrVaultSecretNotFound ErrorCode = "vault_secret_not_found" // 404
	ErrNotFound            ErrorCode = "not_found"              // 404
	ErrMethodNotAllowed    ErrorCode = "method_not_allowed"     // 405, Allow header
	ErrConnectionExists    ErrorCode = "connection_exists"      // 409
	ErrConnectionInUse     ErrorCode = "connection_in_use"      // 409
	ErrConnectionRevoked   ErrorCode = "connection_revoked"     // 409
	ErrConnectionNotActive ErrorCode = "connection_not_active"  // 409
	ErrVaultNotConfigured  ErrorCode = "vault_not_configured"   // 409
	ErrVersionMismatch     ErrorCode = "version_mismatch"       // 412
	ErrInvalidInput        ErrorCode = "invalid_input"          // 422, details.issues
	ErrMissingInput        ErrorCode = "missing_input"          // 422, details.fields
	ErrImmutableField      ErrorCode = "immutable_field"        // 422
	ErrInvalidScope        ErrorCode = "invalid_scope"          // 422
	ErrScopeNotGranted     ErrorCode = "scope_not_granted"      // 422
	ErrVaultKeyMissing     ErrorCode = "vault_key_missing"      // 422
	ErrRateLimited         ErrorCode = "rate_limited"           // 429
	ErrVaultError          ErrorCode = "vault_error"            // 502, details.reason
	ErrInternal            ErrorCode = "internal_error"         // 500
	ErrNetwork             ErrorCode = "network_error"          // no answer (Status 0); unwraps to the cause
	ErrInvalidResponse     ErrorCode = "invalid_response"       // an answer that is not the API's JSON
)

// Status is the HTTP status the server answers the code with (0 for the SDK's own codes).
func (c ErrorCode) Status() int { return errorStatus[c] }

// errorStatus is the HTTP status of every SPEC 2.1 code, the table the server uses too.
var errorStatus = map[ErrorCode]int{
	ErrInvalidRequest: 400, ErrUnauthenticated: 401, ErrForbidden: 403, ErrOverrideForbidden: 403,
	ErrConnectionNotFound: 404, ErrTypeNotFound: 404, ErrComponentNotFound: 404,
	ErrExecutionNotFound: 404, ErrVaultSecretNotFound: 404, ErrNotFound: 404, ErrMethodNotAllowed: 405,
	ErrConnectionExists: 409, ErrConnectionInUse: 409, ErrConnectionRevoked: 409,
	ErrConnectionNotActive: 409, ErrVaultNotConfigured: 409, ErrVersionMismatch: 412,
	ErrInvalidInput: 422, ErrMissingInput: 422, ErrImmutableField: 422, ErrInvalidScope: 422,
	ErrScopeNotGranted: 422, ErrVaultKeyMissing: 422, ErrRateLimited: 429, ErrVaultError: 502,
	ErrInternal: 500,
}

// Error is every failure of a Patchbay call: an API answer with Status >= 400, or (Status 0,
// Code ErrNetwork) a request that got no answer. Match it with errors.Is(err, patchbay.ErrMissingInput)
// or take it apart with errors.As(err, &perr).
type Error struct {
	// Status is the HTTP status; 0 when no answer arrived.
	Status int
	// Code is the SPEC 2.1 code, e.g. ErrConnectionNotFound.
	Code ErrorCode
	// Message says what went wrong and what to do next.
	Message string
	// RequestID finds the cause in the server's log.
	RequestID string
	// Details holds e.g. "fields" for missing_input, "issues" for invalid_request.
	Details map[string]any
	// Method and Path name the call (never its query string, headers or body).
	Method, Path string
	cause        error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "patchbay: %s %s: ", e.Method, e.Path)
	if e.Status > 0 {
		fmt.Fprintf(&b, "%d ", e.Status)
	}
	fmt.Fprintf(&b, "%s: %s", string(e.Code), e.Message)
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request_id %s)", e.RequestID)
	}
	return b.String()
}

// Is reports whether target is this error's code, so errors.Is works with the ErrorCode sentinels.
func (e *Error) Is(target error) bool {
	code, ok := target.(ErrorCode)
	return ok && code == e.Code
}

// Unwrap gives the network or context error behind an ErrNetwork error, so
// errors.Is(err, context.DeadlineExceeded) works.
func (e *Error) Unwrap() error { return e.cause }

// Temporary reports whether retrying the same call later may succeed (429, 502, no answer).
func (e *Error) Temporary() bool {
	return e.Status == 429 || e.Status == 502 || e.Code == ErrNetwork
}

// errorBody is the SPEC 2.1 envelope {"error": {code, message, details}, "request_id"}.
type errorBody struct {
	Error *struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details"`
	} `json:"error"`
	RequestID string `json:"request_id"`
}

// apiError reads a failed answer; a body of another shape still gives a useful error.
func apiError(method, path string, status int, requestID string, body []byte) *Error {
	e := &Error{Status: status, Method: method, Path: path, RequestID: requestID}
	var env errorBody
	if json.Unmarshal(body, &env) == nil && env.Error != nil && env.Error.Code != "" {
		e.Code = ErrorCode(env.Error.Code)
		e.Message = env.Error.Message
		e.Details = env.Error.Details
		if env.RequestID != "" {
			e.RequestID = env.RequestID
		}
		return e
	}
	e.Code = ErrorCode(fmt.Sprintf("http_%d", status))
	e.Message = fmt.Sprintf("the server answered HTTP %d", status)
	if text := strings.TrimSpace(string(body)); text != "" {
		e.Message += ": " + truncate(text, 200)
	}
	return e
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
