package archivetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// checkTests are the suite's cases for what `check` and the crawler's
// storage probe ask of a store.
var checkTests = map[string]func(t *testing.T, impl Impl){
	"integrity after merges": testIntegrityClean,
	"writable":               testWritable,
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
