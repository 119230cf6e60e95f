package patchbay

import (
	"context"
	"encoding/json"
)

// The scenario ops of executions, components, Vault, types and tokens.
func adminOps() map[string]opFunc {
	return map[string]opFunc{
		"executions.list": with(func(ctx context.Context, c *Client, a struct {
			Tag   string `json:"tag"`
			Limit *int   `json:"limit"`
		}) (any, error) {
			opts := &ListExecutionsOptions{Tag: a.Tag, Limit: a.Limit}
			return gathered(c.Executions.ListPages(ctx, opts))
		}),
		"executions.get": with(func(ctx context.Context, c *Client, a struct {
			ID string `json:"id"`
		}) (any, error) {
			return c.Executions.Get(ctx, a.ID)
		}),
		"components.link": with(func(ctx context.Context, c *Client, a LinkComponentInput) (any, error) {
			return c.Components.Link(ctx, a)
		}),
		"components.list": with(func(ctx context.Context, c *Client, _ struct{}) (any, error) {
			return gathered(c.Components.ListPages(ctx, nil))
		}),
		"components.get": with(func(ctx context.Context, c *Client, a struct {
			Name string `json:"name"`
		}) (any, error) {
			return c.Components.Get(ctx, a.Name)
		}),
		"components.unlink": with(func(ctx context.Context, c *Client, a struct {
			Name string `json:"name"`
		}) (any, error) {
			return done(c.Components.Unlink(ctx, a.Name))
		}),
		"vault.get": with(func(ctx context.Context, c *Client, _ struct{}) (any, error) {
			return c.Vault.Get(ctx)
		}),
		"vault.configure": with(func(ctx context.Context, c *Client, a struct {
			Config json.RawMessage `json:"config"`
		}) (any, error) {
			config, err := decode[VaultConfigInput](a.Config)
			if err != nil {
				return nil, err
			}
			return c.Vault.Configure(ctx, config)
		}),
		"vault.check": with(func(ctx context.Context, c *Client, _ struct{}) (any, error) {
			return c.Vault.Check(ctx)
		}),
		"types.list": with(func(ctx context.Context, c *Client, _ struct{}) (any, error) {
			return itemsResult(c.Types.List(ctx))
		}),
		"types.get": with(func(ctx context.Context, c *Client, a struct {
			Type string `json:"type"`
		}) (any, error) {
			return c.Types.Get(ctx, a.Type)
		}),
		"tokens.create": with(func(ctx context.Context, c *Client, a CreateTokenInput) (any, error) {
			return c.Tokens.Create(ctx, a)
		}),
		"tokens.list": with(func(ctx context.Context, c *Client, _ struct{}) (any, error) {
			return itemsResult(c.Tokens.List(ctx))
		}),
		"tokens.delete": with(func(ctx context.Context, c *Client, a struct {
			ID string `json:"id"`
		}) (any, error) {
			return done(c.Tokens.Revoke(ctx, a.ID))
		}),
	}
}
