package archivetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
)

// Watches is the watches' storage (package watch's matcher, deliverer and
// API read and write through it) and the reads the matcher follows the
// archive with (Since, MaxSeq).
type Watches interface {
	AddWatch(ctx context.Context, w *archive.Watch, bands archive.WatchBands) error
	DeleteWatch(ctx context.Context, id string) error
	Watch(ctx context.Context, id string) (archive.Watch, error)
	WatchByToken(ctx context.Context, token string) (archive.Watch, error)
	Watches(ctx context.Context, kind string) ([]archive.Watch, error)
	WatchCount(ctx context.Context, kind string) (int64, error)
	WatchCandidates(ctx context.Context, family int, bands []uint64) ([]string, error)
	WatchState(ctx context.Context, key string) (int64, error)
	RecordMatches(ctx context.Context, nm archive.NewMatches) ([]archive.Match, error)
	Matches(ctx context.Context, watchID string, after int64, limit int) ([]archive.Match, error)
	LatestMatches(ctx context.Context, watchID string, limit int) ([]archive.Match, error)
	MatchesByID(ctx context.Context, ids []int64) ([]archive.Match, error)
	ClusterMatched(ctx context.Context, watchID, clusterID string) (bool, error)
	DueOutbox(ctx context.Context, channel string, now time.Time, limit int) ([]archive.OutboxItem, error)
	Delivered(ctx context.Context, ids []int64, d archive.Delivery) error
	DeliveryFailed(ctx context.Context, ids []int64, d archive.Delivery, next time.Time) error
	Postpone(ctx context.Context, ids []int64, next time.Time) error
	Deliveries(ctx context.Context, watchID string, limit int) ([]archive.Delivery, error)
	Since(ctx context.Context, afterSeq int64, limit int) ([]*article.Article, error)
	MaxSeq(ctx context.Context) (int64, error)
}

// watchTests are the suite's cases for watches, their matches and outbox.
var watchTests = map[string]func(t *testing.T, impl Impl){
	"watch round trip":         testWatchRoundTrip,
	"watch candidates":         testWatchCandidates,
	"matches recorded once":    testMatchesOnce,
	"state grows, events once": testStateGrows,
	"outbox delivery":          testOutbox,
	"watch deleted":            testWatchDeleted,
	"since and max seq":        testSince,
}

// releaseWatch is a release watch delivering to both channels, created at
// a time PostgreSQL keeps exactly.
func releaseWatch(id, token string) archive.Watch {
	return archive.Watch{ID: id, Name: "Çalıştay " + id, Kind: archive.WatchRelease, ArticleID: "id0000", Title: "Başlık",
		Body: "Kadıköy'de başladı.", Credit: []string{"İHA", "Kartal Belediyesi"}, FeedToken: token,
		WebhookURL: "https://hooks.example.org/" + id, WebhookSecret: "0123456789abcdef", EmailTo: []string{"basin@example.org"},
		EmailEvery: "hour", CreatedAt: time.Date(2026, 12, 7, 9, 0, 0, 123000, time.UTC)}
}

func addWatch(t *testing.T, s Store, w archive.Watch, bands archive.WatchBands) archive.Watch {
	t.Helper()
	if err := s.AddWatch(context.Background(), &w, bands); err != nil {
		t.Fatalf("AddWatch %s: %v", w.ID, err)
	}
	return w
}

// A watch reads back as stored, by id and by token, with AfterSeq the
// archive's MaxSeq at its creation; listing and counting go by kind;
// a watch without kind, or with a feed token taken, is refused.
func testWatchRoundTrip(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	for i := range 3 {
		put(t, s, articleN(i))
	}
	w := addWatch(t, s, releaseWatch("w1", "tok1"), nil)
	if top, err := s.MaxSeq(ctx); err != nil || w.AfterSeq != top || top == 0 {
		t.Errorf("AfterSeq %d, MaxSeq %d (%v): want equal, not 0", w.AfterSeq, top, err)
	}
	q := archive.Watch{ID: "q1", Name: "İzmir", Kind: archive.WatchQuery, Query: "izmir", Source: "src", Agency: "AA",
		FeedToken: "tok2", CreatedAt: w.CreatedAt.Add(time.Minute)}
	q = addWatch(t, s, q, nil)
	q.Credit, q.EmailTo = []string{}, []string{} // stored lists are never nil
	for name, get := range map[string]func() (archive.Watch, error){
		"by id":    func() (archive.Watch, error) { return s.Watch(ctx, "w1") },
		"by token": func() (archive.Watch, error) { return s.WatchByToken(ctx, "tok1") },
	} {
		t.Run(name, func(t *testing.T) {
			got, err := get()
			if err != nil || !reflect.DeepEqual(got, w) {
				t.Errorf("got %+v, %v\nwant %+v", got, err, w)
			}
		})
	}
	if _, err := s.Watch(ctx, "yok"); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("missing watch: %v, want archive.ErrNotFound", err)
	}
	if _, err := s.WatchByToken(ctx, "yok"); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("missing token: %v, want archive.ErrNotFound", err)
	}
	for kind, want := range map[string][]archive.Watch{"": {w, q}, archive.WatchRelease: {w}, archive.WatchQuery: {q}} {
		got, err := s.Watches(ctx, kind)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Watches(%q) = %+v, %v\nwant %+v", kind, got, err, want)
		}
		if n, err := s.WatchCount(ctx, kind); err != nil || n != int64(len(want)) {
			t.Errorf("WatchCount(%q) = %d, %v; want %d", kind, n, err, len(want))
		}
	}
	dup := releaseWatch("w2", "tok1")
	if err := s.AddWatch(ctx, &dup, nil); err == nil {
		t.Error("a second watch with the same feed token was stored")
	}
	if err := s.AddWatch(ctx, &archive.Watch{ID: "w3", FeedToken: "tok3"}, nil); !errors.Is(err, archive.ErrInvalid) {
		t.Errorf("a watch without kind: %v, want archive.ErrInvalid", err)
	}
	if n, _ := s.WatchCount(ctx, ""); n != 2 {
		t.Errorf("%d watches after refused ones, want 2", n)
	}
}

// A watch is found by any one of its bands, in its family and place.
func testWatchCandidates(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	addWatch(t, s, releaseWatch("w1", "tok1"), archive.WatchBands{0: {11, 22}, 1: {33}})
	addWatch(t, s, releaseWatch("w2", "tok2"), archive.WatchBands{0: {11, 44}})
	for name, tc := range map[string]struct {
		family int
		bands  []uint64
		want   []string
	}{
		"second band":       {0, []uint64{0, 22}, []string{"w1"}},
		"first band, both":  {0, []uint64{11, 0}, []string{"w1", "w2"}},
		"term band":         {1, []uint64{33}, []string{"w1"}},
		"other family":      {1, []uint64{11}, nil},
		"value, other band": {0, []uint64{22, 11}, nil},
		"no band":           {0, []uint64{5, 6}, nil},
		"none asked":        {0, nil, nil},
		"high bit":          {0, []uint64{1 << 63}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := s.WatchCandidates(ctx, tc.family, tc.bands)
			if err != nil || !sameSet(got, tc.want) {
				t.Errorf("got %v (%v), want %v", got, err, tc.want)
			}
		})
	}
}

// A match is recorded once, with an outbox row per channel of its watch;
// a repeat, even mixed with new matches, stores only the new ones. Matches
// page by ID, LatestMatches is newest first, MatchesByID leaves missing
// ids out, ClusterMatched finds the story.
func testMatchesOnce(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	var arts []*article.Article
	for i := range 4 {
		arts = append(arts, put(t, s, articleN(i)))
	}
	addWatch(t, s, releaseWatch("w1", "tok1"), nil)
	hookOnly := releaseWatch("w2", "tok2")
	hookOnly.EmailTo, hookOnly.EmailEvery = nil, ""
	addWatch(t, s, hookOnly, nil)
	at := time.Date(2026, 12, 7, 10, 0, 0, 5000, time.UTC)
	m := func(w string, i int) archive.Match {
		return archive.Match{WatchID: w, ArticleID: arts[i].ID, MatchedAt: at, Similarity: 0.93, Relation: "copy",
			Credited: true, HeadlineChanged: true, Kept: 0.75, Intro: true, Copies: 3}
	}
	first, err := s.RecordMatches(ctx, archive.NewMatches{Matches: []archive.Match{m("w1", 0), m("w1", 1), m("w2", 0), m("gone", 0)}})
	if err != nil || len(first) != 3 {
		t.Fatalf("first record: %d stored, %v; want 3 (a deleted watch's match skipped)", len(first), err)
	}
	again, err := s.RecordMatches(ctx, archive.NewMatches{Matches: []archive.Match{m("w1", 1), m("w1", 2), m("w2", 0)}})
	if err != nil || len(again) != 1 || again[0].ArticleID != arts[2].ID {
		t.Fatalf("second record: %+v, %v; want only the new match of %s", again, err, arts[2].ID)
	}
	if !(first[0].ID < first[1].ID && first[1].ID < again[0].ID) {
		t.Errorf("match ids not in order of recording: %d %d %d", first[0].ID, first[1].ID, again[0].ID)
	}
	want := []archive.Match{first[0], first[1], again[0]}
	got, err := s.Matches(ctx, "w1", 0, 10)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Matches:\n got %+v, %v\nwant %+v", got, err, want)
	}
	if want[0].MatchedAt != at || want[0].Kept != 0.75 || !want[0].Intro {
		t.Errorf("match not as given: %+v", want[0])
	}
	if got, _ := s.Matches(ctx, "w1", first[0].ID, 1); len(got) != 1 || got[0].ID != first[1].ID {
		t.Errorf("Matches after the first, limit 1: %+v", got)
	}
	if got, _ := s.LatestMatches(ctx, "w1", 2); len(got) != 2 || got[0].ID != again[0].ID || got[1].ID != first[1].ID {
		t.Errorf("LatestMatches: %+v", got)
	}
	if got, _ := s.MatchesByID(ctx, []int64{again[0].ID, first[2].ID, 1 << 40}); len(got) != 2 || got[0].ID != first[2].ID {
		t.Errorf("MatchesByID: %+v", got)
	}
	for name, tc := range map[string]struct {
		watch, cluster string
		want           bool
	}{
		"matched story":     {"w1", arts[1].ClusterID, true},
		"unmatched story":   {"w1", arts[3].ClusterID, false},
		"other watch":       {"w2", arts[1].ClusterID, false},
		"unknown cluster":   {"w1", "yok", false},
		"other watch's own": {"w2", arts[0].ClusterID, true},
	} {
		t.Run(name, func(t *testing.T) {
			if got, err := s.ClusterMatched(ctx, tc.watch, tc.cluster); err != nil || got != tc.want {
				t.Errorf("ClusterMatched = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	// w1 delivers by webhook and e-mail, w2 by webhook: four match rows.
	hooks := due(t, s, archive.ChannelWebhook, time.Now().Add(time.Minute))
	mails := due(t, s, archive.ChannelEmail, time.Now().Add(time.Minute))
	if len(hooks) != 4 || len(mails) != 3 {
		t.Errorf("outbox: %d webhook rows, %d e-mail rows; want 4 and 3", len(hooks), len(mails))
	}
	for _, o := range append(hooks, mails...) {
		if o.Event != "watch.matches" || o.MatchID == 0 || o.Attempts != 0 {
			t.Errorf("outbox row %+v", o)
		}
	}
}

// due returns the rows due and settles them at once (Postpone to the
// far future), so that a store claiming rows holds none afterwards.
func due(t *testing.T, s Store, ch string, now time.Time) []archive.OutboxItem {
	t.Helper()
	items, err := s.DueOutbox(context.Background(), ch, now, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	if err := s.Postpone(context.Background(), ids, now.Add(1000*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return items
}

// State values only grow; events are stored only with a growing state,
// so two matchers raising the same spike store its event once.
func testStateGrows(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	addWatch(t, s, releaseWatch("w1", "tok1"), nil)
	spike := func(day int64) archive.NewMatches {
		return archive.NewMatches{
			Events: []archive.OutboxItem{{WatchID: "w1", Channel: archive.ChannelWebhook, Event: "watch.spike", Payload: `{"count":9}`}},
			State:  map[string]int64{"spike:w1": day},
		}
	}
	mixed := spike(20261209)
	mixed.State["watermark:x"] = 7
	steps := []struct {
		name       string
		nm         archive.NewMatches
		spike, wm  int64
		newEvents  int
		wantEvents int
	}{
		{"first", spike(20261207), 20261207, 0, 1, 1},
		{"same day again", spike(20261207), 20261207, 0, 0, 1},
		{"an earlier day", spike(20261206), 20261207, 0, 0, 1},
		{"next day", spike(20261208), 20261208, 0, 1, 2},
		{"watermark", archive.NewMatches{State: map[string]int64{"watermark:x": 7}}, 20261208, 7, 0, 2},
		{"watermark back", archive.NewMatches{State: map[string]int64{"watermark:x": 3}}, 20261208, 7, 0, 2},
		{"one key of two grows", mixed, 20261209, 7, 0, 2},
		{"no state", archive.NewMatches{Events: spike(0).Events}, 20261209, 7, 1, 3},
	}
	total := 0
	for _, st := range steps {
		if _, err := s.RecordMatches(ctx, st.nm); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if v, err := s.WatchState(ctx, "spike:w1"); err != nil || v != st.spike {
			t.Errorf("%s: spike state %d, %v; want %d", st.name, v, err, st.spike)
		}
		if v, _ := s.WatchState(ctx, "watermark:x"); v != st.wm {
			t.Errorf("%s: watermark %d, want %d", st.name, v, st.wm)
		}
		got := due(t, s, archive.ChannelWebhook, time.Now().Add(time.Minute))
		total += len(got)
		if len(got) != st.newEvents || total != st.wantEvents {
			t.Errorf("%s: %d new events (%d in all), want %d (%d)", st.name, len(got), total, st.newEvents, st.wantEvents)
		}
		for _, e := range got {
			if e.MatchID != 0 || e.Payload != `{"count":9}` || e.Event != "watch.spike" {
				t.Errorf("%s: event %+v", st.name, e)
			}
		}
	}
	if v, err := s.WatchState(ctx, "unset"); err != nil || v != 0 {
		t.Errorf("unset state %d, %v; want 0", v, err)
	}
}

// A failed delivery is due again at its retry time with the attempt
// counted; a delivered row is never due again; a postponed one is due at
// its new time; the log is newest first.
func testOutbox(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	art := put(t, s, articleN(0))
	addWatch(t, s, releaseWatch("w1", "tok1"), nil)
	stored, err := s.RecordMatches(ctx, archive.NewMatches{Matches: []archive.Match{{WatchID: "w1", ArticleID: art.ID, Relation: "copy"}}})
	if err != nil || len(stored) != 1 {
		t.Fatalf("record: %v, %v", stored, err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	items, err := s.DueOutbox(ctx, archive.ChannelWebhook, now, 10)
	if err != nil || len(items) != 1 || items[0].MatchID != stored[0].ID || items[0].WatchID != "w1" || items[0].Channel != archive.ChannelWebhook {
		t.Fatalf("due webhooks %+v, %v", items, err)
	}
	if items[0].CreatedAt.IsZero() || items[0].CreatedAt.After(now) {
		t.Errorf("row created at %v, after %v", items[0].CreatedAt, now)
	}
	id := []int64{items[0].ID}
	fail := archive.Delivery{WatchID: "w1", Channel: archive.ChannelWebhook, At: now, Items: 1, Attempt: 1, Status: 503, Error: "503 Service Unavailable"}
	if err := s.DeliveryFailed(ctx, id, fail, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.DueOutbox(ctx, archive.ChannelWebhook, now.Add(59*time.Minute), 10); len(got) != 0 {
		t.Errorf("a failed row is due before its retry: %+v", got)
	}
	later, err := s.DueOutbox(ctx, archive.ChannelWebhook, now.Add(time.Hour), 10)
	if err != nil || len(later) != 1 || later[0].Attempts != 1 || !later[0].NextAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("retry rows %+v, %v", later, err)
	}
	if err := s.Postpone(ctx, id, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.DueOutbox(ctx, archive.ChannelWebhook, now.Add(90*time.Minute), 10); len(got) != 0 {
		t.Errorf("a postponed row is due before its time: %+v", got)
	}
	later, _ = s.DueOutbox(ctx, archive.ChannelWebhook, now.Add(2*time.Hour), 10)
	if len(later) != 1 || later[0].Attempts != 1 {
		t.Fatalf("postponed rows %+v; want one, attempts still 1", later)
	}
	ok := archive.Delivery{WatchID: "w1", Channel: archive.ChannelWebhook, At: now.Add(2 * time.Hour), Items: 1, Attempt: 2, Status: 200}
	if err := s.Delivered(ctx, id, ok); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.DueOutbox(ctx, archive.ChannelWebhook, now.Add(24*time.Hour), 10); len(got) != 0 {
		t.Errorf("a delivered row is due: %+v", got)
	}
	log, err := s.Deliveries(ctx, "w1", 10)
	if err != nil || !reflect.DeepEqual(log, []archive.Delivery{ok, fail}) {
		t.Errorf("log:\n got %+v, %v\nwant %+v", log, err, []archive.Delivery{ok, fail})
	}
	if log, _ := s.Deliveries(ctx, "w1", 1); len(log) != 1 || log[0].Status != 200 {
		t.Errorf("log, limit 1: %+v", log)
	}
	// The e-mail row was never touched.
	if got := due(t, s, archive.ChannelEmail, now); len(got) != 1 || got[0].Attempts != 0 {
		t.Errorf("e-mail rows %+v", got)
	}
	// A delivery of a deleted watch is not logged.
	if err := s.Delivered(ctx, nil, archive.Delivery{WatchID: "gone", Channel: archive.ChannelEmail, At: now}); err != nil {
		t.Errorf("delivered for a deleted watch: %v", err)
	}
	if log, _ := s.Deliveries(ctx, "gone", 10); len(log) != 0 {
		t.Errorf("a deleted watch's log: %+v", log)
	}
}

// A deleted watch goes with its bands, matches and outbox; deleting it
// again is ErrNotFound; another watch's rows stay.
func testWatchDeleted(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	art := put(t, s, articleN(0))
	addWatch(t, s, releaseWatch("w1", "tok1"), archive.WatchBands{0: {11}})
	addWatch(t, s, releaseWatch("w2", "tok2"), archive.WatchBands{0: {11}})
	ms := []archive.Match{{WatchID: "w1", ArticleID: art.ID}, {WatchID: "w2", ArticleID: art.ID}}
	stored, err := s.RecordMatches(ctx, archive.NewMatches{Matches: ms})
	if err != nil || len(stored) != 2 {
		t.Fatalf("record: %v, %v", stored, err)
	}
	if err := s.Delivered(ctx, nil, archive.Delivery{WatchID: "w1", Channel: archive.ChannelWebhook, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWatch(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWatch(ctx, "w1"); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("second delete: %v, want archive.ErrNotFound", err)
	}
	if _, err := s.Watch(ctx, "w1"); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("deleted watch: %v", err)
	}
	if c, _ := s.WatchCandidates(ctx, 0, []uint64{11}); !sameSet(c, []string{"w2"}) {
		t.Errorf("candidates after delete: %v, want w2 only", c)
	}
	if got, _ := s.MatchesByID(ctx, []int64{stored[0].ID, stored[1].ID}); len(got) != 1 || got[0].WatchID != "w2" {
		t.Errorf("matches after delete: %+v", got)
	}
	if log, _ := s.Deliveries(ctx, "w1", 10); len(log) != 0 {
		t.Errorf("log outlived its watch: %+v", log)
	}
	for _, ch := range []string{archive.ChannelWebhook, archive.ChannelEmail} {
		for _, o := range due(t, s, ch, time.Now().Add(time.Hour)) {
			if o.WatchID != "w2" {
				t.Errorf("outbox row outlived its watch: %+v", o)
			}
		}
	}
}

// Since gives the articles after a Seq in Seq order, each with its Seq;
// MaxSeq is the last; ClusterMembers carry the same Seqs.
func testSince(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	if top, err := s.MaxSeq(ctx); err != nil || top != 0 {
		t.Errorf("empty MaxSeq = %d, %v", top, err)
	}
	var want []string
	for i := range 5 {
		want = append(want, put(t, s, articleN(i)).ID)
	}
	seqs := map[string]int64{}
	var got []string
	var after int64
	for {
		page, err := s.Since(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page {
			if a.Seq <= after {
				t.Fatalf("Seq %d after %d", a.Seq, after)
			}
			after = a.Seq
			seqs[a.ID] = a.Seq
			got = append(got, a.ID)
		}
		if len(page) < 2 {
			break
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Since gave %v, want %v", got, want)
	}
	if top, err := s.MaxSeq(ctx); err != nil || top != after {
		t.Errorf("MaxSeq = %d, %v; want the last Seq %d", top, err, after)
	}
	if page, err := s.Since(ctx, after, 10); err != nil || len(page) != 0 {
		t.Errorf("Since(MaxSeq) = %d articles, %v", len(page), err)
	}
	// The same text: the copy joins the first's cluster.
	cp := articleN(9)
	cp.Body = articleN(0).Body
	stored := put(t, s, cp)
	if page, _ := s.Since(ctx, after, 10); len(page) != 1 || page[0].ID != cp.ID {
		t.Fatalf("Since after a new copy: %v", page)
	} else {
		seqs[cp.ID] = page[0].Seq
	}
	// Read after Since: on PostgreSQL an article has its Seq once the
	// change stream's sequencer, which Since runs, has numbered it.
	members, err := s.ClusterMembers(ctx, stored.ClusterID)
	if err != nil || len(members) != 2 {
		t.Fatalf("members %d, %v", len(members), err)
	}
	for _, m := range members {
		if m.Seq != seqs[m.ID] || m.Seq == 0 {
			t.Errorf("member %s Seq %d, Since gave %d", m.ID, m.Seq, seqs[m.ID])
		}
	}
}
