package patchbay

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// canaryToken is planted in test clients; no error, log line or printout may contain it.
const canaryToken = "pb_CANARY_7f3a9c1e_do_not_leak"

// recorder is a loopback API server that answers with the handler given and remembers requests.
type recorder struct {
	mu       sync.Mutex
	requests []recorded
	server   *httptest.Server
}

type recorded struct {
	Method, Path, Query, Auth, IfMatch string
	Body                               string
}

func newRecorder(t *testing.T, handler http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{}
	r.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.requests = append(r.requests, recorded{
			Method: req.Method, Path: req.URL.EscapedPath(), Query: req.URL.RawQuery,
			Auth: req.Header.Get("Authorization"), IfMatch: req.Header.Get("If-Match"), Body: string(body),
		})
		r.mu.Unlock()
		handler(w, req)
	}))
	t.Cleanup(r.server.Close)
	return r
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

func (r *recorder) last() recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests[len(r.requests)-1]
}

// testClient talks to r with the canary token; its waits between retries are recorded, not taken.
func testClient(t *testing.T, r *recorder, opts ...Option) (*Client, *[]time.Duration) {
	t.Helper()
	c, err := NewClient(r.server.URL, canaryToken, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	c.t.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return c, &waits
}

// apiErrorHandler answers every request with a SPEC 2.1 error body.
func apiErrorHandler(status int, code, message string, details string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-hdr")
		w.WriteHeader(status)
		if details == "" {
			details = "null"
		}
		_, _ = w.Write([]byte(`{"error":{"code":"` + code + `","message":"` + message + `","details":` + details + `},"request_id":"req-42"}`))
	}
}

func jsonHandler(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}
