package index

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/haberci/haberci/article"
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

// In a two-article archive every shared term is in every article: the
// weights must stay positive and the scores finite (a NaN score cannot be
// encoded as JSON).
func TestSimilarTinyIndex(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	body := "Kartal Belediyesi çalıştaya katıldı. Çalıştay Yenikapı'da yapıldı ve belediye başkanları konuştu."
	arts := []*article.Article{
		{ID: "a", SourceID: "ajans", Title: "Çalıştay yapıldı", Body: body},
		{ID: "b", SourceID: "belediye", Title: "Çalıştay Yenikapı'da", Body: body},
	}
	if err := ix.Apply(arts, 2); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Similar(context.Background(), "a", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].ID != "b" || math.IsNaN(res.Hits[0].Score) || math.IsInf(res.Hits[0].Score, 0) || res.Hits[0].Score <= 0 {
		t.Errorf("hits %+v, want b with a finite positive score", res.Hits)
	}
}
