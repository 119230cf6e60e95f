package patchbay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// failing answers the first n requests with status (and Retry-After when given), then 200 body.
func failing(n int32, status int, retryAfter, body string) http.HandlerFunc {
	var seen atomic.Int32
	return func(w http.ResponseWriter, _ *http.Request) {
		if seen.Add(1) <= n {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			apiErrorHandler(status, map[int]string{429: "rate_limited", 502: "vault_error"}[status], "slow down", "")(w, nil)
			return
		}
		jsonHandler(200, body)(w, nil)
	}
}

func TestGetRetries429HonouringRetryAfter(t *testing.T) {
	r := newRecorder(t, failing(2, 429, "7", `{"items":[]}`))
	c, waits := testClient(t, r)

	if _, err := c.Types.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r.count() != 3 {
		t.Fatalf("want 3 attempts, got %d", r.count())
	}
	if len(*waits) != 2 || (*waits)[0] != 7*time.Second || (*waits)[1] != 7*time.Second {
		t.Fatalf("waits %v do not follow Retry-After: 7", *waits)
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	d, ok := parseRetryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now)
	if !ok || d != 90*time.Second {
		t.Fatalf("HTTP-date Retry-After: %v %v", d, ok)
	}
	if _, ok := parseRetryAfter("soon", now); ok {
		t.Fatal("a Retry-After that is neither seconds nor a date must be ignored")
	}
}

func TestPutAndDeleteRetry502(t *testing.T) {
	for _, op := range []struct {
		name string
		run  func(c *Client) error
	}{
		{"PUT credentials", func(c *Client) error {
			_, err := c.Connections.SetCredentials(context.Background(), "db", map[string]any{"host": "h"})
			return err
		}},
		{"DELETE connection", func(c *Client) error { return c.Connections.Delete(context.Background(), "db", nil) }},
	} {
		t.Run(op.name, func(t *testing.T) {
			r := newRecorder(t, failing(1, 502, "", `{"tag":"db"}`))
			c, waits := testClient(t, r)
			if err := op.run(c); err != nil {
				t.Fatal(err)
			}
			if r.count() != 2 || len(*waits) != 1 {
				t.Fatalf("want one retry, got %d requests", r.count())
			}
			if r.requests[0].Body != r.requests[1].Body {
				t.Fatalf("retry sent another body: %q vs %q", r.requests[0].Body, r.requests[1].Body)
			}
		})
	}
}

func TestPostAndPatchAreNeverRetried(t *testing.T) {
	for _, op := range []struct {
		name string
		run  func(c *Client) error
	}{
		{"POST create", func(c *Client) error {
			_, err := c.Connections.Create(context.Background(), CreateConnectionInput{Tag: "x", Type: "git"})
			return err
		}},
		{"POST connect", func(c *Client) error { _, err := c.Connect(context.Background(), "x", nil); return err }},
		{"PATCH update", func(c *Client) error {
			_, err := c.Connections.Update(context.Background(), "x", UpdateConnectionInput{}, nil)
			return err
		}},
	} {
		for _, status := range []int{429, 502} {
			t.Run(fmt.Sprintf("%s %d", op.name, status), func(t *testing.T) {
				r := newRecorder(t, failing(5, status, "1", `{}`))
				c, waits := testClient(t, r)
				err := op.run(c)
				var perr *Error
				if !errors.As(err, &perr) || perr.Status != status {
					t.Fatalf("want the %d error, got %v", status, err)
				}
				if r.count() != 1 || len(*waits) != 0 {
					t.Fatalf("%s was retried: %d requests", op.name, r.count())
				}
			})
		}
	}
}

func TestOtherStatusesAreNotRetried(t *testing.T) {
	r := newRecorder(t, apiErrorHandler(500, "internal_error", "boom", ""))
	c, _ := testClient(t, r)
	_, err := c.Types.List(context.Background())
	if !errors.Is(err, ErrInternal) || r.count() != 1 {
		t.Fatalf("500 must not be retried: %d requests, %v", r.count(), err)
	}
}

func TestRetriesStopAfterTheLimit(t *testing.T) {
	r := newRecorder(t, failing(100, 429, "", `{}`))
	c, waits := testClient(t, r, WithRetries(2, 100*time.Millisecond))

	_, err := c.Connections.Get(context.Background(), "x")

	if !errors.Is(err, ErrRateLimited) || r.count() != 3 {
		t.Fatalf("want rate_limited after 3 attempts, got %d: %v", r.count(), err)
	}
	// Without Retry-After: exponential backoff with jitter, each wait in [d/2, d].
	for i, w := range *waits {
		d := 100 * time.Millisecond << i
		if w < d/2 || w > d {
			t.Fatalf("wait %d = %v, want within [%v, %v]", i, w, d/2, d)
		}
	}
}

func TestCancelDuringBackoffStops(t *testing.T) {
	r := newRecorder(t, failing(100, 429, "30", `{}`))
	c, err := NewClient(r.server.URL, canaryToken)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for r.count() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()

	_, err = c.Types.List(ctx)

	if !errors.Is(err, context.Canceled) || r.count() != 1 {
		t.Fatalf("want context.Canceled after one attempt, got %d: %v", r.count(), err)
	}
}

func TestRetryAfterBeyondTheDeadlineReturnsTheError(t *testing.T) {
	r := newRecorder(t, failing(100, 429, "30", `{}`))
	c, waits := testClient(t, r)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	_, err := c.Types.List(ctx)

	if !errors.Is(err, ErrRateLimited) || r.count() != 1 || len(*waits) != 0 {
		t.Fatalf("want rate_limited at once, got %d requests, waits %v: %v", r.count(), *waits, err)
	}
}

func TestBackoffIsCappedForManyRetries(t *testing.T) {
	tr := newTransport(nil, "")
	tr.backoff = time.Second
	for _, attempt := range []int{0, 10, 40, 70} {
		if w := tr.wait(attempt, ""); w < 0 || w > maxRetryWait {
			t.Fatalf("attempt %d waits %v", attempt, w)
		}
	}
}
