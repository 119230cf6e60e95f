package patchbay

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
)

// What goes on the wire: paths, escaping, If-Match, merge-patch nulls, the cloud tag.
func TestUpdateSendsMergePatchAndIfMatch(t *testing.T) {
	r := newRecorder(t, jsonHandler(200, `{"tag":"library","version":4}`))
	c, _ := testClient(t, r)

	conn, err := c.Connections.Update(context.Background(), "library", UpdateConnectionInput{
		Description: Ptr(""), Value: map[string]any{"ref": "main", "old_key": nil},
	}, &UpdateOptions{IfMatch: 3})

	if err != nil || conn.Version != 4 {
		t.Fatalf("%v %+v", err, conn)
	}
	got := r.last()
	if got.Method != "PATCH" || got.Path != "/v1/connections/library" || got.IfMatch != `"3"` {
		t.Fatalf("request %+v", got)
	}
	var body map[string]any
	_ = json.Unmarshal([]byte(got.Body), &body)
	value, _ := body["value"].(map[string]any)
	if _, kept := value["old_key"]; !kept || value["old_key"] != nil || body["description"] != "" {
		t.Fatalf("merge patch lost its null or the empty description: %s", got.Body)
	}
	if _, sent := body["display_name"]; sent {
		t.Fatalf("unset fields must not be sent: %s", got.Body)
	}
}

func TestTagsAreOneEscapedSegment(t *testing.T) {
	r := newRecorder(t, jsonHandler(200, `{}`))
	c, _ := testClient(t, r)

	_, _ = c.Connections.Get(context.Background(), "../tokens")

	if p := r.last().Path; p != "/v1/connections/..%2Ftokens" {
		t.Fatalf("path %q", p)
	}
}

func TestBaseURLWithPrefixAndDeleteForce(t *testing.T) {
	r := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	c, err := NewClient(r.server.URL+"/patchbay/", canaryToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Cloud.Connections.Delete(context.Background(), "prod_aws", &DeleteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if got := r.last(); got.Method != "DELETE" || got.Path != "/patchbay/v1/connections/prod_aws" || got.Query != "force=true" {
		t.Fatalf("request %+v", got)
	}
}

func TestCloudCreateDerivesTagAndDisplayName(t *testing.T) {
	r := newRecorder(t, jsonHandler(201, `{"tag":"prod_aws","status":"pending","setup":{"external_id":"pb-1"}}`))
	c, _ := testClient(t, r)

	conn, err := c.Cloud.Connections.Create(context.Background(), CreateCloudConnectionInput{
		Provider: "aws", Name: "Prod AWS", Scopes: []Scope{ScopeStorage},
	})

	if err != nil || conn.Setup["external_id"] != "pb-1" {
		t.Fatalf("%v %+v", err, conn)
	}
	var body map[string]any
	_ = json.Unmarshal([]byte(r.last().Body), &body)
	if body["tag"] != "prod_aws" || body["type"] != "aws" || body["display_name"] != "Prod AWS" {
		t.Fatalf("body %s", r.last().Body)
	}
}

func TestVaultGetIsNilWhenUnconfigured(t *testing.T) {
	r := newRecorder(t, jsonHandler(200, `null`))
	c, _ := testClient(t, r)
	cfg, err := c.Vault.Get(context.Background())
	if err != nil || cfg != nil {
		t.Fatalf("want nil config, got %+v %v", cfg, err)
	}
}

func TestNewClientRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:7300", "ftp://x", "http://"} {
		if _, err := NewClient(u, canaryToken); err == nil {
			t.Fatalf("NewClient(%q) accepted", u)
		}
	}
}

func TestAttachVaultSendsVersionOnlyWhenPinned(t *testing.T) {
	r := newRecorder(t, jsonHandler(200, `{"tag":"oracle","vault":{"path":"secret/data/oracle","version":3}}`))
	c, _ := testClient(t, r)

	conn, err := c.Connections.AttachVault(context.Background(), "oracle", "secret/data/oracle", &AttachVaultOptions{Version: 3})
	if err != nil || conn.Vault == nil || conn.Vault.Version != 3 {
		t.Fatalf("%v %+v", err, conn)
	}
	if got := r.last(); got.Method != "PUT" || got.Path != "/v1/connections/oracle/vault" ||
		got.Body != `{"path":"secret/data/oracle","version":3}` {
		t.Fatalf("pinned request %+v", got)
	}
	if _, err := c.Connections.AttachVault(context.Background(), "oracle", "secret/data/oracle", nil); err != nil {
		t.Fatal(err)
	}
	if body := r.last().Body; body != `{"path":"secret/data/oracle"}` {
		t.Fatalf("unpinned attach must not send a version: %s", body)
	}
}
