package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// openStories opens an index of 150 articles made from the fixture texts,
// published in pairs an hour apart: every third one belongs to no cluster
// (a story of its own), the others to one of 9 clusters whose copies are
// spread over the whole date range and ranking, so that each story's
// copies fall on many pages.
func openStories(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	base := fixtureArticles(t)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var arts []*article.Article
	for i := range 150 {
		a := *base[i%len(base)]
		a.ID = fmt.Sprintf("a%03d", (i*67)%150) // a permutation: ids unrelated to dates
		a.PublishedAt = start.Add(time.Duration(i/2) * time.Hour)
		a.ClusterID = ""
		if i%3 != 0 {
			a.ClusterID = fmt.Sprintf("c%d", (i*5)%9)
		}
		a.Seq = int64(i + 1)
		arts = append(arts, &a)
	}
	if err := ix.Apply(arts, int64(len(arts))); err != nil {
		t.Fatal(err)
	}
	return ix
}

// storiesOf keeps the first hit of each story, in order.
func storiesOf(hits []Hit) []string {
	seen := map[string]bool{}
	var out []string
	for _, h := range hits {
		key := h.ClusterID
		if key == "" {
			key = "article " + h.ID
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, h.ID)
		}
	}
	return out
}

func TestCollapseAcrossPages(t *testing.T) {
	ix := openStories(t)
	const words = "istanbul OR tbmm OR türkiye OR ambulans OR gomez OR hgs OR eczacıları"
	tests := map[string]struct {
		r Request
	}{
		"newest, 4 a page":     {Request{Sort: SortNewest, Size: 4}},
		"oldest, 7 a page":     {Request{Sort: SortOldest, Size: 7}},
		"relevance, 3 a page":  {Request{Query: words, Size: 3}},
		"relevance, 10 a page": {Request{Query: words, Size: 10}},
		"one source, newest":   {Request{Sources: []string{"ttc-siyaset"}, Size: 2}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			plain := tc.r
			plain.Size = MaxSize
			want := storiesOf(walk(t, ix, plain, false)) // first of each story in the plain order
			collapsed := tc.r
			collapsed.Collapse = true
			for _, byPage := range []bool{false, true} {
				var got []string
				for _, h := range walk(t, ix, collapsed, byPage) {
					got = append(got, h.ID)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("by page %v: stories %v, want %v", byPage, got, want)
				}
			}
			res, err := ix.Search(context.Background(), collapsed)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != uint64(len(want)) || res.Collapse == nil || !res.Collapse.Exact || res.Collapse.Matches <= res.Total {
				t.Errorf("total %d, collapse %+v; want %d stories counted exactly", res.Total, res.Collapse, len(want))
			}
		})
	}
}

func TestCollapseScanCap(t *testing.T) {
	ix := openStories(t)
	defer func(n int) { collapseScan = n }(collapseScan)
	collapseScan = 20
	plain := walk(t, ix, Request{Sort: SortNewest, Size: 20}, false)
	want := storiesOf(plain[:20]) // the stories whose best copy is among the first 20
	var got []string
	for _, h := range walk(t, ix, Request{Sort: SortNewest, Size: 3, Collapse: true}, false) {
		got = append(got, h.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stories %v, want %v", got, want)
	}
	res, err := ix.Search(context.Background(), Request{Sort: SortNewest, Size: 3, Collapse: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Collapse; res.Total != 150 || c == nil || c.Exact || c.Scanned != 20 || c.Matches != 150 {
		t.Errorf("past the cap: total %d, collapse %+v; want 150 matches, 20 scanned, not exact", res.Total, c)
	}
}
