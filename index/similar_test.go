package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestSimilar(t *testing.T) {
	ix := openFixture(t)
	tests := map[string]struct {
		id    string
		first string   // the most similar article
		not   []string // articles that must not be listed
	}{
		"agency copy finds its source": {"seed-p4", "seed", []string{"seed-p4"}},
		"source finds its copy":        {"seed", "seed-p4", []string{"seed"}},
		"same sitting of parliament":   {"ttc-siyaset-1", "ttc-siyaset-2", []string{"ttc-siyaset-1"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := ix.Similar(context.Background(), tc.id, 5)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if len(got) == 0 || got[0] != tc.first {
				t.Fatalf("Similar(%s) = %q, want %s first", tc.id, got, tc.first)
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("Similar(%s) = %q lists %s", tc.id, got, n)
				}
			}
			if !strings.Contains(res.Hits[0].Snippet, "<mark>") {
				t.Errorf("snippet %q marks no shared word", res.Hits[0].Snippet)
			}
			if len(res.Hits) > 5 || res.Total < uint64(len(res.Hits)) {
				t.Errorf("%d hits of total %d, want at most 5", len(res.Hits), res.Total)
			}
		})
	}
}

func TestSimilarErrors(t *testing.T) {
	ix := openFixture(t)
	tests := map[string]struct {
		id   string
		size int
		want error
	}{
		"unknown id":    {"no-such-article", 5, ErrNoDocument},
		"size too big":  {"seed", MaxSize + 1, ErrBadRequest},
		"negative size": {"seed", -1, ErrBadRequest},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ix.Similar(context.Background(), tc.id, tc.size); !errors.Is(err, tc.want) {
				t.Errorf("Similar(%q, %d) error %v, want %v", tc.id, tc.size, err, tc.want)
			}
		})
	}
}
