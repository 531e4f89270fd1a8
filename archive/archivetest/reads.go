package archivetest

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
)

// Reads are what the web pages, the coverage report, the sources list
// and `check` read: counts, stories and their copies per day, and the ids
// an index holds that the archive lacks.
type Reads interface {
	Count(ctx context.Context) (int64, error)
	CountsBySource(ctx context.Context) (map[string]int64, error)
	Missing(ctx context.Context, ids []string) ([]string, error)
	Stories(ctx context.Context, clusterIDs []string) ([]archive.Story, error)
	TopStories(ctx context.Context, from, to time.Time, limit int) ([]archive.Story, error)
	CopiesPerDay(ctx context.Context, clusterIDs []string) ([]archive.DayCount, error)
	CopiesPerPublishedDay(ctx context.Context, clusterIDs []string) ([]archive.DayCount, error)
	SchemaStep(ctx context.Context) (int, error)
}

// readTests are the suite's cases for Reads.
var readTests = map[string]func(t *testing.T, impl Impl){
	"stories and counts":  testStories,
	"since after a merge": testSinceMerge,
	"missing":             testMissing,
	"empty counts":        testEmptyCounts,
}

// copyOf is one copy of a story in the stories fixture.
type copyOf struct {
	story, source string
	seen          time.Time
	published     time.Time // zero: the page gave none
}

// storiesFixture is six stories carried over three days by five sources:
// copies of a story have the same text (exact copies). Story f is as
// large as b and e but carried by one outlet, and first seen before them;
// b and e tie on copies and outlets, e first seen earlier. A copy of a
// seen before the first stored one is stored last. Publication times are
// in Istanbul time, some just after midnight there (the day before in
// UTC), some missing.
func storiesFixture() []copyOf {
	trt := time.FixedZone("TRT", 3*3600)
	d := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, time.UTC) }
	p := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, trt) }
	return []copyOf{
		{"a", "iha", d(1, 10, 0), p(1, 12, 0)},
		{"a", "kartal", d(1, 12, 0), p(1, 14, 30)},
		{"a", "tuzla", d(2, 9, 0), p(2, 1, 30)},
		{"a", "kartal", d(3, 7, 0), time.Time{}},
		{"f", "bolu", d(1, 6, 0), p(1, 8, 0)},
		{"f", "bolu", d(1, 7, 0), p(1, 8, 0)},
		{"c", "iha", d(2, 11, 0), p(2, 14, 0)},
		{"c", "iha", d(2, 12, 0), p(2, 14, 0)},
		{"c", "iha", d(3, 13, 0), p(2, 14, 0)},
		{"e", "aa", d(1, 8, 0), p(1, 10, 0)},
		{"e", "bolu", d(2, 8, 0), time.Time{}},
		{"b", "tuzla", d(2, 8, 30), p(2, 0, 15)},
		{"b", "iha", d(2, 10, 0), p(2, 13, 0)},
		{"d", "kartal", d(3, 9, 0), p(3, 12, 0)},
		{"a", "aa", d(1, 9, 0), p(1, 11, 0)}, // before iha's: the story's first copy
	}
}

// fixtureArticle is the i-th copy of the fixture as an article.
func fixtureArticle(i int, c copyOf) *article.Article {
	url := fmt.Sprintf("http://127.0.0.1/%s/haber-%d", c.source, i)
	return &article.Article{ID: fmt.Sprintf("kopya-%02d", i), SourceID: c.source, URL: url, CanonicalURL: url,
		Title: fmt.Sprintf("Haber %s (%s)", c.story, c.source), Body: "Kısa haber " + c.story + ": belediye meclisi toplandı.",
		PublishedAt: c.published, FirstSeenAt: c.seen, Language: "tr", Agency: "İHA"}
}

// wantStories derives from the fixture each story as Stories reports it,
// keyed by story name.
func wantStories(fixture []copyOf, clusters map[string]string) map[string]archive.Story {
	out := map[string]archive.Story{}
	outlets := map[string]map[string]bool{}
	for i, c := range fixture {
		st, ok := out[c.story]
		if !ok || c.seen.Before(st.FirstSeenAt) {
			a := fixtureArticle(i, c)
			st.ClusterID, st.Title, st.Agency, st.FirstID, st.FirstSource, st.FirstURL, st.FirstSeenAt =
				clusters[c.story], a.Title, a.Agency, a.ID, a.SourceID, a.URL, a.FirstSeenAt
		}
		st.Copies++
		if outlets[c.story] == nil {
			outlets[c.story] = map[string]bool{}
		}
		outlets[c.story][c.source] = true
		st.Outlets = int64(len(outlets[c.story]))
		out[c.story] = st
	}
	return out
}

// perDay derives the copies of these stories per UTC day of at(copy).
func perDay(fixture []copyOf, stories []string, at func(copyOf) time.Time) []archive.DayCount {
	n := map[string]int64{}
	for _, c := range fixture {
		if slices.Contains(stories, c.story) {
			n[at(c).UTC().Format(time.DateOnly)]++
		}
	}
	var out []archive.DayCount
	for day, count := range n {
		out = append(out, archive.DayCount{Date: day, Count: count})
	}
	slices.SortFunc(out, func(a, b archive.DayCount) int { return cmp.Compare(a.Date, b.Date) })
	return out
}

// byCarried orders stories as Stories does: outlets, copies, first seen;
// byCopies as TopStories does: copies, outlets, first seen.
func byCarried(a, b archive.Story) int {
	return cmp.Or(cmp.Compare(b.Outlets, a.Outlets), cmp.Compare(b.Copies, a.Copies), a.FirstSeenAt.Compare(b.FirstSeenAt))
}

func byCopies(a, b archive.Story) int {
	return cmp.Or(cmp.Compare(b.Copies, a.Copies), cmp.Compare(b.Outlets, a.Outlets), a.FirstSeenAt.Compare(b.FirstSeenAt))
}

// The stories fixture read back: counts in all and per source (a source
// without articles counts 0), each story's first copy, outlets and
// copies, the rankings of Stories and TopStories (ties on copies broken
// by outlets, the limit cutting among them), a range of first-seen
// times, and the copies per day first seen and published.
func testStories(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	if err := s.SyncSources(ctx, []archive.SourceInfo{{ID: "bos", Name: "Boş"}, {ID: "iha", Name: "İHA"}}); err != nil {
		t.Fatal(err)
	}
	fixture := storiesFixture()
	clusters := map[string]string{}
	counts := map[string]int64{"bos": 0}
	for i, c := range fixture {
		stored := put(t, s, fixtureArticle(i, c))
		if cid, ok := clusters[c.story]; ok && stored.ClusterID != cid {
			t.Fatalf("copy %d of %s in cluster %s, want %s", i, c.story, stored.ClusterID, cid)
		}
		clusters[c.story] = stored.ClusterID
		counts[c.source]++
	}
	if n, err := s.Count(ctx); err != nil || n != int64(len(fixture)) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(fixture))
	}
	if got, err := s.CountsBySource(ctx); err != nil || !reflect.DeepEqual(got, counts) {
		t.Errorf("CountsBySource = %v, %v; want %v", got, err, counts)
	}
	want := wantStories(fixture, clusters)
	ranked := func(order func(a, b archive.Story) int, keep func(archive.Story) bool) []archive.Story {
		var out []archive.Story
		for _, st := range want {
			if keep == nil || keep(st) {
				out = append(out, st)
			}
		}
		slices.SortFunc(out, order)
		return out
	}
	all := ranked(byCarried, nil)
	ids := []string{"yok"}
	for _, st := range all {
		ids = append(ids, st.ClusterID)
	}
	if got, err := s.Stories(ctx, ids); err != nil || !reflect.DeepEqual(got, all) {
		t.Errorf("Stories:\n got %+v, %v\nwant %+v", got, err, all)
	}
	if got, err := s.Stories(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("Stories(none) = %v, %v", got, err)
	}
	top := ranked(byCopies, nil)
	// The limit of 3 cuts among stories of equal copies where the earliest
	// seen is not the one with most outlets.
	if tied := ranked(func(a, b archive.Story) int { return a.FirstSeenAt.Compare(b.FirstSeenAt) },
		func(st archive.Story) bool { return st.Copies == top[2].Copies }); len(tied) < 2 || tied[0] == top[2] {
		t.Fatalf("fixture: no tie on copies at the third story: %+v", top)
	}
	from, to := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 8, 30, 0, 0, time.UTC)
	inRange := ranked(byCopies, func(st archive.Story) bool { return !st.FirstSeenAt.Before(from) && !st.FirstSeenAt.After(to) })
	tests := map[string]struct {
		from, to time.Time
		limit    int
		want     []archive.Story
	}{
		"all":               {limit: 0, want: top},
		"over the maximum":  {limit: impl.MaxPage + 1, want: top},
		"cut among a tie":   {limit: 3, want: top[:3]},
		"one":               {limit: 1, want: top[:1]},
		"seen range":        {from: from, to: to, limit: 10, want: inRange},
		"from only":         {from: to, limit: 10, want: ranked(byCopies, func(st archive.Story) bool { return !st.FirstSeenAt.Before(to) })},
		"to only, cut to 1": {to: from, limit: 1, want: ranked(byCopies, func(st archive.Story) bool { return !st.FirstSeenAt.After(from) })[:1]},
	}
	for name, tc := range tests {
		if got, err := s.TopStories(ctx, tc.from, tc.to, tc.limit); err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("TopStories %s:\n got %+v, %v\nwant %+v", name, got, err, tc.want)
		}
	}
	for _, stories := range [][]string{{"a"}, {"a", "c", "e"}} {
		var cids []string
		for _, st := range stories {
			cids = append(cids, clusters[st])
		}
		seen := perDay(fixture, stories, func(c copyOf) time.Time { return c.seen })
		if got, err := s.CopiesPerDay(ctx, append(cids, "yok")); err != nil || !reflect.DeepEqual(got, seen) {
			t.Errorf("CopiesPerDay(%v) = %v, %v; want %v", stories, got, err, seen)
		}
		published := perDay(fixture, stories, func(c copyOf) time.Time { return cmp.Or(c.published, c.seen) })
		if got, err := s.CopiesPerPublishedDay(ctx, cids); err != nil || !reflect.DeepEqual(got, published) {
			t.Errorf("CopiesPerPublishedDay(%v) = %v, %v; want %v", stories, got, err, published)
		}
	}
	if got, err := s.CopiesPerDay(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("CopiesPerDay(none) = %v, %v", got, err)
	}
}

// An empty store counts nothing, has no stories, and is at a schema step.
func testEmptyCounts(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	if n, err := s.Count(ctx); err != nil || n != 0 {
		t.Errorf("Count = %d, %v; want 0", n, err)
	}
	if got, err := s.CountsBySource(ctx); err != nil || len(got) != 0 {
		t.Errorf("CountsBySource = %v, %v; want none", got, err)
	}
	if got, err := s.TopStories(ctx, time.Time{}, time.Time{}, 10); err != nil || len(got) != 0 {
		t.Errorf("TopStories = %v, %v; want none", got, err)
	}
	if step, err := s.SchemaStep(ctx); err != nil || step < 1 {
		t.Errorf("SchemaStep = %d, %v; want a step", step, err)
	}
}

// Since clamps its limit, and does not give again an article a merge
// moved (watches.go tests its pages and MaxSeq).
func testSinceMerge(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	for i := range 3 {
		put(t, s, articleN(i))
	}
	var after int64
	for _, limit := range []int{0, -1, impl.MaxPage + 1} {
		all, err := s.Since(ctx, 0, limit)
		if err != nil || len(all) != 3 {
			t.Fatalf("limit %d: %d articles, %v; want 3", limit, len(all), err)
		}
		after = all[2].Seq
	}
	// Two texts overlapping too little to be one story, then a text
	// carrying most of both: the merge moves the newer one, which Since
	// does not give again.
	words := strings.Fields(Seed(t))
	text := func(i, j int) string { return strings.Join(words[i:j], " ") }
	put(t, s, storyArticle("kartal", text(0, 200), day, ""))
	put(t, s, storyArticle("iha", text(174, 374), day.Add(time.Hour), "İHA"))
	page, err := s.Since(ctx, after, 10)
	if err != nil || len(page) != 2 {
		t.Fatalf("after two stories: %v, %v", page, err)
	}
	after = page[1].Seq
	link := put(t, s, storyArticle("bulten", text(26, 348), day.Add(3*time.Hour), ""))
	if sizes, err := s.ClusterSizes(ctx, []string{link.ClusterID}); err != nil || sizes[link.ClusterID] != 3 {
		t.Fatalf("the linking text's cluster: %v, %v; want 3 members", sizes, err)
	}
	if page, err := s.Since(ctx, after, 10); err != nil || len(page) != 1 || page[0].ID != link.ID {
		t.Errorf("after the merge: %v, %v; want only %s", page, err, link.ID)
	}
}

// Missing gives the ids not archived, in the order asked, over more ids
// than one query takes.
func testMissing(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	var ask, want []string
	for i := range 3 {
		ask = append(ask, put(t, s, articleN(i)).ID, fmt.Sprintf("yok-%d", i))
		want = append(want, fmt.Sprintf("yok-%d", i))
	}
	if got, err := s.Missing(ctx, ask); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Missing = %v, %v; want %v", got, err, want)
	}
	for i := range impl.MaxPage {
		ask = append(ask, fmt.Sprintf("eksik-%04d", i))
		want = append(want, fmt.Sprintf("eksik-%04d", i))
	}
	ask = append(ask, articleN(0).ID)
	if got, err := s.Missing(ctx, ask); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Missing over %d ids: %d, %v; want %d", len(ask), len(got), err, len(want))
	}
	if got, err := s.Missing(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("Missing(none) = %v, %v", got, err)
	}
}
