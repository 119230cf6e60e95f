package patchbay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
)

// pagedConnections serves n connections c0…c(n-1) in pages of ?limit=, the cursor being the next
// index; failAt (when > 0) answers 500 for that cursor.
func pagedConnections(n, failAt int) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		limit, _ := strconv.Atoi(req.URL.Query().Get("limit"))
		start, _ := strconv.Atoi(req.URL.Query().Get("cursor"))
		if failAt > 0 && start == failAt {
			apiErrorHandler(500, "internal_error", "boom", "")(w, req)
			return
		}
		page := Page[map[string]any]{Items: []map[string]any{}}
		for i := start; i < min(start+limit, n); i++ {
			page.Items = append(page.Items, map[string]any{"tag": fmt.Sprintf("c%d", i), "type": "git"})
		}
		if start+limit < n {
			page.NextCursor = strconv.Itoa(start + limit)
		}
		body, _ := json.Marshal(map[string]any{"items": page.Items, "next_cursor": nullable(page.NextCursor)})
		jsonHandler(200, string(body))(w, req)
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestListGathersEveryPage(t *testing.T) {
	r := newRecorder(t, pagedConnections(7, 0))
	c, _ := testClient(t, r)

	var tags []string
	for conn, err := range c.Connections.List(context.Background(), &ListConnectionsOptions{Type: "git", Limit: Ptr(3)}) {
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, conn.Tag)
	}

	if fmt.Sprint(tags) != "[c0 c1 c2 c3 c4 c5 c6]" {
		t.Fatalf("got %v", tags)
	}
	if r.count() != 3 {
		t.Fatalf("want 3 page requests, got %d", r.count())
	}
	if q := r.requests[1].Query; q != "cursor=3&limit=3&type=git" {
		t.Fatalf("second page query %q does not carry the cursor and the filters", q)
	}
	t.Logf("paging case: 7 connections gathered from %d pages of limit 3: %v", r.count(), tags)
}

func TestListPagesShowsTheBoundaries(t *testing.T) {
	r := newRecorder(t, pagedConnections(7, 0))
	c, _ := testClient(t, r)

	var sizes []int
	for page, err := range c.Connections.ListPages(context.Background(), &ListConnectionsOptions{Limit: Ptr(3)}) {
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page.Items))
	}
	if fmt.Sprint(sizes) != "[3 3 1]" {
		t.Fatalf("page sizes %v", sizes)
	}
}

func TestBreakingOutStopsFetching(t *testing.T) {
	r := newRecorder(t, pagedConnections(7, 0))
	c, _ := testClient(t, r)

	for conn, err := range c.Connections.List(context.Background(), &ListConnectionsOptions{Limit: Ptr(3)}) {
		if err != nil || conn.Tag != "c0" {
			t.Fatalf("first item %v %v", conn.Tag, err)
		}
		break
	}
	if r.count() != 1 {
		t.Fatalf("break must stop paging, got %d requests", r.count())
	}
}

func TestErrorMidwayEndsTheLoopWithTheError(t *testing.T) {
	r := newRecorder(t, pagedConnections(7, 3))
	c, _ := testClient(t, r)

	got, err := Collect(c.Connections.List(context.Background(), &ListConnectionsOptions{Limit: Ptr(3)}))

	if !errors.Is(err, ErrInternal) || len(got) != 3 {
		t.Fatalf("want the 3 items of page 1 and internal_error, got %d items and %v", len(got), err)
	}
}

func TestCloudListFiltersKindAndProvider(t *testing.T) {
	r := newRecorder(t, pagedConnections(2, 0))
	c, _ := testClient(t, r)

	got, err := Collect(c.Cloud.Connections.List(context.Background(), &ListCloudConnectionsOptions{Provider: "aws", Limit: Ptr(5)}))

	if err != nil || len(got) != 2 {
		t.Fatalf("got %d, %v", len(got), err)
	}
	if q := r.last().Query; q != "kind=cloud&limit=5&type=aws" {
		t.Fatalf("cloud list query %q", q)
	}
}
