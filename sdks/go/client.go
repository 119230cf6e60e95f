// Package patchbay is the Go client of the Patchbay connection broker (SPEC 8): typed models, errors
// as values that work with errors.Is/As, list methods that return iter.Seq2, context for timeouts
// and cancellation, and retries of idempotent calls on 429/502 that honour Retry-After.
//
//	client, err := patchbay.NewClient("http://127.0.0.1:7300", os.Getenv("PATCHBAY_TOKEN"))
//	exec, err := client.Connect(ctx, "library", map[string]any{"ref": "v2"})
package patchbay

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// DefaultBaseURL is where NewClientFromEnv points when PATCHBAY_URL is not set.
const DefaultBaseURL = "http://127.0.0.1:7300"

// Client is the typed client of the Patchbay API. Its services mirror the API's resources; it is
// safe for concurrent use. Printing it (%v, %+v, %#v) never shows the token.
type Client struct {
	// Types lists the connection types and their input schemas.
	Types *TypesService
	// Connections is every operation on named connections.
	Connections *ConnectionsService
	// Cloud is the Ductape-style lifecycle: client.Cloud.Connections.Create/Complete/Validate/….
	Cloud *CloudService
	// Components are consumers linked to cloud connections.
	Components *ComponentsService
	// Executions are the records of connect calls.
	Executions *ExecutionsService
	// Vault is the workspace's Vault integration (admin).
	Vault *VaultService
	// Tokens are the workspace's API tokens (admin).
	Tokens *TokensService
	// Workspaces are tenants (admin of default).
	Workspaces *WorkspacesService
	// Audit is the workspace's audit log (admin).
	Audit *AuditService
	// Session says who is calling.
	Session *SessionService

	t *transport
}

// Option configures a Client.
type Option func(*transport)

// WithHTTPClient sends requests through hc (proxies, TLS, a transport-level timeout).
func WithHTTPClient(hc *http.Client) Option { return func(t *transport) { t.http = hc } }

// WithTimeout bounds every call (all its retries included) when its context has no earlier deadline.
func WithTimeout(d time.Duration) Option { return func(t *transport) { t.timeout = d } }

// WithRetries sets how often an idempotent call is retried on 429/502 (default 3; 0 turns retries
// off) and the first backoff (default 250ms, doubled each attempt; Retry-After wins when given).
func WithRetries(max int, backoff time.Duration) Option {
	return func(t *transport) { t.maxRetries, t.backoff = max, backoff }
}

// WithLogger logs one debug line per attempt (method, path, status, request id; never the token).
func WithLogger(l *slog.Logger) Option { return func(t *transport) { t.log = l } }

// WithHeader adds a header to every request (Authorization cannot be overridden this way).
func WithHeader(name, value string) Option {
	return func(t *transport) { t.headers.Set(name, value) }
}

// WithUserAgent replaces the User-Agent of every request.
func WithUserAgent(ua string) Option { return WithHeader("User-Agent", ua) }

// NewClient builds a client for the server at baseURL (e.g. http://127.0.0.1:7300, without /v1)
// that authenticates with token (pb_…).
func NewClient(baseURL, token string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("patchbay: base URL %q is not an http(s) URL such as %s", baseURL, DefaultBaseURL)
	}
	if strings.IndexFunc(token, func(r rune) bool { return r <= ' ' || r >= 0x7f }) >= 0 {
		// said without quoting the token: it may be a real one with a stray newline
		return nil, errors.New("patchbay: the token contains a space, line break or other character a bearer token cannot hold; check PATCHBAY_TOKEN")
	}
	t := newTransport(u, token)
	for _, opt := range opts {
		opt(t)
	}
	return newClient(t), nil
}

// NewClientFromEnv builds a client from PATCHBAY_URL (default DefaultBaseURL) and PATCHBAY_TOKEN.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	base := os.Getenv("PATCHBAY_URL")
	if base == "" {
		base = DefaultBaseURL
	}
	return NewClient(base, os.Getenv("PATCHBAY_TOKEN"), opts...)
}

func newClient(t *transport) *Client {
	conns := &ConnectionsService{t: t}
	return &Client{
		Types:       &TypesService{t: t},
		Connections: conns,
		Cloud:       &CloudService{Connections: &CloudConnectionsService{c: conns}},
		Components:  &ComponentsService{t: t},
		Executions:  &ExecutionsService{t: t},
		Vault:       &VaultService{t: t},
		Tokens:      &TokensService{t: t},
		Workspaces:  &WorkspacesService{t: t},
		Audit:       &AuditService{t: t},
		Session:     &SessionService{t: t},
		t:           t,
	}
}

// BaseURL is the server the client talks to.
func (c *Client) BaseURL() string { return c.t.base.String() }

// String names the server only; the token is never part of it.
func (c *Client) String() string {
	return fmt.Sprintf("patchbay.Client{BaseURL: %q, Token: %s}", c.t.base.Redacted(), c.t.tokenHint())
}

// GoString keeps %#v from printing the unexported fields (and with them the token).
func (c *Client) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %#v, %s, %q) print String, never the fields.
func (c *Client) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	fmt.Fprint(f, c.String())
}

// Connect runs a connection with per-call overrides (nil for none) and returns the execution, also
// when the task failed (check Execution.Status).
func (c *Client) Connect(ctx context.Context, tag string, overrides map[string]any) (*Execution, error) {
	return c.Connections.Connect(ctx, tag, &ConnectOptions{Inputs: overrides})
}

// Resolve is a shortcut for client.Connections.Resolve: the merged inputs and their sources.
func (c *Client) Resolve(ctx context.Context, tag string, opts *ResolveOptions) (*Resolution, error) {
	return c.Connections.Resolve(ctx, tag, opts)
}

// Ptr returns a pointer to v, for the optional fields of inputs: patchbay.Ptr("new description").
func Ptr[T any](v T) *T { return &v }
