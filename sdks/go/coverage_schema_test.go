package patchbay

import (
	"reflect"
	"sort"
	"strings"
)

// Walking openapi.json's schemas next to Go types, for coverage_test.go.

// missingFields lists the properties of s (through $ref, anyOf and array items) that have no json
// tag in Go type rt. Free-form Go types (map, any) accept every property.
func missingFields(doc *openAPI, s schema, rt reflect.Type, where string, request bool) []string {
	for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice {
		rt = rt.Elem()
	}
	s = resolve(doc, s)
	var missing []string
	if items, ok := s["items"].(map[string]any); ok {
		missing = append(missing, missingFields(doc, items, rt, where+"[]", request)...)
	}
	for _, branch := range anyOf(s) {
		missing = append(missing, missingFields(doc, branch, rt, where, request)...)
	}
	props, _ := s["properties"].(map[string]any)
	if rt.Kind() != reflect.Struct {
		return missing
	}
	tags := jsonFields(rt)
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		prop, _ := props[name].(map[string]any)
		field, ok := tags[name]
		if !ok {
			if desc, _ := prop["description"].(string); request && strings.HasPrefix(desc, "immutable") {
				continue
			}
			missing = append(missing, where+"."+name)
			continue
		}
		missing = append(missing, missingFields(doc, prop, field, where+"."+name, request)...)
	}
	return missing
}

func resolve(doc *openAPI, s schema) schema {
	if ref, ok := s["$ref"].(string); ok {
		return doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
	}
	return s
}

func anyOf(s schema) []schema {
	list, _ := s["anyOf"].([]any)
	out := make([]schema, 0, len(list))
	for _, b := range list {
		if m, ok := b.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// jsonFields maps the wire names of rt's fields to their types.
func jsonFields(rt reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range rt.NumField() {
		f := rt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = f.Type
		}
	}
	return out
}
