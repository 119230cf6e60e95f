package patchbay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
)

// Each scenario op mapped to the SDK's public method: args are decoded into the method's own input
// types (unknown args fail the step), results go back as JSON for the match.

type opFunc func(ctx context.Context, c *Client, args json.RawMessage) (any, error)

// decode reads args into T, refusing arguments the Go method has no parameter for.
func decode[T any](args json.RawMessage) (T, error) {
	var v T
	dec := json.NewDecoder(bytes.NewReader(args))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return v, fmt.Errorf("the scenario's args do not fit the Go method: %w", err)
	}
	return v, nil
}

// with decodes args into A and calls fn.
func with[A any](fn func(ctx context.Context, c *Client, a A) (any, error)) opFunc {
	return func(ctx context.Context, c *Client, args json.RawMessage) (any, error) {
		a, err := decode[A](args)
		if err != nil {
			return nil, err
		}
		return fn(ctx, c, a)
	}
}

type tagArgs struct {
	Tag string `json:"tag"`
}

type deleteArgs struct {
	Tag   string `json:"tag"`
	Force bool   `json:"force"`
}

type inputArgs struct {
	Tag   string         `json:"tag"`
	Input map[string]any `json:"input"`
}

type listArgs struct {
	Type   string           `json:"type"`
	Kind   Kind             `json:"kind"`
	Status ConnectionStatus `json:"status"`
	Q      string           `json:"q"`
	Limit  *int             `json:"limit"`
}

// gathered is the result of a list op: every item and the page count, from one pass of the SDK's
// page iterator (the item iterator List is covered by paging_test.go).
func gathered[T any](pageSeq iter.Seq2[*Page[T], error]) (any, error) {
	all := []T{}
	n := 0
	for page, err := range pageSeq {
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		n++
	}
	return map[string]any{"items": all, "pages": n}, nil
}

func itemsResult[T any](list []T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []T{}
	}
	return map[string]any{"items": list}, nil
}

func done(err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return map[string]any{}, nil
}

var scenarioOps = map[string]opFunc{}

func init() {
	for name, op := range connectionOps() {
		scenarioOps[name] = op
	}
	for name, op := range cloudOps() {
		scenarioOps[name] = op
	}
	for name, op := range adminOps() {
		scenarioOps[name] = op
	}
}

func connectionOps() map[string]opFunc {
	return map[string]opFunc{
		"connections.create": with(func(ctx context.Context, c *Client, a CreateConnectionInput) (any, error) {
			return c.Connections.Create(ctx, a)
		}),
		"connections.get": with(func(ctx context.Context, c *Client, a tagArgs) (any, error) {
			return c.Connections.Get(ctx, a.Tag)
		}),
		"connections.list": with(func(ctx context.Context, c *Client, a listArgs) (any, error) {
			opts := &ListConnectionsOptions{Type: a.Type, Kind: a.Kind, Status: a.Status, Q: a.Q, Limit: a.Limit}
			return gathered(c.Connections.ListPages(ctx, opts))
		}),
		"connections.update": with(func(ctx context.Context, c *Client, a struct {
			Tag     string          `json:"tag"`
			Patch   json.RawMessage `json:"patch"`
			IfMatch int             `json:"if_match"`
		}) (any, error) {
			patch, err := decode[UpdateConnectionInput](a.Patch)
			if err != nil {
				return nil, err
			}
			return c.Connections.Update(ctx, a.Tag, patch, &UpdateOptions{IfMatch: a.IfMatch})
		}),
		"connections.credentials": with(func(ctx context.Context, c *Client, a inputArgs) (any, error) {
			return c.Connections.SetCredentials(ctx, a.Tag, a.Input)
		}),
		"connections.validate": with(func(ctx context.Context, c *Client, a tagArgs) (any, error) {
			return c.Connections.Validate(ctx, a.Tag)
		}),
		"connections.resolve": with(func(ctx context.Context, c *Client, a struct {
			Tag string `json:"tag"`
			ResolveOptions
		}) (any, error) {
			return c.Connections.Resolve(ctx, a.Tag, &a.ResolveOptions)
		}),
		"connections.connect": with(func(ctx context.Context, c *Client, a struct {
			Tag string `json:"tag"`
			ConnectOptions
		}) (any, error) {
			return c.Connections.Connect(ctx, a.Tag, &a.ConnectOptions)
		}),
		"connections.revoke": with(func(ctx context.Context, c *Client, a tagArgs) (any, error) {
			return c.Connections.Revoke(ctx, a.Tag)
		}),
		"connections.restore": with(func(ctx context.Context, c *Client, a tagArgs) (any, error) {
			return c.Connections.Restore(ctx, a.Tag)
		}),
		"connections.delete": with(func(ctx context.Context, c *Client, a deleteArgs) (any, error) {
			return done(c.Connections.Delete(ctx, a.Tag, &DeleteOptions{Force: a.Force}))
		}),
		"connections.attach_vault": with(func(ctx context.Context, c *Client, a struct {
			Tag     string `json:"tag"`
			Path    string `json:"path"`
			Version int    `json:"version"`
		}) (any, error) {
			return c.Connections.AttachVault(ctx, a.Tag, a.Path, &AttachVaultOptions{Version: a.Version})
		}),
		"connections.detach_vault": with(func(ctx context.Context, c *Client, a tagArgs) (any, error) {
			return c.Connections.DetachVault(ctx, a.Tag)
		}),
	}
}

func cloudOps() map[string]opFunc {
	return map[string]opFunc{
		"cloud.connections.create": with(func(ctx context.Context, c *Client, a CreateCloudConnectionInput) (any, error) {
			return c.Cloud.Connections.Create(ctx, a)
		}),
		"cloud.connections.complete": with(func(ctx context.Context, c *Client, a inputArgs) (any, error) {
			return c.Cloud.Connections.Complete(ctx, a.Tag, a.Input)
		}),
		"cloud.connections.validate": with(func(ctx context.Context, c *Client, a tagArgs) (any, error) {
			return c.Cloud.Connections.Validate(ctx, a.Tag)
		}),
		"cloud.connections.fetch": with(func(ctx context.Context, c *Client, a tagArgs) (any, error) {
			return c.Cloud.Connections.Fetch(ctx, a.Tag)
		}),
		"cloud.connections.list": with(func(ctx context.Context, c *Client, a struct {
			Provider string `json:"provider"`
			Limit    *int   `json:"limit"`
		}) (any, error) {
			opts := &ListCloudConnectionsOptions{Provider: a.Provider, Limit: a.Limit}
			return gathered(c.Cloud.Connections.ListPages(ctx, opts))
		}),
		"cloud.connections.update": with(func(ctx context.Context, c *Client, a struct {
			Tag   string          `json:"tag"`
			Patch json.RawMessage `json:"patch"`
		}) (any, error) {
			patch, err := decode[UpdateCloudConnectionInput](a.Patch)
			if err != nil {
				return nil, err
			}
			return c.Cloud.Connections.Update(ctx, a.Tag, patch)
		}),
		"cloud.connections.delete": with(func(ctx context.Context, c *Client, a deleteArgs) (any, error) {
			return done(c.Cloud.Connections.Delete(ctx, a.Tag, &DeleteOptions{Force: a.Force}))
		}),
	}
}
