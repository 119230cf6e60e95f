package patchbay

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// fetchPage gets the page at cursor ("" for the first).
type fetchPage[T any] func(ctx context.Context, cursor string) (*Page[T], error)

// pageFetcher lists path with the given filters, one cursor at a time.
func pageFetcher[T any](t *transport, path string, filters url.Values) fetchPage[T] {
	return func(ctx context.Context, cursor string) (*Page[T], error) {
		q := url.Values{}
		for k, v := range filters {
			q[k] = v
		}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page Page[T]
		if err := t.do(ctx, call{method: http.MethodGet, path: path, query: q}, &page); err != nil {
			return nil, err
		}
		return &page, nil
	}
}

// pages yields page after page until the server sends no next_cursor. On an error it yields
// (nil, err) once and stops; breaking out of the loop stops fetching.
func pages[T any](ctx context.Context, fetch fetchPage[T]) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		cursor := ""
		for {
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(page, nil) || page.NextCursor == "" {
				return
			}
			cursor = page.NextCursor
		}
	}
}

// items yields every item of every page; on an error it yields (zero, err) once and stops.
func items[T any](ctx context.Context, fetch fetchPage[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page, err := range pages(ctx, fetch) {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}

// Collect gathers every item of a list iterator, stopping at the first error:
//
//	all, err := patchbay.Collect(client.Connections.List(ctx, nil))
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for item, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, item)
	}
	return out, nil
}
