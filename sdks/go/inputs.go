package patchbay

import (
	"net/url"
	"strconv"
)

// The request shapes: bodies (json tags as on the wire) and the options of list and other calls.

// CreateConnectionInput is the body of Connections.Create.
type CreateConnectionInput struct {
	Tag         string         `json:"tag"`
	Type        string         `json:"type"`
	DisplayName string         `json:"display_name,omitempty"`
	Description string         `json:"description,omitempty"`
	Scopes      []Scope        `json:"scopes,omitempty"`
	Value       map[string]any `json:"value,omitempty"`
	Secrets     map[string]any `json:"secrets,omitempty"`
}

// UpdateConnectionInput changes metadata; Value is a JSON merge patch (RFC 7396): a key set to nil
// removes it, others are set. Nil fields are left alone.
type UpdateConnectionInput struct {
	DisplayName *string        `json:"display_name,omitempty"`
	Description *string        `json:"description,omitempty"`
	Scopes      []Scope        `json:"scopes,omitempty"`
	Value       map[string]any `json:"value,omitempty"`
}

// UpdateOptions of Connections.Update: IfMatch (a Connection.Version) makes the update fail with
// 412 ErrVersionMismatch when the connection has changed since; 0 sends no If-Match.
type UpdateOptions struct {
	IfMatch int
}

// AttachVaultOptions of Connections.AttachVault: Version pins a KV v2 version (0: the latest).
type AttachVaultOptions struct {
	Version int
}

// AttachVaultInput is the body of PUT /v1/connections/{tag}/vault; no version means the latest.
type AttachVaultInput struct {
	Path    string `json:"path"`
	Version int    `json:"version,omitempty"`
}

// DeleteOptions of Connections.Delete: Force unlinks the connection's components first.
type DeleteOptions struct {
	Force bool
}

// ResolveOptions of Connections.Resolve: per-call overrides, and Reveal for secret values (needs a
// token with reveal).
type ResolveOptions struct {
	Inputs map[string]any `json:"inputs,omitempty"`
	Reveal bool           `json:"reveal,omitempty"`
}

// ConnectOptions of Connections.Connect: per-call overrides and the task's time budget.
type ConnectOptions struct {
	Inputs    map[string]any `json:"inputs,omitempty"`
	TimeoutMS int            `json:"timeout_ms,omitempty"`
}

// ListConnectionsOptions filters Connections.List. Limit is the page size (1–500; nil for the
// server's 50), a pointer so that every value, even an invalid 0, reaches the server: Ptr(100).
type ListConnectionsOptions struct {
	Type   string
	Kind   Kind
	Status ConnectionStatus
	Q      string
	Limit  *int
}

func (o *ListConnectionsOptions) values() url.Values {
	if o == nil {
		return url.Values{}
	}
	return query("type", o.Type, "kind", string(o.Kind), "status", string(o.Status), "q", o.Q,
		"limit", itoa(o.Limit))
}

// CreateCloudConnectionInput is what Cloud.Connections.Create takes: the provider (the id of one of
// the server's cloud types, e.g. "aws": Types.List says which types have Kind "cloud") and a name,
// which becomes the tag (see CloudTag) and, unless DisplayName is given, the display name.
type CreateCloudConnectionInput struct {
	Provider    string  `json:"provider"`
	Name        string  `json:"name"`
	Scopes      []Scope `json:"scopes,omitempty"`
	DisplayName string  `json:"display_name,omitempty"`
	Description string  `json:"description,omitempty"`
}

// UpdateCloudConnectionInput is the metadata Cloud.Connections.Update may change.
type UpdateCloudConnectionInput struct {
	DisplayName *string `json:"display_name,omitempty"`
	Description *string `json:"description,omitempty"`
	Scopes      []Scope `json:"scopes,omitempty"`
}

// ListCloudConnectionsOptions filters Cloud.Connections.List.
type ListCloudConnectionsOptions struct {
	Provider string
	Status   ConnectionStatus
	Q        string
	Limit    *int
}

// ListExecutionsOptions filters Executions.List (newest first).
type ListExecutionsOptions struct {
	Tag   string
	Limit *int
}

func (o *ListExecutionsOptions) values() url.Values {
	if o == nil {
		return url.Values{}
	}
	return query("tag", o.Tag, "limit", itoa(o.Limit))
}

// LinkComponentInput is the body of Components.Link.
type LinkComponentInput struct {
	Name     string         `json:"name"`
	Kind     string         `json:"kind"`
	Cloud    string         `json:"cloud"`
	Resource string         `json:"resource,omitempty"`
	Config   map[string]any `json:"config,omitempty"`
}

// ListComponentsOptions filters Components.List.
type ListComponentsOptions struct {
	Cloud string
	Kind  string
	Limit *int
}

func (o *ListComponentsOptions) values() url.Values {
	if o == nil {
		return url.Values{}
	}
	return query("cloud", o.Cloud, "kind", o.Kind, "limit", itoa(o.Limit))
}

// ListAuditOptions filters Audit.List (newest first).
type ListAuditOptions struct {
	Tag    string
	Action string
	Limit  *int
}

func (o *ListAuditOptions) values() url.Values {
	if o == nil {
		return url.Values{}
	}
	return query("tag", o.Tag, "action", o.Action, "limit", itoa(o.Limit))
}

// CreateTokenInput is the body of Tokens.Create; ExpiresInSeconds 0 means it does not expire.
type CreateTokenInput struct {
	Name             string `json:"name"`
	Role             Role   `json:"role"`
	Reveal           bool   `json:"reveal,omitempty"`
	ExpiresInSeconds int    `json:"expires_in_seconds,omitempty"`
}

// VaultConfigInput is the body of Vault.Configure; a nil Token/SecretID keeps the stored one.
type VaultConfigInput struct {
	Address         string         `json:"address"`
	Auth            VaultAuthInput `json:"auth"`
	Namespace       *string        `json:"namespace,omitempty"`
	Mount           string         `json:"mount,omitempty"`
	KVVersion       int            `json:"kv_version,omitempty"`
	CACert          *string        `json:"ca_cert,omitempty"`
	CacheTTLSeconds *int           `json:"cache_ttl_seconds,omitempty"`
	TimeoutMS       int            `json:"timeout_ms,omitempty"`
}

// VaultAuthInput is {method: "token", token} or {method: "approle", role_id, secret_id}.
type VaultAuthInput struct {
	Method   string  `json:"method"`
	Token    *string `json:"token,omitempty"`
	RoleID   string  `json:"role_id,omitempty"`
	SecretID *string `json:"secret_id,omitempty"`
}

// query builds url.Values from name/value pairs, leaving out empty values.
func query(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			v.Set(pairs[i], pairs[i+1])
		}
	}
	return v
}

// itoa renders an optional number; nil is left out.
func itoa(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
