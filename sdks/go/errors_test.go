package patchbay

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestErrorNotFoundWorksWithIsAndAs(t *testing.T) {
	r := newRecorder(t, apiErrorHandler(404, "connection_not_found",
		"connection 'nope' does not exist in this workspace; list connections with GET /v1/connections", ""))
	c, _ := testClient(t, r)

	_, err := c.Connections.Get(context.Background(), "nope")

	if !errors.Is(err, ErrConnectionNotFound) {
		t.Fatalf("errors.Is(err, ErrConnectionNotFound) = false for %v", err)
	}
	if errors.Is(err, ErrTypeNotFound) || errors.Is(err, ErrNotFound) {
		t.Fatalf("err matches another 404 code: %v", err)
	}
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("errors.As(*Error) = false for %T", err)
	}
	if perr.Status != 404 || perr.Code != ErrConnectionNotFound || perr.RequestID != "req-42" {
		t.Fatalf("got status %d code %s request_id %q", perr.Status, perr.Code, perr.RequestID)
	}
	if !strings.Contains(perr.Message, "list connections") || perr.Method != "GET" || perr.Path != "/v1/connections/nope" {
		t.Fatalf("message or call lost: %+v", perr)
	}
	want := "patchbay: GET /v1/connections/nope: 404 connection_not_found: connection 'nope' does not exist " +
		"in this workspace; list connections with GET /v1/connections (request_id req-42)"
	if err.Error() != want {
		t.Fatalf("Error() = %q\nwant      %q", err.Error(), want)
	}
	t.Logf("error case: %v", err)
}

func TestErrorCarriesDetails(t *testing.T) {
	r := newRecorder(t, apiErrorHandler(422, "missing_input",
		"connection 'library' has no input 'repository_url'", `{"fields":["repository_url"]}`))
	c, _ := testClient(t, r)

	_, err := c.Connections.Connect(context.Background(), "library", nil)

	var perr *Error
	if !errors.As(err, &perr) || !errors.Is(err, ErrMissingInput) {
		t.Fatalf("want missing_input, got %v", err)
	}
	fields, _ := perr.Details["fields"].([]any)
	if len(fields) != 1 || fields[0] != "repository_url" {
		t.Fatalf("details.fields = %#v", perr.Details)
	}
}

// Every SPEC 2.1 code comes back as its own sentinel with its own status.
func TestEveryCodeMapsToItsSentinel(t *testing.T) {
	for code, status := range errorStatus {
		t.Run(string(code), func(t *testing.T) {
			r := newRecorder(t, apiErrorHandler(status, string(code), "m", ""))
			c, _ := testClient(t, r, WithRetries(0, 0))
			_, err := c.Types.List(context.Background())
			var perr *Error
			if !errors.As(err, &perr) || !errors.Is(err, code) || perr.Status != status || code.Status() != status {
				t.Fatalf("code %s: got %v", code, err)
			}
		})
	}
}

func TestRequestIDFallsBackToHeader(t *testing.T) {
	r := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "req-from-header")
		w.WriteHeader(500)
		_, _ = w.Write([]byte("upstream exploded"))
	})
	c, _ := testClient(t, r)

	_, err := c.Types.List(context.Background())

	var perr *Error
	if !errors.As(err, &perr) || perr.Code != "http_500" || perr.RequestID != "req-from-header" ||
		!strings.Contains(perr.Message, "upstream exploded") {
		t.Fatalf("non-JSON error body: %+v", perr)
	}
}

func TestInvalidJSONAnswerIsInvalidResponse(t *testing.T) {
	r := newRecorder(t, jsonHandler(200, "<html>proxy login</html>"))
	c, _ := testClient(t, r)

	_, err := c.Types.List(context.Background())

	if !errors.Is(err, ErrInvalidResponse) {
		t.Fatalf("want invalid_response, got %v", err)
	}
}

func TestNetworkErrorNamesTheServer(t *testing.T) {
	r := newRecorder(t, jsonHandler(200, "{}"))
	c, _ := testClient(t, r)
	r.server.Close()

	_, err := c.Types.List(context.Background())

	var perr *Error
	if !errors.As(err, &perr) || !errors.Is(err, ErrNetwork) || perr.Status != 0 || perr.Unwrap() == nil {
		t.Fatalf("want network_error with a cause, got %v", err)
	}
	if !strings.Contains(err.Error(), r.server.URL) || !strings.Contains(err.Error(), "PATCHBAY_URL") {
		t.Fatalf("message does not say where and what to check: %v", err)
	}
}

func TestContextDeadlineCancelsTheCall(t *testing.T) {
	release := make(chan struct{})
	r := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) { <-release })
	defer close(release)
	c, _ := testClient(t, r)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	_, err := c.Connections.Get(ctx, "library")

	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrNetwork) {
		t.Fatalf("want a network error wrapping context.DeadlineExceeded, got %v", err)
	}
}

func TestWithTimeoutBoundsCallsWithoutDeadline(t *testing.T) {
	release := make(chan struct{})
	r := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) { <-release })
	defer close(release)
	c, _ := testClient(t, r, WithTimeout(50*time.Millisecond))

	_, err := c.Types.List(context.Background())

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WithTimeout did not bound the call: %v", err)
	}
}
