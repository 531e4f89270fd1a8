package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
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
	a, err := archive.Open(ctx, t.TempDir(), archive.WithRevisitAfter(time.Hour))
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
	addSQLiteRevisits(t, a, day)
	addSQLiteWatches(t, a, day)
	return a
}

// addSQLiteRevisits revisits the articles: a0 changed twice (two replaced
// texts), a3 gone (its revisits end), a4 unchanged with new validators.
func addSQLiteRevisits(t *testing.T, a *archive.Archive, day time.Time) {
	ctx := context.Background()
	for i, r := range []article.Revisited{
		{ArticleID: "a0", Changed: &article.Article{Title: "Çalıştay ertelendi", Lead: "Öz", Body: "Yeni metin."}, NextStep: 1, NextAt: day.Add(25 * time.Hour)},
		{ArticleID: "a0", Changed: &article.Article{Title: "Çalıştay iptal", Body: "Son metin."}, NextStep: 2, NextAt: day.Add(73*time.Hour + 5)},
		{ArticleID: "a3", Removed: true},
		{ArticleID: "a4", NextStep: 1, NextAt: day.Add(30 * time.Hour), ETag: `"v2"`, LastModified: "Sun, 06 Dec 2026 10:00:00 GMT"},
	} {
		r.SourceID, r.At = "iha", day.Add(time.Duration(i+2)*time.Hour+time.Duration(i)*time.Nanosecond)
		if err := a.Revisited(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
}

// addSQLiteWatches adds a release watch (bands, matches, a delivered and a
// failed outbox row, the log) and a query watch (a spike event) after the
// archive's second article, and the matchers' state.
func addSQLiteWatches(t *testing.T, a *archive.Archive, day time.Time) {
	ctx := context.Background()
	arts, err := a.Since(ctx, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteWatch(ctx, "none"); !errors.Is(err, archive.ErrNotFound) {
		t.Fatal(err)
	}
	rel := archive.Watch{ID: "rel", Name: "Çalıştay", Kind: archive.WatchRelease, Body: "metin", Credit: []string{"İHA"},
		FeedToken: "tok-rel", WebhookURL: "https://hooks.example.org/", WebhookSecret: "0123456789abcdef",
		EmailTo: []string{"basin@example.org"}, EmailEvery: "day", CreatedAt: day.Add(123 * time.Nanosecond)}
	if err := a.AddWatch(ctx, &rel, archive.WatchBands{0: {1 << 63, 7, 9}, 1: {33}}); err != nil {
		t.Fatal(err)
	}
	q := archive.Watch{ID: "q", Name: "İzmir", Kind: archive.WatchQuery, Query: "izmir", FeedToken: "tok-q", WebhookURL: "https://hooks.example.org/q", CreatedAt: day}
	if err := a.AddWatch(ctx, &q, nil); err != nil {
		t.Fatal(err)
	}
	ms := []archive.Match{{WatchID: "rel", ArticleID: "a0", MatchedAt: day.Add(time.Nanosecond), Similarity: 0.9, Relation: "copy", Kept: 0.5},
		{WatchID: "rel", ArticleID: "a3", Relation: "rewrite", Credited: true}, {WatchID: "q", ArticleID: "a4", Copies: 2}}
	spike := archive.OutboxItem{WatchID: "q", Channel: archive.ChannelWebhook, Event: "watch.spike", Payload: `{"count":9}`}
	if _, err := a.RecordMatches(ctx, archive.NewMatches{Matches: ms, Events: []archive.OutboxItem{spike},
		State: map[string]int64{"watermark:release": arts[1].Seq, "spike:q": 20261206}}); err != nil {
		t.Fatal(err)
	}
	due, err := a.DueOutbox(ctx, archive.ChannelWebhook, time.Now(), 10)
	if err != nil || len(due) != 4 {
		t.Fatalf("due %v, %v; want three matches and the spike", due, err)
	}
	d := archive.Delivery{WatchID: "rel", Channel: archive.ChannelWebhook, At: day, Items: 1, Attempt: 1, Status: 200}
	if err := a.Delivered(ctx, []int64{due[0].ID}, d); err != nil {
		t.Fatal(err)
	}
	d.Status, d.Error = 503, "503"
	if err := a.DeliveryFailed(ctx, []int64{due[1].ID}, d, day.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
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
	// Revisits: the schedule as it is (a3's ended), the replaced texts
	// with their ids, and a new version numbered after them.
	far := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	wantDue, err := from.DueRevisits(ctx, far, 10)
	if err != nil {
		t.Fatal(err)
	}
	gotDue, err := s.DueRevisits(ctx, far, 10)
	if err != nil || len(gotDue) != 5 || len(gotDue) != len(wantDue) {
		t.Fatalf("due revisits %d (%v), want 5 as in SQLite (%d)", len(gotDue), err, len(wantDue))
	}
	for i, w := range wantDue {
		g := gotDue[i]
		if g.Article.ID != w.Article.ID || g.Step != w.Step || !g.DueAt.Equal(micro(w.DueAt)) || g.ETag != w.ETag || g.LastModified != w.LastModified {
			t.Errorf("revisit %d: %s step %d at %v %q %q; want %s step %d at %v %q %q", i, g.Article.ID, g.Step, g.DueAt, g.ETag, g.LastModified,
				w.Article.ID, w.Step, w.DueAt, w.ETag, w.LastModified)
		}
	}
	// Watches: ids kept (a client's paging goes on), AfterSeq and the
	// watermark mapped to this store's Seqs, identities continuing.
	arts, err := from.Since(ctx, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	var pgSeq int64
	if err := s.pool.QueryRow(ctx, `SELECT seq FROM article_cursor WHERE article_id = $1`, arts[1].ID).Scan(&pgSeq); err != nil {
		t.Fatal(err)
	}
	if wm, err := s.WatchState(ctx, "watermark:release"); err != nil || wm != pgSeq {
		t.Errorf("watermark %d, %v; want %d, the Seq of %s here", wm, err, pgSeq, arts[1].ID)
	}
	rel, err := s.Watch(ctx, "rel")
	if err != nil || rel.AfterSeq == 0 {
		t.Fatalf("release watch %+v, %v", rel, err)
	}
	if c, err := s.WatchCandidates(ctx, 0, []uint64{1 << 63, 0, 0}); err != nil || !reflect.DeepEqual(c, []string{"rel"}) {
		t.Errorf("candidates by a copied band: %v, %v", c, err)
	}
	wantMs, _ := from.Matches(ctx, "rel", 0, 10)
	gotMs, _ := s.Matches(ctx, "rel", wantMs[0].ID, 10)
	if len(gotMs) != 1 || gotMs[0].ID != wantMs[1].ID {
		t.Errorf("paging after the first match's id: %+v, want %+v", gotMs, wantMs[1:])
	}
	added, err := s.RecordMatches(ctx, archive.NewMatches{Matches: []archive.Match{{WatchID: "rel", ArticleID: "a5"}}})
	if err != nil || len(added) != 1 || added[0].ID <= wantMs[1].ID {
		t.Errorf("a new match after the copy: %+v, %v", added, err)
	}
	if due, err := s.DueOutbox(ctx, archive.ChannelWebhook, time.Now(), 10); err != nil || len(due) != 4 || due[0].Attempts != 1 {
		t.Errorf("due webhooks after the copy: %+v, %v; want all but the delivered one (the failed one first) and the new match", due, err)
	}
	// A lost outbox row, revisit or replaced text, or a revisit moved, is a
	// difference; the next run puts it back.
	if _, err := s.pool.Exec(ctx, `DELETE FROM watch_match WHERE article_id = 'a5'; DELETE FROM watch_outbox WHERE delivered_at IS NOT NULL;
		DELETE FROM article_version WHERE id = 2; DELETE FROM revisit WHERE article_id = 'a5'; UPDATE revisit SET step = 9 WHERE article_id = 'a4'`); err != nil {
		t.Fatal(err)
	}
	if problems, err := s.VerifyCopy(ctx, from); err != nil || !slices.ContainsFunc(problems, func(p string) bool { return strings.HasPrefix(p, "revisits of") }) ||
		!slices.ContainsFunc(problems, func(p string) bool { return strings.HasPrefix(p, "article_version: ") }) ||
		!slices.ContainsFunc(problems, func(p string) bool { return strings.HasPrefix(p, "outbox rows") }) {
		t.Errorf("verify without a delivered outbox row, a revisit and a replaced text: %q, %v; want those differences", problems, err)
	}
	if _, err := s.CopyFrom(ctx, from, nil); err != nil {
		t.Fatal(err)
	}
	if problems, err := s.VerifyCopy(ctx, from); err != nil || len(problems) != 0 {
		t.Errorf("verify after a run restored it: %q, %v", problems, err)
	}
	// A copy finds its near-copies through the bands it computed.
	copyOf := &article.Article{ID: "new", SourceID: "iha", URL: "http://127.0.0.1/new", CanonicalURL: "http://127.0.0.1/new",
		Body: archivetest.Copy(strings.Join(strings.Fields(archivetest.Seed(t))[0:200], " "), 1), FirstSeenAt: got.FirstSeenAt}
	if stored, _, err := s.Put(ctx, copyOf, nil); err != nil || stored.ClusterID != "a0" {
		t.Errorf("a new copy after the migration joined %v (%v), want a0", stored, err)
	}
	if err := s.Revisited(ctx, article.Revisited{ArticleID: "a1", SourceID: "iha", At: far, Changed: &article.Article{Title: "Yeni", Body: "Yeni."}}); err != nil {
		t.Fatal(err)
	}
	var versions []int64
	rows, err := s.pool.Query(ctx, `SELECT id FROM article_version ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		versions = append(versions, id)
	}
	if !reflect.DeepEqual(versions, []int64{1, 2, 3}) {
		t.Errorf("version ids %v, want the two copied and a new one after them", versions)
	}
}
