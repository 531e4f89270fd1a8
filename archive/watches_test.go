package archive

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// What the SQLite file adds to the shared suite's watch cases
// (archive/archivetest): a watch, its match and its delivery log are in a
// backup and survive a reopen, pass the check, and go with the watch.
func TestWatchBackupReopen(t *testing.T) {
	ctx := context.Background()
	a, dir := openTemp(t)
	art := newArticle(t, "kartal", "https://www.kartal.bel.tr/haber/calistay", seedBody(t))
	if _, _, err := a.Put(ctx, art, []article.Response{pageResponse(t, art.URL)}); err != nil {
		t.Fatal(err)
	}
	w := Watch{ID: "w1", Name: "Çalıştay", Kind: WatchRelease, Body: "metin", FeedToken: "tok", WebhookURL: "https://hooks.example.org/",
		WebhookSecret: "s", CreatedAt: time.Now()}
	if err := a.AddWatch(ctx, &w, WatchBands{0: {11, 22}}); err != nil {
		t.Fatal(err)
	}
	stored, err := a.RecordMatches(ctx, NewMatches{Matches: []Match{{WatchID: "w1", ArticleID: art.ID}}, State: map[string]int64{"watermark:x": 1}})
	if err != nil || len(stored) != 1 {
		t.Fatalf("record: %v, %v", stored, err)
	}
	if err := a.Delivered(ctx, nil, Delivery{WatchID: "w1", Channel: ChannelWebhook, At: time.Now(), Status: 200}); err != nil {
		t.Fatal(err)
	}

	dst := t.TempDir() + "/copy"
	if _, err := Backup(ctx, dir, "", dst); err != nil {
		t.Fatal(err)
	}
	b := openAt(t, dst)
	if ms, err := b.Matches(ctx, "w1", 0, 10); err != nil || len(ms) != 1 {
		t.Errorf("backup's matches: %v, %v", ms, err)
	}
	if log, err := b.Deliveries(ctx, "w1", 10); err != nil || len(log) != 1 {
		t.Errorf("backup's log: %v, %v", log, err)
	}
	b.Close()

	a.Close()
	a = openAt(t, dir)
	if problems, err := a.Integrity(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("integrity: %v %v", problems, err)
	}
	if got, err := a.WatchByToken(ctx, "tok"); err != nil || got.Name != "Çalıştay" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
	if wm, _ := a.WatchState(ctx, "watermark:x"); wm != 1 {
		t.Errorf("watermark %d after reopen", wm)
	}
	if err := a.DeleteWatch(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Watch(ctx, "w1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted watch: %v", err)
	}
	if c, _ := a.WatchCandidates(ctx, 0, []uint64{11}); len(c) != 0 {
		t.Errorf("bands outlived their watch: %v", c)
	}
}

func TestWatchProblems(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	if _, err := a.RecordMatches(ctx, NewMatches{State: map[string]int64{"watermark:release": 5}}); err != nil {
		t.Fatal(err)
	}
	p, err := a.Integrity(ctx)
	if err != nil || len(p) != 1 {
		t.Fatalf("problems %v, %v; want the watermark ahead of the archive", p, err)
	}
}
