package patchbay

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// openAPIPath is the repository's contract, relative to this module.
const openAPIPath = "../../openapi.json"

// operation is how the SDK covers one method + path: the public method (a path from Client, e.g.
// "Cloud.Connections.Complete" would also do) and the Go type of its request body, if it has one.
type operation struct {
	method string
	body   any
}

// operations lists every method + path of openapi.json and the SDK method that calls it.
var operations = map[string]operation{
	"GET /v1/types":                         {method: "Types.List"},
	"GET /v1/types/{type}":                  {method: "Types.Get"},
	"POST /v1/connections":                  {method: "Connections.Create", body: CreateConnectionInput{}},
	"GET /v1/connections":                   {method: "Connections.ListPages"},
	"GET /v1/connections/{tag}":             {method: "Connections.Get"},
	"PATCH /v1/connections/{tag}":           {method: "Connections.Update", body: UpdateConnectionInput{}},
	"DELETE /v1/connections/{tag}":          {method: "Connections.Delete"},
	"PUT /v1/connections/{tag}/credentials": {method: "Connections.SetCredentials", body: map[string]any{}},
	"POST /v1/connections/{tag}/validate":   {method: "Connections.Validate"},
	"PUT /v1/connections/{tag}/vault":       {method: "Connections.AttachVault", body: AttachVaultInput{}},
	"DELETE /v1/connections/{tag}/vault":    {method: "Connections.DetachVault"},
	"POST /v1/connections/{tag}/resolve":    {method: "Connections.Resolve", body: ResolveOptions{}},
	"POST /v1/connections/{tag}/connect":    {method: "Connections.Connect", body: ConnectOptions{}},
	"POST /v1/connections/{tag}/revoke":     {method: "Connections.Revoke"},
	"POST /v1/connections/{tag}/restore":    {method: "Connections.Restore"},
	"GET /v1/executions":                    {method: "Executions.ListPages"},
	"GET /v1/executions/{id}":               {method: "Executions.Get"},
	"POST /v1/components":                   {method: "Components.Link", body: LinkComponentInput{}},
	"GET /v1/components":                    {method: "Components.ListPages"},
	"GET /v1/components/{name}":             {method: "Components.Get"},
	"DELETE /v1/components/{name}":          {method: "Components.Unlink"},
	"GET /v1/vault":                         {method: "Vault.Get"},
	"PUT /v1/vault":                         {method: "Vault.Configure", body: VaultConfigInput{}},
	"POST /v1/vault/check":                  {method: "Vault.Check"},
	"POST /v1/tokens":                       {method: "Tokens.Create", body: CreateTokenInput{}},
	"GET /v1/tokens":                        {method: "Tokens.List"},
	"DELETE /v1/tokens/{id}":                {method: "Tokens.Revoke"},
	"POST /v1/workspaces": {method: "Workspaces.Create", body: struct {
		Name string `json:"name"`
	}{}},
	"GET /v1/workspaces":   {method: "Workspaces.List"},
	"GET /v1/audit":        {method: "Audit.ListPages"},
	"GET /v1/audit/verify": {method: "Audit.Verify"},
	"GET /v1/session":      {method: "Session.Whoami"},
	"POST /v1/session": {method: "Session.SignIn", body: struct {
		Token string `json:"token"`
	}{}},
	"DELETE /v1/session": {method: "Session.SignOut"},
}

// models maps every components.schemas entry to the Go type that decodes it.
var models = map[string]any{
	"Error": errorBody{}, "Execution": Execution{}, "Component": Component{}, "Token": Token{},
	"Workspace": Workspace{}, "AuditEvent": AuditEvent{}, "ConnectionType": ConnectionType{},
	"Connection": Connection{}, "Validation": Validation{}, "Resolution": Resolution{},
	"VaultConfig": VaultConfig{}, "VaultCheck": VaultCheck{}, "Session": Session{},
}

type schema map[string]any

type openAPI struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]schema `json:"schemas"`
	} `json:"components"`
}

type openAPIOperation struct {
	RequestBody struct {
		Content map[string]struct{ Schema schema } `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct{ Schema schema } `json:"content"`
	} `json:"responses"`
}

func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	raw, err := os.ReadFile(openAPIPath)
	if err != nil {
		t.Fatalf("the coverage test reads the repository's %s: %v", openAPIPath, err)
	}
	var doc openAPI
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

func TestCoverageEveryOperationHasAMethod(t *testing.T) {
	doc := loadOpenAPI(t)
	client, _ := NewClient("http://127.0.0.1:1", "")
	seen := map[string]bool{}
	for path, methods := range doc.Paths {
		for verb, raw := range methods {
			key := strings.ToUpper(verb) + " " + path
			seen[key] = true
			op, ok := operations[key]
			if !ok {
				t.Errorf("openapi.json has %s; add a method to the Go SDK and to the operations table", key)
				continue
			}
			m, err := lookupMethod(client, op.method)
			if err != nil {
				t.Errorf("%s: %v", key, err)
				continue
			}
			var spec openAPIOperation
			_ = json.Unmarshal(raw, &spec)
			checkResponse(t, doc, key, spec, m.Type())
			if body := spec.RequestBody.Content["application/json"].Schema; body != nil {
				if op.body == nil {
					t.Errorf("%s takes a body; name its Go type in the operations table", key)
				} else {
					checkRequest(t, doc, key, body, reflect.TypeOf(op.body))
				}
			}
		}
	}
	for key := range operations {
		if !seen[key] {
			t.Errorf("the operations table names %s, which openapi.json no longer has", key)
		}
	}
	if !t.Failed() {
		t.Logf("coverage: %d operations of openapi.json, each with a Go method", len(seen))
	}
}

func TestCoverageEverySchemaFieldHasAGoField(t *testing.T) {
	doc := loadOpenAPI(t)
	fields := 0
	for name, s := range doc.Components.Schemas {
		model, ok := models[name]
		if !ok {
			t.Errorf("openapi.json has the schema %s; add a Go model for it", name)
			continue
		}
		props, _ := s["properties"].(map[string]any)
		fields += len(props)
		for _, missing := range missingFields(doc, s, reflect.TypeOf(model), name, false) {
			t.Errorf("openapi.json has %s; the Go model has no field with that json tag", missing)
		}
	}
	if !t.Failed() {
		t.Logf("coverage: %d schemas with %d top-level fields, each in a Go model", len(doc.Components.Schemas), fields)
	}
}

// lookupMethod follows "Service.Method" (or "Cloud.Connections.Method") from the client.
func lookupMethod(client *Client, name string) (reflect.Value, error) {
	parts := strings.Split(name, ".")
	v := reflect.ValueOf(client)
	for _, field := range parts[:len(parts)-1] {
		v = v.Elem().FieldByName(field)
		if !v.IsValid() {
			return v, fmt.Errorf("the client has no service %s (in %s)", field, name)
		}
	}
	m := v.MethodByName(parts[len(parts)-1])
	if !m.IsValid() {
		return m, fmt.Errorf("%s does not exist", name)
	}
	return m, nil
}

// checkResponse compares the 2xx answer's schema with what the method returns.
func checkResponse(t *testing.T, doc *openAPI, key string, spec openAPIOperation, fn reflect.Type) {
	for code, res := range spec.Responses {
		s := res.Content["application/json"].Schema
		if !strings.HasPrefix(code, "2") || s == nil {
			continue
		}
		if fn.Out(0) == reflect.TypeOf((*error)(nil)).Elem() {
			t.Errorf("%s answers %s with a body, but its method returns only an error", key, code)
			continue
		}
		for _, missing := range missingFields(doc, s, returned(fn.Out(0)), key, false) {
			t.Errorf("%s answers %s with %s, which the Go SDK does not decode", key, code, missing)
		}
	}
}

// checkRequest makes sure every property the server accepts can be sent (immutable ones excepted).
func checkRequest(t *testing.T, doc *openAPI, key string, s schema, body reflect.Type) {
	for _, missing := range missingFields(doc, s, body, key+" body", true) {
		t.Errorf("%s accepts %s, which the Go SDK cannot send", key, missing)
	}
}

// returned unwraps what a method gives back: *T → T, iter.Seq2[*Page[T], error] → Page[T], []T → {items: []T}.
func returned(rt reflect.Type) reflect.Type {
	if rt.Kind() == reflect.Func && rt.NumIn() == 1 && rt.In(0).Kind() == reflect.Func { // iter.Seq2[K, V]
		rt = rt.In(0).In(0)
	}
	if rt.Kind() == reflect.Slice {
		return reflect.StructOf([]reflect.StructField{{Name: "Items", Type: rt, Tag: `json:"items"`}})
	}
	for rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	return rt
}

// serverErrorTable is the server's one table of SPEC 2.1 codes and their statuses.
const serverErrorTable = "../../packages/server/src/domain/errors.ts"

func TestCoverageEveryServerErrorCodeHasASentinel(t *testing.T) {
	raw, err := os.ReadFile(serverErrorTable)
	if err != nil {
		t.Fatalf("the coverage test reads the server's error table %s: %v", serverErrorTable, err)
	}
	_, table, _ := strings.Cut(string(raw), "export const ERROR_STATUS = {")
	table, _, _ = strings.Cut(table, "}")
	entries := regexp.MustCompile(`(?m)^\s*([a-z_]+):\s*(\d{3}),?\s*$`).FindAllStringSubmatch(table, -1)
	if len(entries) < 20 {
		t.Fatalf("found only %d codes in %s; has ERROR_STATUS moved?", len(entries), serverErrorTable)
	}
	for _, e := range entries {
		if got := ErrorCode(e[1]).Status(); fmt.Sprint(got) != e[2] {
			t.Errorf("the server answers %s with %s; the Go SDK's table says %d", e[1], e[2], got)
		}
	}
	if len(entries) != len(errorStatus) {
		t.Errorf("the server has %d codes, the Go SDK %d", len(entries), len(errorStatus))
	}
	if !t.Failed() {
		t.Logf("coverage: %d SPEC 2.1 codes of the server, each a Go sentinel with its status", len(entries))
	}
}
