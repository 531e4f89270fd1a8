package archivetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/cluster"
)

// Bands is the rest of `check`: the LSH band rows each sketched article
// should have, and the sketches an article should have.
type Bands interface {
	MissingBands(ctx context.Context) ([]string, error)
	RepairBands(ctx context.Context, ids []string) error
	Unsketched(ctx context.Context) (int64, error)
	Backfill(ctx context.Context) (archive.BackfillResult, error)
}

// bandTests are the suite's cases for Bands.
var bandTests = map[string]func(t *testing.T, impl Impl){
	"band check":        testBandCheck,
	"backfill terms":    testBackfillTerms,
	"backfill a sketch": testBackfillSketch,
}

// damage runs statements through impl.Damage.
func damage(t *testing.T, impl Impl, s Store, stmts ...string) {
	t.Helper()
	for _, stmt := range stmts {
		if err := impl.Damage(context.Background(), s, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// wantNoMissingBands fails unless the band check finds nothing.
func wantNoMissingBands(t *testing.T, s Store, when string) {
	t.Helper()
	if missing, err := s.MissingBands(context.Background()); err != nil || len(missing) != 0 {
		t.Errorf("%s: MissingBands = %v, %v; want none", when, missing, err)
	}
}

// Band rows removed from a sketched article, shingle or term bands, are
// found by the band check (that article only) and put back by
// RepairBands, after which a copy finds the article again.
func testBandCheck(t *testing.T, impl Impl) {
	tests := map[string]string{
		"a shingle band": "band = 3",
		"a term band":    fmt.Sprintf("band = %d", cluster.TermBand0+5),
		"every band":     "band >= 0",
	}
	for name, cond := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := impl.Open(t, 0)
			stories := Stories(t, 2)
			for i, story := range stories {
				put(t, s, storyArticle(fmt.Sprintf("hikaye-%d", i), story, day.Add(time.Duration(i)*time.Hour), ""))
			}
			put(t, s, articleN(1)) // too short for a sketch
			wantNoMissingBands(t, s, "as stored")
			damage(t, impl, s, "DELETE FROM lsh_band WHERE article_id = 'id-hikaye-1' AND "+cond)
			if missing, err := s.MissingBands(ctx); err != nil || !reflect.DeepEqual(missing, []string{"id-hikaye-1"}) {
				t.Fatalf("MissingBands = %v, %v; want [id-hikaye-1]", missing, err)
			}
			if err := s.RepairBands(ctx, []string{"id-hikaye-1"}); err != nil {
				t.Fatal(err)
			}
			wantNoMissingBands(t, s, "repaired")
			c := put(t, s, storyArticle("kopya", Copy(stories[1], 1), day.Add(2*time.Hour), ""))
			if stored, _, err := s.Get(ctx, "id-hikaye-1"); err != nil || c.ClusterID != stored.ClusterID {
				t.Errorf("a copy after the repair joined %s, want %v (%v)", c.ClusterID, stored, err)
			}
		})
	}
}

// Sketches stored before term bands (no term signature, no term band
// rows) are counted by Unsketched and given their terms by Backfill, once:
// a short item carried inside a long text, which shares only term bands
// with it and was stored as a story of its own, then joins the text's.
func testBackfillTerms(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	long := Seed(t)
	short := strings.Join(strings.Fields(long)[:80], " ")
	if sl, ss := cluster.NewSketch(long), cluster.NewSketch(short); sharesBand(sl.Bands, ss.Bands) || !sharesBand(sl.TermBands, ss.TermBands) {
		t.Fatal("fixture: want texts that share a term band and no shingle band")
	}
	noTerms := []string{fmt.Sprintf("DELETE FROM lsh_band WHERE band >= %d", cluster.TermBand0), "UPDATE article_sketch SET terms = NULL"}
	text := put(t, s, storyArticle("uzun", long, day, ""))
	damage(t, impl, s, noTerms...)
	item := put(t, s, storyArticle("kisa", short, day.Add(time.Hour), ""))
	if item.ClusterID == text.ClusterID {
		t.Fatal("the item found the text without its term bands")
	}
	damage(t, impl, s, noTerms...)
	if n, err := s.Unsketched(ctx); err != nil || n != 2 {
		t.Fatalf("Unsketched = %d, %v; want 2 (both lack terms)", n, err)
	}
	res, err := s.Backfill(ctx)
	if err != nil || res != (archive.BackfillResult{Sketched: 2, Merged: 1}) {
		t.Fatalf("Backfill = %+v, %v; want 2 sketched, 1 merge", res, err)
	}
	if got, _, err := s.Get(ctx, item.ID); err != nil || got.ClusterID != text.ClusterID {
		t.Errorf("the item's cluster after Backfill: %v, %v; want the text's %s", got, err, text.ClusterID)
	}
	wantNoMissingBands(t, s, "backfilled")
	if n, err := s.Unsketched(ctx); err != nil || n != 0 {
		t.Errorf("Unsketched after Backfill = %d, %v; want 0", n, err)
	}
	if res, err := s.Backfill(ctx); err != nil || res != (archive.BackfillResult{}) {
		t.Errorf("a second Backfill = %+v, %v; want nothing done", res, err)
	}
}

// sharesBand reports whether two band lists have a value in common at
// one position.
func sharesBand(a, b []uint64) bool {
	for i := range min(len(a), len(b)) {
		if a[i] == b[i] {
			return true
		}
	}
	return false
}

// An article whose sketch was lost is not found by a copy stored after;
// Unsketched counts its text once (an identical copy of it has no sketch
// of its own), and Backfill sketches it, merging the copy's cluster into
// its older one, once.
func testBackfillSketch(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	words := strings.Fields(Seed(t))
	text := strings.Join(words[:200], " ")
	first := put(t, s, storyArticle("kartal", text, day, "İHA"))
	if same := put(t, s, storyArticle("kartal-ayni", text, day.Add(time.Hour), "")); same.ClusterID != first.ClusterID {
		t.Fatalf("an identical text founded %s", same.ClusterID)
	}
	damage(t, impl, s, "DELETE FROM lsh_band WHERE article_id = 'id-kartal'", "DELETE FROM article_sketch WHERE article_id = 'id-kartal'")
	late := put(t, s, storyArticle("tuzla", text+"\n\nKaynak: İHA", day.Add(2*time.Hour), ""))
	if late.ClusterID == first.ClusterID {
		t.Fatal("a copy found the text without its sketch")
	}
	if n, err := s.Unsketched(ctx); err != nil || n != 1 {
		t.Fatalf("Unsketched = %d, %v; want 1 (the text, once)", n, err)
	}
	res, err := s.Backfill(ctx)
	if err != nil || res != (archive.BackfillResult{Sketched: 1, Merged: 1}) {
		t.Fatalf("Backfill = %+v, %v; want 1 sketched, 1 merge", res, err)
	}
	if c, err := impl.Cluster(ctx, s, first.ClusterID); err != nil || c != (Cluster{First: "id-kartal", Agency: "İHA", Size: 3}) {
		t.Errorf("cluster after Backfill %+v, %v; want the three copies, first id-kartal", c, err)
	}
	if _, err := impl.Cluster(ctx, s, late.ClusterID); err == nil {
		t.Errorf("the copy's cluster %s is still there", late.ClusterID)
	}
	wantNoMissingBands(t, s, "backfilled")
	if problems, err := s.Integrity(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Integrity = %v, %v; want none", problems, err)
	}
	if n, err := s.Unsketched(ctx); err != nil || n != 0 {
		t.Errorf("Unsketched after Backfill = %d, %v; want 0", n, err)
	}
	if res, err := s.Backfill(ctx); err != nil || res != (archive.BackfillResult{}) {
		t.Errorf("a second Backfill = %+v, %v; want nothing done", res, err)
	}
}
