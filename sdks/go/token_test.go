package patchbay

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// The token is sent, and nowhere else: not in printouts of the client, errors of every kind, or logs.
func TestTokenIsSentButNeverShown(t *testing.T) {
	// An answer that echoes the Authorization header, as a misconfigured proxy might.
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte("you sent " + req.Header.Get("Authorization")))
		}
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	var shown []string
	for _, handler := range []http.HandlerFunc{
		apiErrorHandler(404, "connection_not_found", "no such connection", ""),
		echo(502), echo(401), echo(200),
	} {
		r := newRecorder(t, handler)
		c, _ := testClient(t, r, WithLogger(logger), WithRetries(1, 0))
		_, err := c.Connections.Get(context.Background(), "library")
		if err == nil {
			t.Fatal("want an error")
		}
		if got := r.last().Auth; got != "Bearer "+canaryToken {
			t.Fatalf("Authorization sent was %q", got)
		}
		shown = append(shown, err.Error(), fmt.Sprintf("%v|%+v|%#v", err, err, err))
		shown = append(shown, fmt.Sprintf("%v|%+v|%#v|%s|%q", c, c, c, c, c), fmt.Sprintf("%v|%+v", *c, *c))
		shown = append(shown, fmt.Sprintf("%+v|%#v", c.Connections, *c.Cloud.Connections))
	}
	r := newRecorder(t, jsonHandler(200, "{}"))
	closed, _ := testClient(t, r, WithLogger(logger))
	r.server.Close()
	_, err := closed.Types.List(context.Background())
	shown = append(shown, err.Error(), fmt.Sprintf("%+v", err), logs.String())

	for _, s := range shown {
		if strings.Contains(s, canaryToken) || strings.Contains(s, "CANARY") {
			t.Fatalf("the token leaked into: %s", s)
		}
	}
	if !strings.Contains(logs.String(), "path=/v1/connections/library") {
		t.Fatalf("the logger logged nothing useful: %s", logs.String())
	}
	if !strings.Contains(fmt.Sprint(closed), "[redacted]") {
		t.Fatalf("String() should say a token is set: %s", closed)
	}
}

func TestHeaderOptionCannotReplaceAuthorization(t *testing.T) {
	r := newRecorder(t, jsonHandler(200, `{"items":[]}`))
	c, _ := testClient(t, r, WithHeader("Authorization", "Bearer other"))
	if _, err := c.Types.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r.last().Auth != "Bearer "+canaryToken {
		t.Fatalf("Authorization = %q", r.last().Auth)
	}
}

func TestMalformedTokenIsRefusedWithoutQuotingIt(t *testing.T) {
	for _, bad := range []string{canaryToken + "\n", canaryToken + "\r\nX-Injected: 1", "pb_CANARY two"} {
		c, err := NewClient("http://127.0.0.1:7300", bad)
		if err == nil || c != nil {
			t.Fatalf("NewClient accepted a token with %q", bad[len(bad)-1:])
		}
		if strings.Contains(err.Error(), "CANARY") || !strings.Contains(err.Error(), "PATCHBAY_TOKEN") {
			t.Fatalf("error %q quotes the token or does not say what to check", err)
		}
	}
}
