package archive

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

func TestWatchStorage(t *testing.T) {
	ctx := context.Background()
	a, dir := openTemp(t)
	art := newArticle(t, "kartal", "https://www.kartal.bel.tr/haber/calistay", seedBody(t))
	if _, _, err := a.Put(ctx, art, []article.Response{pageResponse(t, art.URL)}); err != nil {
		t.Fatal(err)
	}
	w := Watch{ID: "w1", Name: "Çalıştay", Kind: WatchRelease, Body: "metin", FeedToken: "tok", WebhookURL: "https://hooks.example.org/",
		WebhookSecret: "s", EmailTo: []string{"a@example.org"}, EmailEvery: "hour", Credit: []string{"İHA"}, CreatedAt: time.Now()}
	if err := a.AddWatch(ctx, &w, WatchBands{0: {11, 22}, 1: {33}}); err != nil {
		t.Fatal(err)
	}
	if w.AfterSeq != 1 {
		t.Errorf("AfterSeq %d, want the archive's max seq 1", w.AfterSeq)
	}
	if err := a.AddWatch(ctx, &Watch{ID: "w2", Name: "x", Kind: WatchRelease, FeedToken: "tok"}, nil); err == nil {
		t.Error("a second watch with the same feed token was stored")
	}
	for name, tc := range map[string]struct {
		family int
		bands  []uint64
		want   int
	}{
		"copy band":   {0, []uint64{0, 22}, 1},
		"term band":   {1, []uint64{33}, 1},
		"other place": {1, []uint64{11}, 0},
		"no band":     {0, []uint64{5, 6}, 0},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := a.WatchCandidates(ctx, tc.family, tc.bands)
			if err != nil || len(got) != tc.want {
				t.Errorf("got %v (%v), want %d", got, err, tc.want)
			}
		})
	}
	got, err := a.WatchByToken(ctx, "tok")
	if err != nil || got.Name != "Çalıştay" || got.EmailEvery != "hour" || len(got.Credit) != 1 {
		t.Fatalf("by token: %+v, %v", got, err)
	}

	// A match and its outbox rows commit with the watermark; a repeat is skipped.
	nm := NewMatches{Matches: []Match{{WatchID: "w1", ArticleID: art.ID, Relation: "copy", Credited: true, Kept: 0.5}}, State: map[string]int64{"watermark:x": 1}}
	stored, err := a.RecordMatches(ctx, nm)
	if err != nil || len(stored) != 1 {
		t.Fatalf("record: %v, %v", stored, err)
	}
	if again, err := a.RecordMatches(ctx, nm); err != nil || len(again) != 0 {
		t.Fatalf("recorded again: %v, %v", again, err)
	}
	if wm, _ := a.WatchState(ctx, "watermark:x"); wm != 1 {
		t.Errorf("watermark %d", wm)
	}
	now := time.Now()
	due, err := a.DueOutbox(ctx, ChannelWebhook, now, 10)
	if err != nil || len(due) != 1 || due[0].MatchID != stored[0].ID {
		t.Fatalf("due webhooks %+v, %v", due, err)
	}
	if err := a.DeliveryFailed(ctx, []int64{due[0].ID}, Delivery{WatchID: "w1", Channel: ChannelWebhook, At: now, Items: 1, Attempt: 1, Error: "503"}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if due, _ := a.DueOutbox(ctx, ChannelWebhook, now, 10); len(due) != 0 {
		t.Errorf("a failed row is due again before its retry: %+v", due)
	}
	later, _ := a.DueOutbox(ctx, ChannelWebhook, now.Add(2*time.Hour), 10)
	if len(later) != 1 || later[0].Attempts != 1 {
		t.Fatalf("retry rows %+v", later)
	}
	if err := a.Delivered(ctx, []int64{later[0].ID}, Delivery{WatchID: "w1", Channel: ChannelWebhook, At: now, Items: 1, Attempt: 2, Status: 200}); err != nil {
		t.Fatal(err)
	}
	if due, _ := a.DueOutbox(ctx, ChannelWebhook, now.Add(24*time.Hour), 10); len(due) != 0 {
		t.Errorf("a delivered row is due: %+v", due)
	}
	if log, _ := a.Deliveries(ctx, "w1", 10); len(log) != 2 || log[0].Status != 200 {
		t.Errorf("log %+v", log)
	}

	// A backup holds the watch, its match and its log.
	dst := t.TempDir() + "/copy"
	if _, err := Backup(ctx, dir, dst); err != nil {
		t.Fatal(err)
	}
	b := openAt(t, dst)
	if ms, err := b.Matches(ctx, "w1", 0, 10); err != nil || len(ms) != 1 {
		t.Errorf("backup's matches: %v, %v", ms, err)
	}
	b.Close()

	// The watch survives a reopen, passes the check, and goes with its rows.
	a.Close()
	a = openAt(t, dir)
	if problems, err := a.Integrity(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("integrity: %v %v", problems, err)
	}
	if err := a.DeleteWatch(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Watch(ctx, "w1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted watch: %v", err)
	}
	if err := a.DeleteWatch(ctx, "w1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if due, _ := a.DueOutbox(ctx, ChannelEmail, now.Add(24*time.Hour), 10); len(due) != 0 {
		t.Errorf("outbox rows outlived their watch: %+v", due)
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
