package patchbay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The shared scenario suite (sdks/scenarios/*.json, see sdks/scenarios/README.md and
// SCENARIOS.md): every step is run through the SDK's public methods against the real server that
// packages/server/test/sdks/go.test.ts starts, one subtest per scenario file.

type scenario struct {
	Name  string `json:"name"`
	Steps []step `json:"steps"`
}

type step struct {
	Op          string            `json:"op"`
	Args        json.RawMessage   `json:"args"`
	Expect      json.RawMessage   `json:"expect"`
	ExpectError json.RawMessage   `json:"expect_error"`
	Save        map[string]string `json:"save"`
	As          string            `json:"as"`
}

type expectedError struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
}

// scenarioRun is the state one scenario file's steps share.
type scenarioRun struct {
	clients map[string]*Client // "admin" and "runner"
	vars    map[string]any
	saved   map[string]any
	runner  string
}

func TestScenarios(t *testing.T) {
	url, dir, vars := scenarioEnv(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no scenario files in %s", dir)
	}
	admin := mustClient(t, url, os.Getenv("PATCHBAY_TOKEN"))
	runner := mustClient(t, url, os.Getenv("PATCHBAY_RUNNER_TOKEN"))
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			sc := loadScenario(t, file)
			t.Logf("scenario: %s", sc.Name)
			run := &scenarioRun{
				clients: map[string]*Client{"admin": admin, "runner": runner},
				vars:    vars, saved: map[string]any{}, runner: os.Getenv("PATCHBAY_RUNNER_TOKEN"),
			}
			for i, st := range sc.Steps {
				note, err := run.step(st)
				if err != nil {
					t.Fatalf("step %d (%s): %v", i+1, st.Op, err)
				}
				t.Logf("step %d %s: %s", i+1, st.Op, note)
			}
		})
	}
}

// scenarioEnv reads what the harness passes; without PATCHBAY_URL it skips loudly (fails under CI).
func scenarioEnv(t *testing.T) (url, dir string, vars map[string]any) {
	url = os.Getenv("PATCHBAY_URL")
	if url == "" {
		reason := "PATCHBAY_URL is not set. The scenarios run against a real server started by " +
			"`npx vitest run packages/server/test/sdks/go.test.ts` (or set PATCHBAY_URL, PATCHBAY_TOKEN, " +
			"PATCHBAY_RUNNER_TOKEN, PATCHBAY_SCENARIOS_DIR and PATCHBAY_SCENARIO_VARS yourself)."
		if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
			t.Fatal("CI is set, so the shared SDK scenarios may not skip: " + reason)
		}
		msg := "SKIPPED the shared SDK scenarios: " + reason
		fmt.Fprintln(os.Stderr, msg)
		t.Skip(msg)
	}
	dir = os.Getenv("PATCHBAY_SCENARIOS_DIR")
	if dir == "" {
		dir = "../scenarios"
	}
	vars = map[string]any{}
	if raw := os.Getenv("PATCHBAY_SCENARIO_VARS"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &vars); err != nil {
			t.Fatalf("PATCHBAY_SCENARIO_VARS is not a JSON object: %v", err)
		}
	}
	return url, dir, vars
}

func mustClient(t *testing.T, url, token string) *Client {
	t.Helper()
	c, err := NewClient(url, token, WithTimeout(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func loadScenario(t *testing.T, file string) scenario {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var sc scenario
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return sc
}

// step runs one step: substitute, call the SDK, check the result or the error, save values. The
// note says what was checked (never the arguments: they may hold a password or the runner token).
func (r *scenarioRun) step(st step) (string, error) {
	op, ok := scenarioOps[st.Op]
	if !ok {
		return "", fmt.Errorf("the Go runner does not know the operation %q", st.Op)
	}
	as := st.As
	if as == "" {
		as = "admin"
	}
	client, ok := r.clients[as]
	if !ok {
		return "", fmt.Errorf(`"as": %q is neither admin nor runner`, st.As)
	}
	args, err := r.substituteRaw(st.Args)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	result, callErr := op(ctx, client, args)
	if st.ExpectError != nil {
		want, err := r.expectedError(st.ExpectError)
		if err != nil {
			return "", err
		}
		return "as " + as + ", error as expected: " + fmt.Sprint(callErr), checkError(callErr, want)
	}
	if callErr != nil {
		return "", fmt.Errorf("the call failed: %w", callErr)
	}
	note, err := r.check(st, result)
	return "as " + as + ", succeeded" + note, err
}

// check matches a successful result against the step's expect and saves what the step asks for.
func (r *scenarioRun) check(st step, result any) (string, error) {
	actual, err := toJSON(result)
	if err != nil {
		return "", err
	}
	note := ""
	if st.Expect != nil {
		expected, err := r.substituteRaw(st.Expect)
		if err != nil {
			return "", err
		}
		var want any
		_ = json.Unmarshal(expected, &want)
		if err := match(want, actual, "result"); err != nil {
			return "", fmt.Errorf("%w\n  got: %s", err, truncate(mustJSON(actual), 2000))
		}
		note = ", matched the expectation"
	}
	if list, ok := result.(map[string]any); ok && list["pages"] != nil {
		note += fmt.Sprintf(" (%d items gathered by the iterator from %v pages)", lengthOf(actual), list["pages"])
	}
	return note, r.save(st.Save, actual)
}

func lengthOf(actual any) int {
	items, _ := lookupPath(actual, "items")
	n, _ := length(items)
	return n
}

func (r *scenarioRun) expectedError(raw json.RawMessage) (expectedError, error) {
	sub, err := r.substituteRaw(raw)
	if err != nil {
		return expectedError{}, err
	}
	return decode[expectedError](sub)
}

// checkError wants the SDK's typed error with the status and code given, and a request id.
func checkError(err error, want expectedError) error {
	if err == nil {
		return fmt.Errorf("want error %d %s, the call succeeded", want.Status, want.Code)
	}
	var perr *Error
	if !errors.As(err, &perr) {
		return fmt.Errorf("want *patchbay.Error %d %s, got %T: %v", want.Status, want.Code, err, err)
	}
	if perr.Status != want.Status || !errors.Is(err, ErrorCode(want.Code)) {
		return fmt.Errorf("want %d %s, got %d %s: %s", want.Status, want.Code, perr.Status, perr.Code, perr.Message)
	}
	if perr.RequestID == "" {
		return fmt.Errorf("the %s error has no request id", want.Code)
	}
	return nil
}

func (r *scenarioRun) save(paths map[string]string, actual any) error {
	for name, path := range paths {
		v, ok := lookupPath(actual, path)
		if !ok {
			return fmt.Errorf("save %s: the result has no %s", name, path)
		}
		r.saved[name] = v
	}
	return nil
}

// toJSON converts a result to the wire's JSON (snake_case names, as the SDK's json tags give them).
func toJSON(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	return out, json.Unmarshal(raw, &out)
}

func mustJSON(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}
