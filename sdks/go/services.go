package patchbay

import (
	"context"
	"iter"
	"net/http"
)

// get makes c and decodes its answer into a new T.
func get[T any](ctx context.Context, t *transport, c call) (*T, error) {
	var out T
	if err := t.do(ctx, c, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// itemsOf makes c and returns the answer's "items" (lists that are not paged).
func itemsOf[T any](ctx context.Context, t *transport, c call) ([]T, error) {
	out, err := get[struct {
		Items []T `json:"items"`
	}](ctx, t, c)
	if err != nil {
		return nil, err
	}
	return out.Items, nil
}

// TypesService lists connection types and their input schemas: client.Types.
type TypesService struct{ t *transport }

// List returns every registered type.
func (s *TypesService) List(ctx context.Context) ([]ConnectionType, error) {
	return itemsOf[ConnectionType](ctx, s.t, call{method: http.MethodGet, path: "/v1/types"})
}

// Get returns one type; ErrTypeNotFound when there is none.
func (s *TypesService) Get(ctx context.Context, typeID string) (*ConnectionType, error) {
	return get[ConnectionType](ctx, s.t, call{method: http.MethodGet, path: "/v1/types/" + seg(typeID)})
}

// ExecutionsService reads the records of connect calls, newest first: client.Executions.
type ExecutionsService struct{ t *transport }

// List yields every matching execution, page after page.
func (s *ExecutionsService) List(ctx context.Context, opts *ListExecutionsOptions) iter.Seq2[Execution, error] {
	return items(ctx, pageFetcher[Execution](s.t, "/v1/executions", opts.values()))
}

// ListPages yields the pages of List.
func (s *ExecutionsService) ListPages(ctx context.Context, opts *ListExecutionsOptions) iter.Seq2[*Page[Execution], error] {
	return pages(ctx, pageFetcher[Execution](s.t, "/v1/executions", opts.values()))
}

// Get returns one execution; ErrExecutionNotFound when there is none.
func (s *ExecutionsService) Get(ctx context.Context, id string) (*Execution, error) {
	return get[Execution](ctx, s.t, call{method: http.MethodGet, path: "/v1/executions/" + seg(id)})
}

// ComponentsService links consumers to active cloud connections: client.Components.
type ComponentsService struct{ t *transport }

// Link creates a component (201); the cloud connection must be active and grant its kind.
func (s *ComponentsService) Link(ctx context.Context, in LinkComponentInput) (*Component, error) {
	return get[Component](ctx, s.t, call{method: http.MethodPost, path: "/v1/components", body: in})
}

// List yields every matching component, page after page.
func (s *ComponentsService) List(ctx context.Context, opts *ListComponentsOptions) iter.Seq2[Component, error] {
	return items(ctx, pageFetcher[Component](s.t, "/v1/components", opts.values()))
}

// ListPages yields the pages of List.
func (s *ComponentsService) ListPages(ctx context.Context, opts *ListComponentsOptions) iter.Seq2[*Page[Component], error] {
	return pages(ctx, pageFetcher[Component](s.t, "/v1/components", opts.values()))
}

// Get returns one component; ErrComponentNotFound when there is none.
func (s *ComponentsService) Get(ctx context.Context, name string) (*Component, error) {
	return get[Component](ctx, s.t, call{method: http.MethodGet, path: "/v1/components/" + seg(name)})
}

// Unlink removes a component.
func (s *ComponentsService) Unlink(ctx context.Context, name string) error {
	return s.t.do(ctx, call{method: http.MethodDelete, path: "/v1/components/" + seg(name)}, nil)
}

// VaultService is the workspace's Vault integration (admin): client.Vault.
type VaultService struct{ t *transport }

// Get returns the configuration, or nil when Vault is not configured.
func (s *VaultService) Get(ctx context.Context) (*VaultConfig, error) {
	var out *VaultConfig
	if err := s.t.do(ctx, call{method: http.MethodGet, path: "/v1/vault"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Configure sets the configuration; a nil Token or SecretID keeps the stored one.
func (s *VaultService) Configure(ctx context.Context, in VaultConfigInput) (*VaultConfig, error) {
	return get[VaultConfig](ctx, s.t, call{method: http.MethodPut, path: "/v1/vault", body: in})
}

// Check tests reachability, seal state and authentication of the configured Vault.
func (s *VaultService) Check(ctx context.Context) (*VaultCheck, error) {
	return get[VaultCheck](ctx, s.t, call{method: http.MethodPost, path: "/v1/vault/check"})
}

// TokensService manages the API tokens of the caller's workspace (admin): client.Tokens.
type TokensService struct{ t *transport }

// Create makes a token; its secret is in Token.Token of this answer only.
func (s *TokensService) Create(ctx context.Context, in CreateTokenInput) (*Token, error) {
	return get[Token](ctx, s.t, call{method: http.MethodPost, path: "/v1/tokens", body: in})
}

// List returns the workspace's tokens (without secrets).
func (s *TokensService) List(ctx context.Context) ([]Token, error) {
	return itemsOf[Token](ctx, s.t, call{method: http.MethodGet, path: "/v1/tokens"})
}

// Revoke deletes a token: requests with it fail with ErrUnauthenticated from then on.
func (s *TokensService) Revoke(ctx context.Context, id string) error {
	return s.t.do(ctx, call{method: http.MethodDelete, path: "/v1/tokens/" + seg(id)}, nil)
}

// WorkspacesService manages tenants; only an admin of "default" may call it: client.Workspaces.
type WorkspacesService struct{ t *transport }

// Create makes a workspace and its first admin token.
func (s *WorkspacesService) Create(ctx context.Context, name string) (*CreatedWorkspace, error) {
	body := map[string]string{"name": name}
	return get[CreatedWorkspace](ctx, s.t, call{method: http.MethodPost, path: "/v1/workspaces", body: body})
}

// List returns every workspace.
func (s *WorkspacesService) List(ctx context.Context) ([]Workspace, error) {
	return itemsOf[Workspace](ctx, s.t, call{method: http.MethodGet, path: "/v1/workspaces"})
}

// AuditService reads the workspace's audit log (admin): client.Audit.
type AuditService struct{ t *transport }

// List yields matching events, newest first, page after page.
func (s *AuditService) List(ctx context.Context, opts *ListAuditOptions) iter.Seq2[AuditEvent, error] {
	return items(ctx, pageFetcher[AuditEvent](s.t, "/v1/audit", opts.values()))
}

// ListPages yields the pages of List.
func (s *AuditService) ListPages(ctx context.Context, opts *ListAuditOptions) iter.Seq2[*Page[AuditEvent], error] {
	return pages(ctx, pageFetcher[AuditEvent](s.t, "/v1/audit", opts.values()))
}

// Verify checks the hash chain of the workspace's events.
func (s *AuditService) Verify(ctx context.Context) (*AuditVerification, error) {
	return get[AuditVerification](ctx, s.t, call{method: http.MethodGet, path: "/v1/audit/verify"})
}

// SessionService says who is calling, and signs the workbench's cookie session in and out.
type SessionService struct{ t *transport }

// Whoami returns the workspace, token and role behind the client's token.
func (s *SessionService) Whoami(ctx context.Context) (*Session, error) {
	return get[Session](ctx, s.t, call{method: http.MethodGet, path: "/v1/session"})
}

// SignIn exchanges token for a session cookie (browsers); Go programs use the bearer token instead.
func (s *SessionService) SignIn(ctx context.Context, token string) (*Session, error) {
	body := map[string]string{"token": token}
	return get[Session](ctx, s.t, call{method: http.MethodPost, path: "/v1/session", body: body})
}

// SignOut ends the cookie session.
func (s *SessionService) SignOut(ctx context.Context) error {
	return s.t.do(ctx, call{method: http.MethodDelete, path: "/v1/session"}, nil)
}
