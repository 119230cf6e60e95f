package patchbay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Version is this SDK's version, sent in the User-Agent.
const Version = "0.1.0"

// maxRetryWait caps a server's Retry-After so a bad header cannot park a call for hours.
const maxRetryWait = 60 * time.Second

// transport is the one place requests are made: JSON in and out, the bearer token, retries.
type transport struct {
	base       *url.URL
	token      string
	http       *http.Client
	headers    http.Header
	timeout    time.Duration
	maxRetries int
	backoff    time.Duration
	log        *slog.Logger
	// sleep waits between attempts; tests replace it to record the waits instead of taking them.
	sleep func(ctx context.Context, d time.Duration) error
}

// call is one API request; query values that are "" are left out.
type call struct {
	method, path string
	query        url.Values
	body         any
	header       http.Header
}

func newTransport(base *url.URL, token string) *transport {
	h := http.Header{}
	h.Set("User-Agent", "patchbay-go/"+Version)
	return &transport{
		base: base, token: token, http: http.DefaultClient, headers: h,
		maxRetries: 3, backoff: 250 * time.Millisecond, sleep: sleepCtx,
	}
}

// tokenHint says whether a token is set without showing any part of it.
func (t *transport) tokenHint() string {
	if t.token == "" {
		return "<none>"
	}
	return "[redacted]"
}

// do sends c and decodes a 2xx JSON answer into out (nil to discard); every failure is an *Error.
func (t *transport) do(ctx context.Context, c call, out any) error {
	if t.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t.timeout)
		defer cancel()
	}
	var payload []byte
	if c.body != nil {
		var err error
		if payload, err = json.Marshal(c.body); err != nil {
			return fmt.Errorf("patchbay: %s %s: encoding the request body: %w", c.method, c.path, err)
		}
	}
	for attempt := 0; ; attempt++ {
		a, err := t.attempt(ctx, c, payload, attempt)
		if err != nil {
			return err
		}
		if a.status < 300 {
			return t.decode(c, a.status, a.body, out)
		}
		perr := apiError(c.method, c.path, a.status, a.requestID, a.body)
		perr.Message = t.scrub(perr.Message)
		if !idempotent(c.method) || (a.status != 429 && a.status != 502) || attempt >= t.maxRetries {
			return perr
		}
		wait := t.wait(attempt, a.retryAfter)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return perr // the server asks for a longer wait than the caller allows
		}
		if err := t.sleep(ctx, wait); err != nil {
			perr.cause = err // errors.Is(err, context.Canceled) and the API's code both hold
			return perr
		}
	}
}

// answer is what one attempt got back.
type answer struct {
	status                int
	retryAfter, requestID string
	body                  []byte
}

// attempt makes one HTTP exchange and reads the whole answer.
func (t *transport) attempt(ctx context.Context, c call, payload []byte, n int) (answer, error) {
	req, err := t.request(ctx, c, payload)
	if err != nil {
		return answer{}, err
	}
	res, err := t.http.Do(req)
	if err != nil {
		return answer{}, t.networkError(c, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 32<<20))
	if err != nil {
		return answer{}, t.networkError(c, err)
	}
	if t.log != nil {
		t.log.LogAttrs(ctx, slog.LevelDebug, "patchbay request", slog.String("method", c.method),
			slog.String("path", c.path), slog.Int("status", res.StatusCode), slog.Int("attempt", n+1),
			slog.String("request_id", res.Header.Get("X-Request-Id")))
	}
	return answer{res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("X-Request-Id"), body}, nil
}

func (t *transport) request(ctx context.Context, c call, payload []byte) (*http.Request, error) {
	// c.path is already escaped segment by segment (seg), so a tag can never add a segment.
	target := strings.TrimRight(t.base.String(), "/") + c.path
	if len(c.query) > 0 {
		target += "?" + c.query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, target, body)
	if err != nil {
		return nil, &Error{Code: ErrNetwork, Method: c.method, Path: c.path, Message: "building the request failed", cause: err}
	}
	for name, values := range t.headers {
		req.Header[name] = values
	}
	for name, values := range c.header {
		req.Header[name] = values
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if t.token != "" {
		req.Header.Set("Authorization", "Bearer "+t.token)
	}
	return req, nil
}

func (t *transport) decode(c call, status int, body []byte, out any) error {
	if out == nil || status == http.StatusNoContent || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &Error{
			Status: status, Code: ErrInvalidResponse, Method: c.method, Path: c.path, cause: err,
			Message: "the server answered with something other than the API's JSON: " + t.scrub(truncate(string(body), 120)),
		}
	}
	return nil
}

// networkError names the call and what to check; its message never contains the token.
func (t *transport) networkError(c call, cause error) *Error {
	reason := cause.Error()
	if ue, ok := cause.(*url.Error); ok {
		reason = ue.Err.Error()
	}
	if errors.Is(cause, context.Canceled) || errors.Is(cause, context.DeadlineExceeded) {
		return &Error{
			Code: ErrNetwork, Method: c.method, Path: c.path, cause: cause,
			Message: fmt.Sprintf("no answer from Patchbay at %s before the call's context ended (%s)", t.base.Redacted(), reason),
		}
	}
	return &Error{
		Code: ErrNetwork, Method: c.method, Path: c.path, cause: cause,
		Message: fmt.Sprintf("could not reach Patchbay at %s (%s); check that the server is running and that the base URL (PATCHBAY_URL) points at it",
			t.base.Redacted(), t.scrub(reason)),
	}
}

// scrub removes the token from text that came from elsewhere (a proxy that echoes headers).
func (t *transport) scrub(s string) string {
	if t.token == "" {
		return s
	}
	return strings.ReplaceAll(s, t.token, "[redacted]")
}

// wait is the pause before retry number attempt+1: the server's Retry-After when it sent one,
// otherwise exponential backoff with jitter.
func (t *transport) wait(attempt int, retryAfter string) time.Duration {
	if d, ok := parseRetryAfter(retryAfter, time.Now()); ok {
		return min(d, maxRetryWait)
	}
	d := max(t.backoff, 0)
	for i := 0; i < attempt && d < maxRetryWait; i++ {
		d *= 2 // doubled step by step so a large attempt count cannot overflow
	}
	d = min(d, maxRetryWait)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// parseRetryAfter reads delay-seconds or an HTTP date (RFC 9110 10.2.3).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var secs int64
	if _, err := fmt.Sscanf(v, "%d", &secs); err == nil && fmt.Sprint(secs) == v && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// idempotent methods may be retried: repeating them cannot create or run anything twice.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
