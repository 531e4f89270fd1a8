package archivetest

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
)

// checkTests are the suite's cases for what `check` and the crawler's
// storage probe ask of a store.
var checkTests = map[string]func(t *testing.T, impl Impl){
	"integrity after merges": testIntegrityClean,
	"writable":               testWritable,
	"verify captures":        testVerifyCaptures,
}

// VerifyCaptures finds a WARC record damaged after it was stored: a
// flipped byte spoils the first article's record, a truncated file both.
func testVerifyCaptures(t *testing.T, impl Impl) {
	tests := map[string]struct {
		damage  func(t *testing.T, path string, off, n int64)
		wantBad int // the first article's capture first
	}{
		"flipped byte": {func(t *testing.T, path string, off, n int64) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b[off+n/2] ^= 0x40
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, 1},
		"file truncated": {func(t *testing.T, path string, off, _ int64) {
			if err := os.Truncate(path, off+10); err != nil {
				t.Fatal(err)
			}
		}, 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := impl.Open(t, 0)
			var first []article.Capture
			for i := range 2 {
				a := articleN(i)
				if _, _, err := s.Put(ctx, a, []article.Response{page(a.CanonicalURL, i)}); err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					_, first, _ = s.Get(ctx, a.ID)
				}
			}
			var clean []archive.CaptureProblem
			if n, err := s.VerifyCaptures(ctx, func(p archive.CaptureProblem) { clean = append(clean, p) }); err != nil || n != 2 || len(clean) != 0 {
				t.Fatalf("before damage: checked %d, problems %v, err %v", n, clean, err)
			}
			c := first[0]
			tc.damage(t, s.WARCPath(c.WARCFile), c.Offset, c.Length)
			var got []archive.CaptureProblem
			n, err := s.VerifyCaptures(ctx, func(p archive.CaptureProblem) { got = append(got, p) })
			if err != nil || n != 2 {
				t.Fatalf("checked %d, err %v", n, err)
			}
			if len(got) != tc.wantBad || got[0].ArticleID != articleN(0).ID || got[0].Capture != c {
				t.Fatalf("problems %+v, want %d, the first for %s", got, tc.wantBad, articleN(0).ID)
			}
			for _, p := range got {
				if !errors.Is(p.Err, warc.ErrMalformed) {
					t.Errorf("capture %d: %v, want %v", p.RowID, p.Err, warc.ErrMalformed)
				}
			}
		})
	}
}

// A store after exact and near copies, a merge and captures has no
// integrity problem.
func testIntegrityClean(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	words := strings.Fields(Seed(t))
	text := func(i, j int) string { return strings.Join(words[i:j], " ") }
	put(t, s, storyArticle("kartal", text(0, 200), day, ""))
	put(t, s, storyArticle("iha", text(174, 374), day.Add(time.Hour), "İHA"))
	put(t, s, storyArticle("tuzla", text(174, 374), day.Add(2*time.Hour), "İHA"))
	link := put(t, s, storyArticle("bulten", text(26, 348), day.Add(3*time.Hour), ""))
	a := articleN(1)
	if _, _, err := s.Put(ctx, a, []article.Response{page(a.CanonicalURL, 1)}); err != nil {
		t.Fatal(err)
	}
	if c, err := impl.Cluster(ctx, s, link.ClusterID); err != nil || c.Size != 4 {
		t.Fatalf("merged cluster %+v, %v; want 4 members", c, err)
	}
	if problems, err := s.Integrity(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Integrity = %v, %v; want none", problems, err)
	}
}

// A store on a sound disk and database is writable, and the probe leaves
// no trace.
func testWritable(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	for range 2 {
		if err := s.Writable(ctx); err != nil {
			t.Fatalf("Writable = %v", err)
		}
	}
	if ids, err := s.SourceIDs(ctx); err != nil || len(ids) != 0 {
		t.Errorf("sources after the probe: %q, %v; want none", ids, err)
	}
}
