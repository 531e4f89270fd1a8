package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/haberci/haberci/article"
)

// TestApplySizes checks both ways apply stores a batch: one Bleve batch
// carrying the watermark, and two halves built at once followed by the
// watermark; a large batch taken while a crawl streams in (Follow's
// wholeOnly) is one Bleve batch. Every article must be found and the
// watermark set.
func TestApplySizes(t *testing.T) {
	tests := map[string]struct {
		n         int
		streaming bool
	}{
		"one batch":          {n: 3},
		"split batch":        {n: minSplit + 1},
		"exactly split":      {n: minSplit},
		"streaming, unsplit": {n: minSplit + 1, streaming: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ix, err := Open(filepath.Join(t.TempDir(), "index"))
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			arts := make([]*article.Article, tc.n)
			for i := range arts {
				arts[i] = &article.Article{ID: fmt.Sprintf("a%04d", i), Seq: int64(i + 1),
					Title: fmt.Sprintf("Haber %d", i), Body: fmt.Sprintf("Belediye meclisi toplandı, kod%04d.", i)}
			}
			if n := ix.Segments(); n != 0 {
				t.Errorf("a new index has %d segments", n)
			}
			apply := ix.Apply
			if tc.streaming {
				apply = func(arts []*article.Article, wm int64) error {
					ix.mu.Lock()
					defer ix.mu.Unlock()
					return ix.apply(arts, wm, false)
				}
			}
			if err := apply(arts, int64(tc.n)); err != nil {
				t.Fatal(err)
			}
			if n := ix.Segments(); n == 0 {
				t.Error("no segments after Apply")
			}
			if n, err := ix.Count(); err != nil || n != uint64(tc.n) {
				t.Errorf("Count = %d, %v; want %d", n, err, tc.n)
			}
			if wm, err := ix.Watermark(); err != nil || wm != int64(tc.n) {
				t.Errorf("Watermark = %d, %v; want %d", wm, err, tc.n)
			}
			for _, i := range []int{0, tc.n / 2, tc.n - 1} { // first half, second half, last
				q := fmt.Sprintf("kod%04d", i)
				res, err := ix.Search(context.Background(), Request{Query: q, Size: 5})
				if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != arts[i].ID {
					t.Errorf("%s found %+v, %v; want %s", q, res, err, arts[i].ID)
				}
			}
		})
	}
}
