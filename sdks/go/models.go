package patchbay

import "time"

// The API's response shapes (components.schemas of openapi.json), written by hand with the wire's
// snake_case names as json tags; coverage_test.go fails when openapi.json has a field missing here.
// Required fields carry no omitempty, so a null the server sends stays a null when re-encoded.

// Kind says whether a connection type runs tasks or grants a cloud account.
type Kind string

const (
	KindTask  Kind = "task"
	KindCloud Kind = "cloud"
)

// ConnectionStatus is where a connection is in its lifecycle.
type ConnectionStatus string

const (
	StatusPending    ConnectionStatus = "pending"
	StatusUnverified ConnectionStatus = "unverified"
	StatusActive     ConnectionStatus = "active"
	StatusError      ConnectionStatus = "error"
	StatusRevoked    ConnectionStatus = "revoked"
)

// Scope is what a cloud connection may be used for.
type Scope string

const (
	ScopeStorage  Scope = "storage"
	ScopeBroker   Scope = "broker"
	ScopeDatabase Scope = "database"
	ScopeGraph    Scope = "graph"
	ScopeVector   Scope = "vector"
)

// ExecutionStatus is how a connect call ended.
type ExecutionStatus string

const (
	ExecutionSucceeded ExecutionStatus = "succeeded"
	ExecutionFailed    ExecutionStatus = "failed"
)

// Role is what a token may do; each role includes the ones before it.
type Role string

const (
	RoleViewer Role = "viewer"
	RoleRunner Role = "runner"
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// Connection is a named connection (SPEC 1). Secret inputs are never in it; SecretFields names the
// ones that are set.
type Connection struct {
	Tag               string           `json:"tag"`
	Type              string           `json:"type"`
	Kind              Kind             `json:"kind"`
	DisplayName       string           `json:"display_name"`
	Description       string           `json:"description"`
	Scopes            []Scope          `json:"scopes"`
	Value             map[string]any   `json:"value"`
	SecretFields      []string         `json:"secret_fields"`
	Vault             *VaultRef        `json:"vault"`
	Status            ConnectionStatus `json:"status"`
	StatusMessage     *string          `json:"status_message"`
	Version           int              `json:"version"`
	AccountIdentifier *string          `json:"account_identifier"`
	// Setup is what to do outside Patchbay, e.g. external_id and trust_policy for an AWS role.
	Setup           map[string]any `json:"setup"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
	LastValidatedAt *time.Time     `json:"last_validated_at"`
	LastChecks      []Check        `json:"last_checks"`
}

// VaultRef is the Vault secret attached to a connection.
type VaultRef struct {
	Path string `json:"path"`
	// Version is the pinned KV v2 version; 0 when the connection follows the latest.
	Version int `json:"version,omitempty"`
}

// Check is one step of a validation.
type Check struct {
	Name       string  `json:"name"`
	OK         bool    `json:"ok"`
	Detail     string  `json:"detail"`
	DurationMS float64 `json:"duration_ms"`
}

// Validation is the answer of validate: whether the connection works, one entry per check.
type Validation struct {
	Valid             bool             `json:"valid"`
	Status            ConnectionStatus `json:"status"`
	Message           *string          `json:"message"`
	AccountIdentifier *string          `json:"account_identifier"`
	Checks            []Check          `json:"checks"`
}

// Resolution is a connection's merged inputs and where each came from (SPEC 6): Sources[field] is
// "connection", "secret", "vault:<path>#<key>@<version>" or "override".
type Resolution struct {
	Tag     string            `json:"tag"`
	Type    string            `json:"type"`
	Inputs  map[string]any    `json:"inputs"`
	Sources map[string]string `json:"sources"`
}

// Execution is the record of one connect call; Status is "failed" when the task failed.
type Execution struct {
	ID          string          `json:"id"`
	Tag         string          `json:"tag"`
	Type        string          `json:"type"`
	Status      ExecutionStatus `json:"status"`
	Inputs      map[string]any  `json:"inputs"`
	OutputValue any             `json:"output_value"`
	Error       *ExecutionError `json:"error"`
	StartedAt   time.Time       `json:"started_at"`
	EndedAt     time.Time       `json:"ended_at"`
	DurationMS  int64           `json:"duration_ms"`
	// ConnectionVersion is the connection's version the call ran with; nil on records made before
	// the server recorded it.
	ConnectionVersion *int64 `json:"connection_version"`
}

// ExecutionError is why a task failed.
type ExecutionError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ConnectionType is a registered type with the JSON Schema of its inputs (SPEC 3).
type ConnectionType struct {
	ID            string         `json:"id"`
	Kind          Kind           `json:"kind"`
	DisplayName   string         `json:"display_name"`
	ShortName     string         `json:"short_name"`
	Description   string         `json:"description"`
	InputSchema   map[string]any `json:"input_schema"`
	DefaultScopes []string       `json:"default_scopes"`
	Commands      []string       `json:"commands"`
	// SetupSteps are what to do on the provider's side (cloud types), one text a step in a limited
	// markup: **bold**, `code`, _emphasis_, nothing else; empty for task types.
	SetupSteps []string `json:"setup_steps"`
}

// Component is a consumer (storage, broker, database …) linked to a cloud connection.
type Component struct {
	Name      string         `json:"name"`
	Kind      string         `json:"kind"`
	Cloud     string         `json:"cloud"`
	Resource  string         `json:"resource"`
	Config    map[string]any `json:"config"`
	CreatedAt time.Time      `json:"created_at"`
}

// Token is an API token's metadata; Token (the secret) is set only in the answer of Tokens.Create.
type Token struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	Reveal    bool       `json:"reveal"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
	Token     string     `json:"token,omitempty"`
}

// Workspace is a tenant.
type Workspace struct {
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// CreatedWorkspace is the new workspace and its first admin token (secret shown this once).
type CreatedWorkspace struct {
	Workspace Workspace `json:"workspace"`
	Token     Token     `json:"token"`
}

// AuditEvent is one append-only, hash-chained audit event.
type AuditEvent struct {
	ID        string         `json:"id"`
	Seq       int64          `json:"seq"`
	At        time.Time      `json:"at"`
	Actor     string         `json:"actor"`
	Action    string         `json:"action"`
	Tag       *string        `json:"tag"`
	Outcome   string         `json:"outcome"`
	RequestID *string        `json:"request_id"`
	Details   map[string]any `json:"details"`
	PrevHash  string         `json:"prev_hash"`
	Hash      string         `json:"hash"`
}

// AuditVerification is OK with the event count, or the first broken Seq and why.
type AuditVerification struct {
	OK     bool   `json:"ok"`
	Count  int64  `json:"count,omitempty"`
	Seq    int64  `json:"seq,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// VaultConfig is the workspace's Vault configuration; secret parts appear only as *_set flags.
type VaultConfig struct {
	Address         string    `json:"address"`
	Namespace       *string   `json:"namespace"`
	Mount           string    `json:"mount"`
	KVVersion       int       `json:"kv_version"`
	CACert          *string   `json:"ca_cert"`
	CacheTTLSeconds int       `json:"cache_ttl_seconds"`
	TimeoutMS       int       `json:"timeout_ms"`
	Auth            VaultAuth `json:"auth"`
	Version         int       `json:"version"`
	UpdatedAt       string    `json:"updated_at"`
}

// VaultAuth is how Patchbay logs in to Vault: method "token" or "approle".
type VaultAuth struct {
	Method      string `json:"method"`
	TokenSet    *bool  `json:"token_set,omitempty"`
	RoleID      string `json:"role_id,omitempty"`
	SecretIDSet *bool  `json:"secret_id_set,omitempty"`
}

// VaultCheck is the reachability, seal state and authentication of the configured Vault.
type VaultCheck struct {
	Reachable     bool   `json:"reachable"`
	Initialized   bool   `json:"initialized"`
	Sealed        bool   `json:"sealed"`
	Authenticated bool   `json:"authenticated"`
	Version       string `json:"version,omitempty"`
	Message       string `json:"message"`
	Reason        string `json:"reason,omitempty"`
}

// Session is who is calling: the workspace, token and role behind the credentials.
type Session struct {
	Workspace string `json:"workspace"`
	TokenID   string `json:"token_id"`
	TokenName string `json:"token_name"`
	Role      Role   `json:"role"`
	Reveal    bool   `json:"reveal"`
}

// Page is one page of a list; NextCursor is "" on the last page.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}
