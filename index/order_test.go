package index

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/haberci/haberci/article"
)

// openTied opens an index of the fixture articles in many copies: text i
// has 5+9i copies, each with its own id in an order unrelated to the
// order of indexing. Copies of one text score alike and share a date, so
// the sorts meet ties both shorter and longer than tieMargin.
func openTied(t *testing.T) (*Index, []*article.Article) {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var arts []*article.Article
	for i, a := range fixtureArticles(t) {
		for c := range 5 + 9*i {
			b := *a
			b.ID = fmt.Sprintf("%02x-%s-%d", (c*37+i*11)%256, a.ID, c)
			b.Seq = int64(len(arts) + 1)
			arts = append(arts, &b)
		}
	}
	if err := ix.Apply(arts, int64(len(arts))); err != nil {
		t.Fatal(err)
	}
	return ix, arts
}

// walk pages through r by cursor (byPage false) or by page number and
// returns the hits in the order seen.
func walk(t *testing.T, ix *Index, r Request, byPage bool) []Hit {
	t.Helper()
	var all []Hit
	for page := 1; page < 1000; page++ {
		if byPage {
			r.Page = page
		}
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Hits...)
		if res.Next == "" {
			return all
		}
		r.After = res.Next
		if byPage {
			r.After = ""
		}
	}
	t.Fatal("walk: no end")
	return nil
}

func TestOrderWithTies(t *testing.T) {
	ix, arts := openTied(t)
	byDate := func(desc bool) []string {
		sorted := slices.Clone(arts)
		slices.SortFunc(sorted, func(a, b *article.Article) int {
			c := cmp.Compare(sortKey(sortTime(a)), sortKey(sortTime(b)))
			if desc {
				c = -c
			}
			return cmp.Or(c, cmp.Compare(a.ID, b.ID))
		})
		ids := make([]string, len(sorted))
		for i, a := range sorted {
			ids[i] = a.ID
		}
		return ids
	}
	tests := map[string]struct {
		r    Request
		want []string // nil: relevance, checked against the scores
	}{
		"newest by 7":     {Request{Sort: SortNewest, Size: 7, NoFacets: true}, byDate(true)},
		"oldest by 20":    {Request{Sort: SortOldest, Size: 20, NoFacets: true}, byDate(false)},
		"newest by 100":   {Request{Sort: SortNewest, Size: 100, NoFacets: true}, byDate(true)},
		"relevance by 7":  {Request{Query: "istanbul OR tbmm OR türkiye OR ambulans OR gomez OR hgs OR eczacıları", Size: 7, NoFacets: true}, nil},
		"relevance by 30": {Request{Query: "istanbul OR tbmm OR türkiye OR ambulans OR gomez OR hgs OR eczacıları", Size: 30, NoFacets: true}, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cursorWalk, pageWalk := walk(t, ix, tc.r, false), walk(t, ix, tc.r, true)
			got := make([]string, len(cursorWalk))
			for i, h := range cursorWalk {
				got[i] = h.ID
			}
			if len(got) != len(arts) {
				t.Fatalf("cursor walk saw %d hits, want all %d", len(got), len(arts))
			}
			for i, h := range pageWalk {
				if i >= len(got) || h.ID != got[i] {
					t.Fatalf("page walk differs from cursor walk at %d: %s", i, h.ID)
				}
			}
			if tc.want != nil {
				if !slices.Equal(got, tc.want) {
					i := 0
					for i < len(got) && got[i] == tc.want[i] {
						i++
					}
					t.Fatalf("order differs at %d: got %s, want %s", i, got[i], tc.want[i])
				}
				return
			}
			for i := 1; i < len(cursorWalk); i++ {
				a, b := cursorWalk[i-1], cursorWalk[i]
				if a.Score < b.Score || a.Score == b.Score && a.ID >= b.ID {
					t.Fatalf("hits %d, %d out of order: %s %v, %s %v", i-1, i, a.ID, a.Score, b.ID, b.Score)
				}
			}
		})
	}
}
