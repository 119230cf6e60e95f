package patchbay

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Substitution of ${var}, ${saved.x}, ${token:runner}, and the partial deep match of SCENARIOS.md.

var placeholder = regexp.MustCompile(`\$\{([^}]+)\}`)

// substituteRaw applies substitution to every string of a JSON document.
func (r *scenarioRun) substituteRaw(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 {
		return json.RawMessage("{}"), nil
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	out, err := r.substitute(doc)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

func (r *scenarioRun) substitute(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return r.substituteString(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			s, err := r.substitute(e)
			if err != nil {
				return nil, err
			}
			out[k] = s
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			s, err := r.substitute(e)
			if err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	}
	return v, nil
}

// substituteString: a string that is exactly one ${…} keeps the variable's JSON type.
func (r *scenarioRun) substituteString(s string) (any, error) {
	if m := placeholder.FindStringSubmatch(s); m != nil && m[0] == s {
		return r.variable(m[1])
	}
	var missing error
	out := placeholder.ReplaceAllStringFunc(s, func(p string) string {
		v, err := r.variable(p[2 : len(p)-1])
		if err != nil {
			missing = err
			return p
		}
		if f, ok := v.(float64); ok {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		return fmt.Sprint(v)
	})
	return out, missing
}

func (r *scenarioRun) variable(name string) (any, error) {
	switch {
	case name == "token:runner":
		return r.runner, nil
	case strings.HasPrefix(name, "saved."):
		if v, ok := r.saved[strings.TrimPrefix(name, "saved.")]; ok {
			return v, nil
		}
		return nil, fmt.Errorf("${%s} was not saved by an earlier step", name)
	}
	if v, ok := r.vars[name]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("${%s} is not in PATCHBAY_SCENARIO_VARS", name)
}

// lookupPath follows "a.b.0.c" through objects and arrays.
func lookupPath(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[part]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// match is the partial deep match: objects recursively (keys given must match), arrays element-wise
// and by length, matchers ($exists, $regex, $len, $len_gte, $ne, $contains) in place of a value.
func match(want, got any, at string) error {
	switch w := want.(type) {
	case map[string]any:
		if isMatcher(w) {
			return matchOperators(w, got, at)
		}
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %s", at, mustJSON(got))
		}
		for key, sub := range w {
			value, present := g[key]
			if m, ok := sub.(map[string]any); ok && isMatcher(m) {
				if exists, has := m["$exists"]; has && exists != present {
					return fmt.Errorf("%s.%s: want $exists %v", at, key, exists)
				}
				if !present {
					continue
				}
			} else if !present {
				return fmt.Errorf("%s.%s: missing", at, key)
			}
			if err := match(sub, value, at+"."+key); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: want %d elements, got %s", at, len(w), mustJSON(got))
		}
		for i := range w {
			if err := match(w[i], g[i], fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Errorf("%s: want %s, got %s", at, mustJSON(want), mustJSON(got))
	}
	return nil
}

func isMatcher(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k := range m {
		if !strings.HasPrefix(k, "$") {
			return false
		}
	}
	return true
}

// matchOperators applies every $operator of m to got ($exists is handled by the parent object).
func matchOperators(m map[string]any, got any, at string) error {
	for op, arg := range m {
		var err error
		switch op {
		case "$exists":
		case "$regex":
			s, ok := got.(string)
			if !ok || !regexp.MustCompile(fmt.Sprint(arg)).MatchString(s) {
				err = fmt.Errorf("%s: %s does not match /%v/", at, mustJSON(got), arg)
			}
		case "$len", "$len_gte":
			n, ok := length(got)
			want := int(arg.(float64))
			if !ok || (op == "$len" && n != want) || (op == "$len_gte" && n < want) {
				err = fmt.Errorf("%s: want %s %d, got %s", at, op, want, truncate(mustJSON(got), 300))
			}
		case "$ne":
			if match(arg, got, at) == nil {
				err = fmt.Errorf("%s: want anything but %s", at, mustJSON(arg))
			}
		case "$contains":
			err = contains(arg, got, at)
		default:
			err = fmt.Errorf("%s: unknown matcher %s", at, op)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func contains(want, got any, at string) error {
	list, ok := got.([]any)
	if !ok {
		return fmt.Errorf("%s: $contains wants an array, got %s", at, mustJSON(got))
	}
	for _, e := range list {
		if match(want, e, at) == nil {
			return nil
		}
	}
	return fmt.Errorf("%s: no element matches %s among %d", at, mustJSON(want), len(list))
}

func length(v any) (int, bool) {
	switch x := v.(type) {
	case []any:
		return len(x), true
	case map[string]any:
		return len(x), true
	case string:
		return len([]rune(x)), true
	}
	return 0, false
}

// The runner's own matcher must be able to fail, or every scenario would pass vacuously.
func TestScenarioMatcher(t *testing.T) {
	got := map[string]any{"a": "pb-12", "n": 1.0, "list": []any{map[string]any{"id": "x"}, "y"}, "null": nil}
	for _, c := range []struct {
		want string
		ok   bool
	}{
		{`{"a":{"$regex":"^pb-"},"n":1}`, true}, {`{"a":{"$regex":"^no"}}`, false},
		{`{"list":{"$len":2}}`, true}, {`{"list":{"$len":3}}`, false}, {`{"list":{"$len_gte":3}}`, false},
		{`{"list":{"$contains":{"id":"x"}}}`, true}, {`{"list":{"$contains":{"id":"z"}}}`, false},
		{`{"missing":{"$exists":false}}`, true}, {`{"a":{"$exists":false}}`, false}, {`{"missing":1}`, false},
		{`{"null":{"$exists":true}}`, true}, {`{"null":null}`, true}, {`{"null":{"$ne":null}}`, false},
		{`{"list":[{"id":"x"}]}`, false}, {`{"list":[{"id":"x"},"y"]}`, true}, {`{"n":2}`, false},
	} {
		var want any
		if err := json.Unmarshal([]byte(c.want), &want); err != nil {
			t.Fatal(err)
		}
		if err := match(want, got, "r"); (err == nil) != c.ok {
			t.Errorf("match(%s) = %v, want ok=%v", c.want, err, c.ok)
		}
	}
}
