package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/archivetest"
	"github.com/haberci/haberci/article"
)

// sqliteArchive fills a SQLite archive with what a copy must carry: a
// configured and a run-time (paused) source with fetch state, stories with
// copies and a merge, captures of articles and of a feed.
func sqliteArchive(t *testing.T) *archive.Archive {
	t.Helper()
	ctx := context.Background()
	a, err := archive.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.SyncSources(ctx, []archive.SourceInfo{{ID: "iha", Name: "İHA", Type: "rss", URL: "http://127.0.0.1/rss", Schedule: "@every 5m", Options: `{"max_items":5}`}}); err != nil {
		t.Fatal(err)
	}
	if err := a.AddSource(ctx, archive.SourceInfo{ID: "kartal", Name: "Kartal Belediyesi", Type: "html", URL: "http://127.0.0.1/kartal"}, "http://127.0.0.1/kartal"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetPaused(ctx, "kartal", true); err != nil {
		t.Fatal(err)
	}
	st := article.FetchState{SourceID: "iha", ETag: `"e1"`, LastFetchAt: time.Date(2026, 12, 6, 9, 0, 0, 123456789, time.UTC),
		LastStatus: 200, ConsecutiveFailures: 1, LastError: "timeout: İzmir", Backlog: 7, ResumeURL: "http://127.0.0.1/rss?page=2"}
	if err := a.SaveFetchState(ctx, st); err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(archivetest.Seed(t))
	text := func(i, j int) string { return strings.Join(words[i:j], " ") }
	day := time.Date(2026, 12, 6, 9, 0, 0, 987654321, time.UTC)
	bodies := []string{text(0, 200), text(174, 374), text(174, 374) + "\n\nKaynak: İHA", text(26, 348), "Kısa haber.", "Kısa haber."}
	for i, body := range bodies {
		u := fmt.Sprintf("http://127.0.0.1/haber/%d", i)
		art := &article.Article{ID: fmt.Sprintf("a%d", i), SourceID: []string{"iha", "kartal"}[i%2], URL: u, CanonicalURL: u,
			GUID: "g" + u, Title: fmt.Sprintf("Çalıştay %d", i), Body: body, Authors: []string{"Ayşe Yılmaz"},
			FirstSeenAt: day.Add(time.Duration(i) * time.Hour), PublishedAt: day, Agency: "İHA", Language: "tr"}
		resp := article.Response{URL: u, FetchedAt: day.Add(time.Minute), Status: 200, Body: []byte("<p>" + body + "</p>")}
		if _, _, err := a.Put(ctx, art, []article.Response{resp}); err != nil {
			t.Fatal(err)
		}
	}
	feed := article.Response{URL: "http://127.0.0.1/rss", FetchedAt: day, Status: 200, Body: []byte("<rss/>")}
	if err := a.AddCaptures(ctx, "iha", []article.Response{feed}); err != nil {
		t.Fatal(err)
	}
	return a
}

// A copy interrupted after its first pages continues where it stopped on
// the next run, copies nothing twice and verifies clean: articles (field
// for field, at microseconds), clusters after a merge, sources with their
// fetch state and pauses, captures; the change stream gives the articles
// in the SQLite archive's order.
func TestCopyFromSQLite(t *testing.T) {
	ctx := context.Background()
	from := sqliteArchive(t)
	s, _ := open(t)
	s.copyPage = 2
	stopped, stop := context.WithCancel(ctx)
	_, err := s.CopyFrom(stopped, from, func(what string, n int64) {
		if what == "articles" && n >= 2 {
			stop()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted copy: %v", err)
	}
	if problems, err := s.VerifyCopy(ctx, from); err != nil || len(problems) == 0 {
		t.Fatalf("an interrupted copy verified clean (%v)", err)
	}
	rep, err := s.CopyFrom(ctx, from, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 4 || rep.Captures != 7 {
		t.Errorf("second run copied %d articles, %d captures; want the 4 left and all 7", rep.Articles, rep.Captures)
	}
	problems, err := s.VerifyCopy(ctx, from)
	if err != nil || len(problems) > 0 {
		t.Fatalf("verify: %v %q", err, problems)
	}
	// A third run finds nothing left.
	if rep, err := s.CopyFrom(ctx, from, nil); err != nil || rep.Articles != 0 || rep.Captures != 0 {
		t.Errorf("third run: %+v, %v", rep, err)
	}
	want, wantCaps, err := from.Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	got, caps, err := s.Get(ctx, "a1")
	if err != nil || len(caps) != len(wantCaps) || caps[0].WARCFile != wantCaps[0].WARCFile || caps[0].Offset != wantCaps[0].Offset {
		t.Fatalf("captures %+v (%v), want %+v", caps, err, wantCaps)
	}
	if got.ClusterID != want.ClusterID || got.ClusterID != "a0" {
		t.Errorf("a1 in cluster %s, want a0 (merged) as in SQLite (%s)", got.ClusterID, want.ClusterID)
	}
	paused, err := s.pool.Query(ctx, `SELECT id FROM source WHERE paused AND origin = 'api'`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for paused.Next() {
		var id string
		paused.Scan(&id)
		ids = append(ids, id)
	}
	if !reflect.DeepEqual(ids, []string{"kartal"}) {
		t.Errorf("paused run-time sources %v, want [kartal]", ids)
	}
	changes, err := s.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, a := range changes {
		order = append(order, a.ID)
	}
	if !reflect.DeepEqual(order, []string{"a0", "a1", "a2", "a3", "a4", "a5"}) {
		t.Errorf("change stream %v, want the SQLite order", order)
	}
	// A copy finds its near-copies through the bands it computed.
	copyOf := &article.Article{ID: "new", SourceID: "iha", URL: "http://127.0.0.1/new", CanonicalURL: "http://127.0.0.1/new",
		Body: archivetest.Copy(strings.Join(strings.Fields(archivetest.Seed(t))[0:200], " "), 1), FirstSeenAt: got.FirstSeenAt}
	if stored, _, err := s.Put(ctx, copyOf, nil); err != nil || stored.ClusterID != "a0" {
		t.Errorf("a new copy after the migration joined %v (%v), want a0", stored, err)
	}
}
