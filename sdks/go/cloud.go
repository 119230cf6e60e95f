package patchbay

import (
	"context"
	"iter"
	"regexp"
	"strings"
)

// CloudService groups the cloud lifecycle: client.Cloud.Connections.
type CloudService struct {
	// Connections is create → complete → validate → fetch/list → update → delete (SPEC 4).
	Connections *CloudConnectionsService
}

// CloudConnectionsService is the Ductape-style lifecycle of cloud connections, on the same
// connections as client.Connections.
type CloudConnectionsService struct {
	c *ConnectionsService
}

var notTagChars = regexp.MustCompile(`[^a-z0-9_-]`)

// CloudTag is the tag a cloud connection named name gets: CloudTag("Prod AWS") == "prod_aws".
func CloudTag(name string) string {
	return notTagChars.ReplaceAllString(strings.ToLower(strings.TrimSpace(name)), "_")
}

// Create makes a pending cloud connection; for aws, Setup holds the external_id and trust_policy
// to paste into the IAM role.
func (s *CloudConnectionsService) Create(ctx context.Context, in CreateCloudConnectionInput) (*Connection, error) {
	display := in.DisplayName
	if display == "" {
		display = in.Name
	}
	return s.c.Create(ctx, CreateConnectionInput{
		Tag: CloudTag(in.Name), Type: in.Provider, DisplayName: display,
		Description: in.Description, Scopes: in.Scopes,
	})
}

// Complete sets the credentials ({"role_arn": …} for aws); blank secrets keep the stored ones.
func (s *CloudConnectionsService) Complete(ctx context.Context, cloudTag string, input map[string]any) (*Connection, error) {
	return s.c.SetCredentials(ctx, cloudTag, input)
}

// Validate tests the credentials and activates the connection.
func (s *CloudConnectionsService) Validate(ctx context.Context, cloudTag string) (*Validation, error) {
	return s.c.Validate(ctx, cloudTag)
}

// Fetch gets one cloud connection.
func (s *CloudConnectionsService) Fetch(ctx context.Context, cloudTag string) (*Connection, error) {
	return s.c.Get(ctx, cloudTag)
}

// List yields every cloud connection (kind=cloud), optionally of one provider.
func (s *CloudConnectionsService) List(ctx context.Context, opts *ListCloudConnectionsOptions) iter.Seq2[Connection, error] {
	return s.c.List(ctx, opts.connections())
}

// ListPages yields the pages of List.
func (s *CloudConnectionsService) ListPages(ctx context.Context, opts *ListCloudConnectionsOptions) iter.Seq2[*Page[Connection], error] {
	return s.c.ListPages(ctx, opts.connections())
}

// Update changes display name, description or scopes; the status is kept.
func (s *CloudConnectionsService) Update(ctx context.Context, cloudTag string, in UpdateCloudConnectionInput) (*Connection, error) {
	return s.c.Update(ctx, cloudTag, UpdateConnectionInput{
		DisplayName: in.DisplayName, Description: in.Description, Scopes: in.Scopes,
	}, nil)
}

// Delete removes it; ErrConnectionInUse while components are linked, unless opts.Force.
func (s *CloudConnectionsService) Delete(ctx context.Context, cloudTag string, opts *DeleteOptions) error {
	return s.c.Delete(ctx, cloudTag, opts)
}

func (o *ListCloudConnectionsOptions) connections() *ListConnectionsOptions {
	out := &ListConnectionsOptions{Kind: KindCloud}
	if o != nil {
		out.Type, out.Status, out.Q, out.Limit = o.Provider, o.Status, o.Q, o.Limit
	}
	return out
}
