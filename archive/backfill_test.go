package archive

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
)

// TestBackfill stores articles the way the archive did before it kept
// sketches (no bands, each copy its own cluster), then backfills: copies
// join one cluster whose first article is the earliest, an exact repeat
// and a short text get no sketch, and a second run changes nothing.
func TestBackfill(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	seed := seedBody(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	type put struct {
		url, body string
		later     time.Duration
	}
	puts := []put{
		{"https://iha.example/1", seed, 0},
		{"https://kartal.example/2", republished(seed), time.Hour},
		{"https://pendik.example/3", republished(seed), 2 * time.Hour},     // the same text as 2
		{"https://maltepe.example/4", otherStory + "\n\n" + otherStory, 0}, // another story
		{"https://kadikoy.example/5", "Kısa duyuru.", 0},                   // too short to compare
	}
	// A near window of a nanosecond: no copy is found, as before bands.
	old, err := Open(ctx, dir, WithNearWindow(time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range puts {
		art := newArticle(t, "kaynak", p.url, p.body)
		art.FirstSeenAt = day.Add(p.later)
		if _, _, err := old.Put(ctx, art, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Closed first: Close writes the bands still pending.
	old.Close()
	bare := openAt(t, dir)
	for _, stmt := range []string{`DELETE FROM lsh_band`, `DELETE FROM article_sketch`} {
		if _, err := bare.write.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	bare.Close()

	a := openAt(t, dir)
	if n, err := a.Unsketched(ctx); err != nil || n != 3 {
		t.Fatalf("Unsketched = %d, %v; want 3 (the seed, one of the two equal copies, the other story)", n, err)
	}
	res, err := a.Backfill(ctx)
	if err != nil || res != (BackfillResult{Sketched: 3, Merged: 1}) {
		t.Fatalf("Backfill = %+v, %v; want 3 sketched, 1 merge", res, err)
	}
	clusterOf := map[string]string{}
	for _, p := range puts {
		got, _, err := a.Get(ctx, idOf(p.url))
		if err != nil {
			t.Fatal(err)
		}
		clusterOf[p.url] = got.ClusterID
	}
	tests := map[string]struct {
		url     string
		cluster string
	}{
		"the copy joins the seed":            {"https://kartal.example/2", idOf("https://iha.example/1")},
		"its exact repeat follows it":        {"https://pendik.example/3", idOf("https://iha.example/1")},
		"another story keeps its cluster":    {"https://maltepe.example/4", idOf("https://maltepe.example/4")},
		"a short text keeps its own cluster": {"https://kadikoy.example/5", idOf("https://kadikoy.example/5")},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if clusterOf[tc.url] != tc.cluster {
				t.Fatalf("cluster %s, want %s", clusterOf[tc.url], tc.cluster)
			}
		})
	}
	c, err := a.Cluster(ctx, idOf("https://iha.example/1"))
	if err != nil || c.Size != 3 || c.FirstArticleID != idOf("https://iha.example/1") {
		t.Fatalf("seed cluster %+v, %v; want 3 members, first the seed", c, err)
	}
	if n, err := a.Unsketched(ctx); err != nil || n != 0 {
		t.Fatalf("Unsketched after backfill = %d, %v", n, err)
	}
	if res, err := a.Backfill(ctx); err != nil || res != (BackfillResult{}) {
		t.Fatalf("second Backfill = %+v, %v; want nothing done", res, err)
	}
	// A copy stored now finds the backfilled articles.
	late := newArticle(t, "kaynak", "https://tuzla.example/6", republished(seed)+"\n\nTuzla'da da duyuruldu.")
	late.FirstSeenAt = day.Add(3 * time.Hour)
	got, _, err := a.Put(ctx, late, nil)
	if err != nil || got.ClusterID != idOf("https://iha.example/1") {
		t.Fatalf("a later copy: cluster %v, %v; want the seed's", got.ClusterID, err)
	}
}

// TestBackfillTerms stores a short item and the long text carrying it the
// way the archive did before term bands (schema step 9: a sketch without
// terms, no term band rows, each its own cluster), then backfills: both get
// their term signature and bands, the item joins the long text's cluster,
// the band check finds nothing missing and a second run does nothing.
func TestBackfillTerms(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	short, long := containedItem(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	old, err := Open(ctx, dir, WithNearWindow(time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{long, short} {
		art := newArticle(t, "kaynak", fmt.Sprintf("https://kaynak.example/%d", i), body)
		art.FirstSeenAt = day.Add(time.Duration(i) * time.Hour)
		if _, _, err := old.Put(ctx, art, nil); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	bare := openAt(t, dir)
	for _, stmt := range []string{`DELETE FROM lsh_band WHERE band >= ` + fmt.Sprint(cluster.TermBand0), `UPDATE article_sketch SET terms = NULL`} {
		if _, err := bare.write.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	bare.Close()

	a := openAt(t, dir)
	if n, err := a.Unsketched(ctx); err != nil || n != 2 {
		t.Fatalf("Unsketched = %d, %v; want 2 (both lack terms)", n, err)
	}
	res, err := a.Backfill(ctx)
	if err != nil || res != (BackfillResult{Sketched: 2, Merged: 1}) {
		t.Fatalf("Backfill = %+v, %v; want 2 sketched, 1 merge", res, err)
	}
	item, _, err := a.Get(ctx, idOf("https://kaynak.example/1"))
	if err != nil || item.ClusterID != idOf("https://kaynak.example/0") {
		t.Fatalf("the item's cluster %v, %v; want the long text's", item.ClusterID, err)
	}
	var rows int
	if err := a.read.QueryRowContext(ctx, `SELECT count(*) FROM lsh_band WHERE band >= ?`, cluster.TermBand0).Scan(&rows); err != nil || rows != 2*syndication.NumTermBands {
		t.Fatalf("%d term band rows, %v; want %d", rows, err, 2*syndication.NumTermBands)
	}
	if missing, err := a.MissingBands(ctx); err != nil || len(missing) != 0 {
		t.Fatalf("MissingBands = %v, %v; want none", missing, err)
	}
	if n, err := a.Unsketched(ctx); err != nil || n != 0 {
		t.Fatalf("Unsketched after backfill = %d, %v", n, err)
	}
	if res, err := a.Backfill(ctx); err != nil || res != (BackfillResult{}) {
		t.Fatalf("second Backfill = %+v, %v; want nothing done", res, err)
	}
}

// TestBandCheckSeesTermBands: a lost term band row is found by the band
// check and re-derived from the stored term signature.
func TestBandCheckSeesTermBands(t *testing.T) {
	ctx := context.Background()
	a, dir := openTemp(t)
	art := newArticle(t, "kaynak", "https://kaynak.example/1", seedBody(t))
	if _, _, err := a.Put(ctx, art, nil); err != nil {
		t.Fatal(err)
	}
	a.Close() // writes the pending bands
	bare := openAt(t, dir)
	if _, err := bare.write.ExecContext(ctx, `DELETE FROM lsh_band WHERE band = ?`, cluster.TermBand0+5); err != nil {
		t.Fatal(err)
	}
	bare.Close()
	b := openAt(t, dir)
	missing, err := b.MissingBands(ctx)
	if err != nil || len(missing) != 1 || missing[0] != art.ID {
		t.Fatalf("MissingBands = %v, %v; want [%s]", missing, err, art.ID)
	}
	if err := b.RepairBands(ctx, missing); err != nil {
		t.Fatal(err)
	}
	if missing, err := b.MissingBands(ctx); err != nil || len(missing) != 0 {
		t.Fatalf("after repair MissingBands = %v, %v", missing, err)
	}
}
