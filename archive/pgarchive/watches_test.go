package pgarchive

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/internal/pgtest"
)

// nodes opens n stores on one new database, each with its own pool, as n
// nodes would.
func nodes(t *testing.T, n int, opts ...Option) []*Store {
	t.Helper()
	url := pgtest.URL(t)
	out := make([]*Store, n)
	for i := range out {
		s, err := Open(context.Background(), url, opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out
}

func addTestWatch(t *testing.T, s *Store, id string) {
	t.Helper()
	w := archive.Watch{ID: id, Name: id, Kind: archive.WatchRelease, FeedToken: "tok-" + id,
		WebhookURL: "https://hooks.example.org/" + id, EmailTo: []string{id + "@example.org"}, CreatedAt: time.Now()}
	if err := s.AddWatch(context.Background(), &w, nil); err != nil {
		t.Fatal(err)
	}
}

// Four nodes deliver one outbox at once, in small batches: every row is
// claimed by exactly one node, and all are delivered.
func TestOutboxClaimedOnce(t *testing.T) {
	ctx := context.Background()
	ns := nodes(t, 4)
	addTestWatch(t, ns[0], "w1")
	const rows = 300
	var events []archive.OutboxItem
	for i := range rows {
		events = append(events, archive.OutboxItem{WatchID: "w1", Channel: archive.ChannelWebhook, Event: "watch.spike", Payload: fmt.Sprint(i)})
	}
	if _, err := ns[0].RecordMatches(ctx, archive.NewMatches{Events: events}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	claims := map[int64][]int{} // outbox id -> nodes that were given it
	var wg sync.WaitGroup
	errs := make(chan error, len(ns))
	for i, s := range ns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				items, err := s.DueOutbox(ctx, archive.ChannelWebhook, time.Now(), 7)
				if err != nil {
					errs <- err
					return
				}
				if len(items) == 0 {
					return
				}
				var ids []int64
				mu.Lock()
				for _, it := range items {
					claims[it.ID] = append(claims[it.ID], i)
					ids = append(ids, it.ID)
				}
				mu.Unlock()
				time.Sleep(time.Millisecond) // the delivery
				d := archive.Delivery{WatchID: "w1", Channel: archive.ChannelWebhook, At: time.Now(), Items: len(ids), Attempt: 1, Status: 200}
				if err := s.Delivered(ctx, ids, d); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(claims) != rows {
		t.Errorf("%d rows claimed, want %d", len(claims), rows)
	}
	perNode := make([]int, len(ns))
	for id, by := range claims {
		if len(by) != 1 {
			t.Errorf("row %d given to nodes %v", id, by)
		}
		perNode[by[0]]++
	}
	t.Logf("rows per node: %v", perNode)
	var undelivered int
	if err := ns[0].pool.QueryRow(ctx, `SELECT count(*) FROM watch_outbox WHERE delivered_at IS NULL`).Scan(&undelivered); err != nil || undelivered != 0 {
		t.Errorf("%d rows undelivered, %v", undelivered, err)
	}
}

// A node that dies holding outbox rows holds them until its lease expires;
// then another node is given them. A failed delivery gives them back at
// once, due at the retry time.
func TestOutboxLeaseExpiry(t *testing.T) {
	ctx := context.Background()
	const lease = 500 * time.Millisecond
	ns := nodes(t, 2, WithOutboxLease(lease))
	dead, live := ns[0], ns[1]
	addTestWatch(t, dead, "w1")
	ev := archive.OutboxItem{WatchID: "w1", Channel: archive.ChannelEmail, Event: "watch.spike", Payload: "{}"}
	if _, err := dead.RecordMatches(ctx, archive.NewMatches{Events: []archive.OutboxItem{ev, ev}}); err != nil {
		t.Fatal(err)
	}
	// The lease starts at the claiming transaction's start, which is after
	// this instant and before DueOutbox returns.
	start := time.Now()
	claimed, err := dead.DueOutbox(ctx, archive.ChannelEmail, time.Now(), 10)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("first claim: %v, %v", claimed, err)
	}
	if got, err := live.DueOutbox(ctx, archive.ChannelEmail, time.Now(), 10); err != nil || len(got) != 0 {
		t.Fatalf("rows held by a live lease given again: %v, %v", got, err)
	}
	var got []archive.OutboxItem
	for len(got) == 0 && time.Since(start) < 10*lease {
		time.Sleep(lease / 10)
		if got, err = live.DueOutbox(ctx, archive.ChannelEmail, time.Now(), 10); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 2 || got[0].ID != claimed[0].ID || got[1].ID != claimed[1].ID {
		t.Fatalf("after expiry: %v, want the dead node's rows %v", got, claimed)
	}
	if waited := time.Since(start); waited < lease {
		t.Errorf("rows given again after %v, before the lease of %v", waited, lease)
	}
	next := time.Now().Add(time.Minute)
	d := archive.Delivery{WatchID: "w1", Channel: archive.ChannelEmail, At: time.Now(), Items: 2, Attempt: 1, Error: "421"}
	if err := live.DeliveryFailed(ctx, []int64{got[0].ID, got[1].ID}, d, next); err != nil {
		t.Fatal(err)
	}
	if again, err := dead.DueOutbox(ctx, archive.ChannelEmail, next, 10); err != nil || len(again) != 2 || again[0].Attempts != 1 {
		t.Errorf("after a failed delivery, at its retry time: %+v, %v", again, err)
	}
}

// Four nodes match the same articles at once, in batches of their own
// sizes, as each node's matcher would follow the archive: every match is
// stored once with one outbox row per channel, and the watermark ends at
// the highest.
func TestNodesRecordMatchesOnce(t *testing.T) {
	ctx := context.Background()
	ns := nodes(t, 4)
	addSources(t, ns[0], 1)
	const n = 40
	tx, err := ns[0].pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := insertArticle(ctx, tx, fmt.Sprintf("a%02d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"w1", "w2"} {
		addTestWatch(t, ns[0], w)
	}
	var mu sync.Mutex
	var stored []archive.Match
	var wg sync.WaitGroup
	for k, s := range ns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := 3 + 2*k
			for lo := 0; lo < n; lo += batch {
				var ms []archive.Match
				for i := lo; i < min(lo+batch, n); i++ {
					for _, w := range []string{"w1", "w2"} {
						ms = append(ms, archive.Match{WatchID: w, ArticleID: fmt.Sprintf("a%02d", i)})
					}
				}
				got, err := s.RecordMatches(ctx, archive.NewMatches{Matches: ms, State: map[string]int64{"watermark:release": int64(min(lo+batch, n))}})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				stored = append(stored, got...)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range stored {
		seen[m.WatchID+"/"+m.ArticleID]++
	}
	if len(stored) != 2*n || len(seen) != 2*n {
		t.Errorf("%d matches stored, %d distinct; want %d", len(stored), len(seen), 2*n)
	}
	for k, c := range seen {
		if c != 1 {
			t.Errorf("match %s stored %d times", k, c)
		}
	}
	for _, ch := range []string{archive.ChannelWebhook, archive.ChannelEmail} {
		items, err := ns[1].DueOutbox(ctx, ch, time.Now(), MaxPage)
		if err != nil || len(items) != 2*n {
			t.Errorf("%s outbox: %d rows, %v; want %d", ch, len(items), err, 2*n)
		}
	}
	if wm, err := ns[2].WatchState(ctx, "watermark:release"); err != nil || wm != n {
		t.Errorf("watermark %d, %v; want %d", wm, err, n)
	}
	// Each watch's matches page in id order, every one once.
	for _, w := range []string{"w1", "w2"} {
		ms, err := ns[3].Matches(ctx, w, 0, MaxPage)
		if err != nil || len(ms) != n || !slices.IsSortedFunc(ms, func(a, b archive.Match) int { return cmp.Compare(a.ID, b.ID) }) {
			t.Errorf("%s: %d matches, %v", w, len(ms), err)
		}
	}
}

// check reports a matcher watermark ahead of the archive's Seqs.
func TestIntegrityWatermark(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.RecordMatches(ctx, archive.NewMatches{State: map[string]int64{"watermark:release": 5, "spike:w": 20261207}}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Integrity(ctx)
	if err != nil || len(p) != 1 {
		t.Fatalf("problems %v, %v; want the watermark ahead of the archive", p, err)
	}
}
