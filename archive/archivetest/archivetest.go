// Package archivetest is the test suite every archive implementation
// passes: the SQLite archive (package archive) and the PostgreSQL one
// (archive/pgarchive) each run Run from their tests. It covers what both
// implement today: the article writer (Put: captures in WARC, revisits of
// a URL, exact and near-duplicate clustering, merges, concurrent writers),
// reading an article back, Iterate, ArticleIDs and Since, counts,
// stories and copies per day (the coverage report), Missing, configured
// and run-time sources, Integrity, Writable, VerifyCaptures and the band
// check, the change stream the index follows (index.Feeder), and watches
// with their matches and outbox.
package archivetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/index"
)

// Store is what the suite writes and reads through: the archive's writer
// and reads, and the index's feeder.
type Store interface {
	index.Feeder
	Put(ctx context.Context, art *article.Article, resps []article.Response) (*article.Article, bool, error)
	Get(ctx context.Context, id string) (*article.Article, []article.Capture, error)
	ClusterMembers(ctx context.Context, clusterID string) ([]*article.Article, error)
	ClusterSizes(ctx context.Context, ids []string) (map[string]int64, error)
	Seen(ctx context.Context, sourceID, canonicalURL, guid string) (bool, error)
	Candidates(ctx context.Context, bands []uint64, around time.Time, window time.Duration) ([]string, error)
	DueRevisits(ctx context.Context, now time.Time, limit int) ([]article.Revisit, error)
	Revisited(ctx context.Context, r article.Revisited) error
	WARCPath(file string) string
	ArticleIDs(ctx context.Context, n int, fn func(ids []string) error) error
	Integrity(ctx context.Context) ([]string, error)
	Writable(ctx context.Context) error
	VerifyCaptures(ctx context.Context, bad func(archive.CaptureProblem)) (int64, error)
	Sources
	Watches
	Reads
	Bands
}

// Sources is the configured and run-time sources and their fetch state.
type Sources interface {
	SyncSources(ctx context.Context, srcs []archive.SourceInfo) error
	AddSource(ctx context.Context, s archive.SourceInfo, urlKey string) error
	UpdateSource(ctx context.Context, s archive.SourceInfo, urlKey string) error
	RemoveSource(ctx context.Context, id string) error
	StoredSources(ctx context.Context) ([]archive.StoredSource, error)
	StoredSource(ctx context.Context, id string) (archive.StoredSource, error)
	SetPaused(ctx context.Context, id string, paused bool) error
	PausedSources(ctx context.Context) ([]string, error)
	SourceIDs(ctx context.Context) ([]string, error)
	FetchState(ctx context.Context, sourceID string) (article.FetchState, error)
	SaveFetchState(ctx context.Context, st article.FetchState) error
}

// Cluster is a stored cluster as the suite compares it.
type Cluster struct {
	First, Agency string
	Size          int64
}

// Impl is one implementation under test.
type Impl struct {
	// Open returns a new, empty store, closed when t ends; revisitAfter
	// is its WithRevisitAfter (0: no revisits scheduled).
	Open func(t *testing.T, revisitAfter time.Duration) Store
	// Versions returns the titles an article had before revisits changed
	// it, oldest first.
	Versions func(ctx context.Context, s Store, id string) ([]string, error)
	// Cluster reads a cluster of s; it wraps ErrNotFound when there is none.
	Cluster func(ctx context.Context, s Store, id string) (Cluster, error)
	// ErrNotFound is what Get wraps for a missing article, ErrInvalid what
	// Put wraps for an article it cannot store.
	ErrNotFound, ErrInvalid error
	// Iterate is the store's Iterate with f as its filter.
	Iterate func(ctx context.Context, s Store, f Filter, fn func(*article.Article, []article.Capture) error) error
	// MaxPage is the most articles one Changes call returns.
	MaxPage int
	// Damage runs stmt (SQL both stores' databases take) on s's database,
	// once every LSH band row s keeps back is written, so that a check has
	// something to find.
	Damage func(ctx context.Context, s Store, stmt string) error
}

// Run runs the suite against impl.
func Run(t *testing.T, impl Impl) {
	tests := map[string]func(t *testing.T, impl Impl){
		"empty":           testEmpty,
		"changes paged":   testChangesPaged,
		"get round trip":  testGetRoundTrip,
		"limit clamped":   testLimitClamped,
		"get missing":     testGetMissing,
		"caught up stays": testCaughtUp,
	}
	for _, more := range []map[string]func(t *testing.T, impl Impl){writeTests, iterateTests, sourceTests, checkTests, watchTests, readTests, bandTests} {
		for name, test := range more {
			tests[name] = test
		}
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) { test(t, impl) })
	}
}

// articleN is a distinct article in Turkish, times to the microsecond
// (PostgreSQL's resolution).
func articleN(i int) *article.Article {
	url := fmt.Sprintf("http://127.0.0.1/haber/%d", i)
	return &article.Article{
		ID: fmt.Sprintf("id%04d", i), SourceID: "src", URL: url + "?utm_source=rss", CanonicalURL: url,
		GUID: fmt.Sprintf("guid-%d", i), Title: fmt.Sprintf("İstanbul'da IŞIK şenliği %d", i),
		Lead: "Kadıköy'de başladı.", Body: fmt.Sprintf("Haber %d. Şenlik üç gün sürecek.", i),
		Authors:     []string{"Ayşe Yılmaz", "Çağrı Öztürk"},
		PublishedAt: time.Date(2026, 12, 6, 14, 5, 0, 123000, time.UTC).Add(time.Duration(i) * time.Minute),
		FirstSeenAt: time.Date(2026, 12, 6, 15, 0, 0, 456000, time.UTC).Add(time.Duration(i) * time.Minute),
		Language:    "tr", Agency: "İHA", SimHash: 0xfedcba9876543210,
	}
}

// put stores a new article and returns it as stored.
func put(t *testing.T, s Store, a *article.Article) *article.Article {
	t.Helper()
	stored, created, err := s.Put(context.Background(), a, nil)
	if err != nil || !created {
		t.Fatalf("Put %s: created %v, %v", a.ID, created, err)
	}
	return stored
}

func testEmpty(t *testing.T, impl Impl) {
	s := impl.Open(t, 0)
	last, err := s.LastChange(context.Background())
	if err != nil || last != 0 {
		t.Errorf("LastChange = %d, %v; want 0", last, err)
	}
	got, err := s.Changes(context.Background(), 0, 10)
	if err != nil || len(got) != 0 {
		t.Errorf("Changes = %d articles, %v; want none", len(got), err)
	}
}

// Articles come in the order stored, in pages of the limit, a short page
// only at the end, cursors growing, the last one LastChange.
func testChangesPaged(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	var want []string
	for i := range 25 {
		want = append(want, put(t, s, articleN(i)).ID)
	}
	var got []string
	var wm int64
	var sizes []int
	for {
		page, err := s.Changes(ctx, wm, 7)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page))
		for _, a := range page {
			if a.ChangeSeq <= wm {
				t.Fatalf("cursor %d after %d", a.ChangeSeq, wm)
			}
			wm = a.ChangeSeq
			got = append(got, a.ID)
		}
		if len(page) < 7 {
			break
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes gave %v, want %v", got, want)
	}
	if !reflect.DeepEqual(sizes, []int{7, 7, 7, 4}) {
		t.Errorf("page sizes %v, want [7 7 7 4]", sizes)
	}
	if last, err := s.LastChange(ctx); err != nil || last != wm {
		t.Errorf("LastChange = %d, %v; want %d", last, err, wm)
	}
}

// Get gives back every field stored, Turkish text, authors and times in
// UTC included; Changes gives the same article.
func testGetRoundTrip(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	in := articleN(1)
	in.PublishedAt = in.PublishedAt.In(time.FixedZone("TRT", 3*3600))
	stored := put(t, s, in)
	got, _, err := s.Get(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *articleN(1)
	// What the store derives (content hash, cluster, SimHash) is as its
	// Put reported it; everything else as given.
	want.ContentSHA256, want.ClusterID, want.SimHash = stored.ContentSHA256, stored.ClusterID, stored.SimHash
	if got.ClusterID == "" || got.ContentSHA256 == "" {
		t.Errorf("stored without cluster (%q) or content hash (%q)", got.ClusterID, got.ContentSHA256)
	}
	cmp := *got
	cmp.Seq, cmp.ChangeSeq = 0, 0
	if !reflect.DeepEqual(cmp, want) {
		t.Errorf("Get:\n got %+v\nwant %+v", cmp, want)
	}
	changed, err := s.Changes(ctx, 0, 10)
	if err != nil || len(changed) != 1 {
		t.Fatalf("Changes = %d articles, %v", len(changed), err)
	}
	changed[0].Seq, changed[0].ChangeSeq = 0, 0
	if !reflect.DeepEqual(*changed[0], want) {
		t.Errorf("Changes:\n got %+v\nwant %+v", *changed[0], want)
	}
}

func testLimitClamped(t *testing.T, impl Impl) {
	s := impl.Open(t, 0)
	for i := range 3 {
		put(t, s, articleN(i))
	}
	for _, limit := range []int{0, -1, impl.MaxPage + 1} {
		got, err := s.Changes(context.Background(), 0, limit)
		if err != nil || len(got) != 3 {
			t.Errorf("limit %d: %d articles, %v; want 3", limit, len(got), err)
		}
	}
}

func testGetMissing(t *testing.T, impl Impl) {
	s := impl.Open(t, 0)
	if _, _, err := s.Get(context.Background(), "yok"); !errors.Is(err, impl.ErrNotFound) {
		t.Errorf("Get(missing) err = %v, want %v", err, impl.ErrNotFound)
	}
}

// After the last change nothing follows until a new article is stored,
// which then follows alone.
func testCaughtUp(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	put(t, s, articleN(0))
	last, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Changes(ctx, last, 10); err != nil || len(got) != 0 {
		t.Fatalf("after the last change: %d articles, %v", len(got), err)
	}
	put(t, s, articleN(1))
	got, err := s.Changes(ctx, last, 10)
	if err != nil || len(got) != 1 || got[0].ID != articleN(1).ID || got[0].ChangeSeq <= last {
		t.Errorf("after a new article: %v, %v", got, err)
	}
}
