package patchbay

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// ConnectionsService is every operation on named connections (SPEC 2): client.Connections.
type ConnectionsService struct {
	t *transport
}

// seg escapes one path segment, so a tag or id can never add a segment.
func seg(s string) string { return url.PathEscape(s) }

func connPath(tag, suffix string) string { return "/v1/connections/" + seg(tag) + suffix }

// connection makes a call whose answer is a Connection.
func (s *ConnectionsService) connection(ctx context.Context, c call) (*Connection, error) {
	var out Connection
	if err := s.t.do(ctx, c, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Create makes a connection (201); ErrConnectionExists when the tag is taken.
func (s *ConnectionsService) Create(ctx context.Context, in CreateConnectionInput) (*Connection, error) {
	return s.connection(ctx, call{method: http.MethodPost, path: "/v1/connections", body: in})
}

// Get fetches one connection; ErrConnectionNotFound when there is none with that tag.
func (s *ConnectionsService) Get(ctx context.Context, tag string) (*Connection, error) {
	return s.connection(ctx, call{method: http.MethodGet, path: connPath(tag, "")})
}

// List yields every matching connection, fetching the next page as the loop reaches it:
//
//	for conn, err := range client.Connections.List(ctx, &patchbay.ListConnectionsOptions{Kind: patchbay.KindCloud}) {
func (s *ConnectionsService) List(ctx context.Context, opts *ListConnectionsOptions) iter.Seq2[Connection, error] {
	return items(ctx, pageFetcher[Connection](s.t, "/v1/connections", opts.values()))
}

// ListPages yields the pages of List, for callers that want the page boundaries.
func (s *ConnectionsService) ListPages(ctx context.Context, opts *ListConnectionsOptions) iter.Seq2[*Page[Connection], error] {
	return pages(ctx, pageFetcher[Connection](s.t, "/v1/connections", opts.values()))
}

// ListPage fetches the one page at cursor ("" for the first).
func (s *ConnectionsService) ListPage(ctx context.Context, opts *ListConnectionsOptions, cursor string) (*Page[Connection], error) {
	return pageFetcher[Connection](s.t, "/v1/connections", opts.values())(ctx, cursor)
}

// Update changes metadata and merge-patches Value; with opts.IfMatch it fails with
// ErrVersionMismatch (412) when the connection's version has moved on.
func (s *ConnectionsService) Update(ctx context.Context, tag string, in UpdateConnectionInput, opts *UpdateOptions) (*Connection, error) {
	c := call{method: http.MethodPatch, path: connPath(tag, ""), body: in}
	if opts != nil && opts.IfMatch != 0 {
		c.header = http.Header{"If-Match": {strconv.Quote(strconv.Itoa(opts.IfMatch))}}
	}
	return s.connection(ctx, c)
}

// SetCredentials sets inputs; each goes to value or secrets by the type's schema, and a secret
// that is absent, nil or "" keeps the stored one.
func (s *ConnectionsService) SetCredentials(ctx context.Context, tag string, input map[string]any) (*Connection, error) {
	if input == nil {
		input = map[string]any{}
	}
	return s.connection(ctx, call{method: http.MethodPut, path: connPath(tag, "/credentials"), body: input})
}

// Validate tests the connection against the real system and activates it on success.
func (s *ConnectionsService) Validate(ctx context.Context, tag string) (*Validation, error) {
	var out Validation
	if err := s.t.do(ctx, call{method: http.MethodPost, path: connPath(tag, "/validate")}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Resolve returns the merged inputs with their sources; secrets are masked unless opts.Reveal.
func (s *ConnectionsService) Resolve(ctx context.Context, tag string, opts *ResolveOptions) (*Resolution, error) {
	if opts == nil {
		opts = &ResolveOptions{}
	}
	var out Resolution
	if err := s.t.do(ctx, call{method: http.MethodPost, path: connPath(tag, "/resolve"), body: opts}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Connect runs the connection's task and returns the execution, also when the task failed
// (Execution.Status "failed"); overriding inputs needs an editor unless the type allows it.
func (s *ConnectionsService) Connect(ctx context.Context, tag string, opts *ConnectOptions) (*Execution, error) {
	if opts == nil {
		opts = &ConnectOptions{}
	}
	var out Execution
	if err := s.t.do(ctx, call{method: http.MethodPost, path: connPath(tag, "/connect"), body: opts}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Revoke switches the connection off: resolve and connect then fail with ErrConnectionRevoked.
func (s *ConnectionsService) Revoke(ctx context.Context, tag string) (*Connection, error) {
	return s.connection(ctx, call{method: http.MethodPost, path: connPath(tag, "/revoke")})
}

// Restore switches a revoked connection back on (unverified or pending).
func (s *ConnectionsService) Restore(ctx context.Context, tag string) (*Connection, error) {
	return s.connection(ctx, call{method: http.MethodPost, path: connPath(tag, "/restore")})
}

// Delete removes the connection; ErrConnectionInUse while components are linked unless opts.Force.
func (s *ConnectionsService) Delete(ctx context.Context, tag string, opts *DeleteOptions) error {
	q := url.Values{}
	if opts != nil && opts.Force {
		q.Set("force", "true")
	}
	return s.t.do(ctx, call{method: http.MethodDelete, path: connPath(tag, ""), query: q}, nil)
}

// AttachVault makes the connection read its secrets from a Vault secret ("secret/data/oracle");
// opts.Version pins a KV v2 version; nil opts (or Version 0) reads the latest.
func (s *ConnectionsService) AttachVault(ctx context.Context, tag, path string, opts *AttachVaultOptions) (*Connection, error) {
	body := AttachVaultInput{Path: path}
	if opts != nil && opts.Version != 0 {
		body.Version = opts.Version
	}
	return s.connection(ctx, call{method: http.MethodPut, path: connPath(tag, "/vault"), body: body})
}

// DetachVault detaches the Vault secret.
func (s *ConnectionsService) DetachVault(ctx context.Context, tag string) (*Connection, error) {
	return s.connection(ctx, call{method: http.MethodDelete, path: connPath(tag, "/vault")})
}
