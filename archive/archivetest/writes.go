package archivetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/syndication"
)

// writeTests are the suite's cases for the writer.
var writeTests = map[string]func(t *testing.T, impl Impl){
	"put then get":         testPutGet,
	"same url twice":       testSameURL,
	"near copies":          testNearCopies,
	"exact copies":         testExactCopies,
	"merge and changes":    testMergeChanges,
	"concurrent puts":      testConcurrentPuts,
	"invalid article":      testInvalid,
	"changes follow puts":  testChangesFollowPuts,
	"cluster first copies": testClusterFirst,
	"seen":                 testSeen,
	"candidates":           testCandidates,
	"revisits":             testRevisits,
	"contained copy":       testContainedCopy,
}

// day is when the suite's stories are first seen.
var day = time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)

// Seed returns the text of a real İHA agency item (cluster/testdata):
// 374 words of Turkish news.
func Seed(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("archivetest: no source path")
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "cluster", "testdata", "kartal-belediyesi-2020-06-iha.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Stories cuts the seed into n stories that share no text (n ≤ 4: each
// is a stretch of 90 words), and Copy(story, k) is its k-th republished
// copy: an intro of its own and up to two words trimmed from the end, as a
// municipality site carries an agency item.
func Stories(t testing.TB, n int) []string {
	t.Helper()
	words := strings.Fields(Seed(t))
	if n > len(words)/93 {
		t.Fatalf("archivetest: %d stories asked, the seed makes %d", n, len(words)/93)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = strings.Join(words[i*93:i*93+90], " ")
	}
	return out
}

// Copy is the k-th republished copy of story.
func Copy(story string, k int) string {
	words := strings.Fields(story)
	return fmt.Sprintf("Belediyemizin %d numaralı duyurusu şöyle:\n\n%s", k, strings.Join(words[:len(words)-k%3], " "))
}

// storyArticle is an article at url carrying body, first seen at seen.
func storyArticle(url, body string, seen time.Time, agency string) *article.Article {
	return &article.Article{ID: "id-" + url, SourceID: "src", URL: "http://127.0.0.1/" + url,
		CanonicalURL: "http://127.0.0.1/" + url, Title: "Çalıştay " + url, Body: body, FirstSeenAt: seen,
		Language: "tr", Agency: agency}
}

// page is an HTTP response for url with a Turkish page.
func page(url string, i int) article.Response {
	return article.Response{URL: url, FetchedAt: time.Date(2026, 12, 6, 9, 30, 0, 123456000, time.UTC).Add(time.Duration(i) * time.Second),
		Status: 200, Proto: "HTTP/1.1", Header: [][2]string{{"Content-Type", "text/html; charset=utf-8"}},
		Body: fmt.Appendf(nil, "<html><body><h1>İstanbul'da IŞIK şenliği %d</h1><p>Kadıköy'de başladı.</p></body></html>", i)}
}

// A Put with responses keeps them in WARC; Get gives the article as Put
// returned it and its captures, whose records read back.
func testPutGet(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	in := articleN(7)
	resps := []article.Response{page(in.URL, 1), page(in.Image+"/gorsel.jpg", 2)}
	stored, created, err := s.Put(ctx, in, resps)
	if err != nil || !created {
		t.Fatalf("Put: created %v, %v", created, err)
	}
	got, caps, err := s.Get(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	g, st := *got, *stored
	g.ChangeSeq, st.ChangeSeq = 0, 0
	if !reflect.DeepEqual(g, st) {
		t.Errorf("Get:\n got %+v\nwant %+v", g, st)
	}
	if len(caps) != 2 {
		t.Fatalf("%d captures, want 2", len(caps))
	}
	for i, c := range caps {
		r := resps[i]
		if c.URL != r.URL || c.Status != 200 || !c.FetchedAt.Equal(r.FetchedAt) || c.Digest != warc.Digest(r.Body) {
			t.Errorf("capture %d = %+v", i, c)
		}
		rec, err := warc.ReadRecord(s.WARCPath(c.WARCFile), c.Offset, c.Length)
		if err != nil {
			t.Fatalf("capture %d: %v", i, err)
		}
		if !bytes.Equal(rec.Payload, r.Body) || rec.Header.Get("WARC-Target-URI") != r.URL {
			t.Errorf("capture %d: record payload or URI differ", i)
		}
	}
}

// A URL archived again (a re-crawl: same ID, or another ID for the same
// canonical URL) keeps the article as first stored and adds the captures;
// the change stream does not see it again.
func testSameURL(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	first := articleN(3)
	stored, _, err := s.Put(ctx, first, []article.Response{page(first.URL, 1)})
	if err != nil {
		t.Fatal(err)
	}
	last, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again := articleN(3)
	again.Title, again.Body = "Güncellendi: İzmir'de ışık şenliği", "Başka bir metin."
	other := articleN(3)
	other.ID = "another-id"
	for i, a := range []*article.Article{again, other} {
		got, created, err := s.Put(ctx, a, []article.Response{page(a.URL, i+2)})
		if err != nil || created {
			t.Fatalf("Put again %d: created %v, %v", i, created, err)
		}
		if got.ID != stored.ID || got.Title != stored.Title || got.ClusterID != stored.ClusterID {
			t.Errorf("Put again %d returned %s %q, want the stored %s %q", i, got.ID, got.Title, stored.ID, stored.Title)
		}
	}
	got, caps, err := s.Get(ctx, first.ID)
	if err != nil || got.Title != first.Title || len(caps) != 3 {
		t.Fatalf("Get: %q with %d captures (%v); want the first title, 3 captures", got.Title, len(caps), err)
	}
	if _, _, err := s.Get(ctx, "another-id"); !errors.Is(err, impl.ErrNotFound) {
		t.Errorf("the second ID was stored: %v", err)
	}
	if page, err := s.Changes(ctx, last, 10); err != nil || len(page) != 0 {
		t.Errorf("changes after a re-crawl: %d, %v; want none", len(page), err)
	}
}

// A republished copy joins the agency item's cluster, a copy seen long
// after or another story does not; a copy seen before the stored one
// becomes the cluster's first.
func testNearCopies(t *testing.T, impl Impl) {
	ctx := context.Background()
	seed := Seed(t)
	other := Stories(t, 4)[3]
	tests := map[string]struct {
		second string
		later  time.Duration
		same   bool
	}{
		"republished copy":         {second: Copy(seed, 1), later: time.Hour, same: true},
		"copy seen before, stored": {second: Copy(seed, 2), later: -2 * time.Hour, same: true},
		"copy 40 days later":       {second: Copy(seed, 1), later: 40 * 24 * time.Hour, same: false},
		"other story":              {second: Copy(other, 1), later: time.Hour, same: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := impl.Open(t, 0)
			one := put(t, s, storyArticle("iha/1", seed, day, "İHA"))
			two := put(t, s, storyArticle("kartal/2", tc.second, day.Add(tc.later), ""))
			if (one.ClusterID == two.ClusterID) != tc.same {
				t.Fatalf("clusters %s, %s: same=%v wanted", one.ClusterID, two.ClusterID, tc.same)
			}
			c, err := impl.Cluster(ctx, s, two.ClusterID)
			if err != nil {
				t.Fatal(err)
			}
			want := Cluster{First: two.ID, Size: 1}
			if tc.same {
				want = Cluster{First: one.ID, Agency: "İHA", Size: 2}
				if tc.later < 0 {
					want.First = two.ID
				}
			}
			if c != want {
				t.Errorf("cluster %+v, want %+v", c, want)
			}
		})
	}
}

// Identical texts, short ones included, share a cluster by their content
// hash (after white space and Turkish case are normalised); short texts
// that differ do not.
func testExactCopies(t *testing.T, impl Impl) {
	s := impl.Open(t, 0)
	a := put(t, s, storyArticle("a", "Kadıköy'de IŞIK şenliği başladı.", day, ""))
	b := put(t, s, storyArticle("b", "kadıköy'de  ışık\nşenliği başladı.", day.Add(time.Hour), ""))
	c := put(t, s, storyArticle("c", "Üsküdar'da su kesintisi var.", day.Add(time.Hour), ""))
	if a.ClusterID != b.ClusterID || a.ContentSHA256 != b.ContentSHA256 {
		t.Errorf("identical texts in clusters %s, %s", a.ClusterID, b.ClusterID)
	}
	if c.ClusterID == a.ClusterID {
		t.Errorf("another short text joined cluster %s", a.ClusterID)
	}
}

// Two stories that overlap too little to be one, then a copy carrying most
// of both: the clusters merge into the older one, and the change stream
// gives the moved articles again, under their new cluster, before the
// linking copy.
func testMergeChanges(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	words := strings.Fields(Seed(t))
	text := func(i, j int) string { return strings.Join(words[i:j], " ") }
	older := put(t, s, storyArticle("kartal", text(0, 200), day, "")).ClusterID
	newer := put(t, s, storyArticle("iha", text(174, 374), day.Add(time.Hour), "İHA")).ClusterID
	put(t, s, storyArticle("tuzla", text(174, 374)+"\n\nKaynak: İHA", day.Add(2*time.Hour), "İHA"))
	if older == newer {
		t.Fatal("the two ends share a cluster before the merge")
	}
	last, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	link := put(t, s, storyArticle("bulten", text(26, 348), day.Add(3*time.Hour), ""))
	if link.ClusterID != older {
		t.Fatalf("linking copy joined %s, want the older cluster %s", link.ClusterID, older)
	}
	if _, err := impl.Cluster(ctx, s, newer); !errors.Is(err, impl.ErrNotFound) {
		t.Errorf("merged cluster %s: %v, want not found", newer, err)
	}
	c, err := impl.Cluster(ctx, s, older)
	if want := (Cluster{First: "id-kartal", Agency: "İHA", Size: 4}); err != nil || c != want {
		t.Errorf("merged cluster %+v (%v), want %+v", c, err, want)
	}
	ids := changedIDs(t, s, last, older)
	if len(ids) != 3 || ids[2] != "id-bulten" || !sameSet(ids[:2], []string{"id-iha", "id-tuzla"}) {
		t.Errorf("changes after the merge %v, want the two moved, then id-bulten", ids)
	}
	members, err := s.ClusterMembers(ctx, older)
	if err != nil || len(members) != 4 {
		t.Errorf("%d members (%v), want 4", len(members), err)
	}
}

// changedIDs returns the ids of the articles changed after the cursor
// (at most 10), checking that each is now in cluster.
func changedIDs(t *testing.T, s Store, after int64, cluster string) []string {
	t.Helper()
	changed, err := s.Changes(context.Background(), after, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range changed {
		ids = append(ids, a.ID)
		if a.ClusterID != cluster {
			t.Errorf("change of %s has cluster %s, want %s", a.ID, a.ClusterID, cluster)
		}
	}
	return ids
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

// Writers putting copies of the same stories at once end with exactly one
// cluster per story, of the right size.
func testConcurrentPuts(t *testing.T, impl Impl) {
	s := impl.Open(t, 0)
	const writers, copies = 4, 3
	stories := Stories(t, 4)
	var wg sync.WaitGroup
	errs := make(chan error, writers*copies*len(stories))
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range copies {
				for i, story := range stories {
					a := storyArticle(fmt.Sprintf("w%d/s%d/c%d", w, i, k), Copy(story, w*copies+k), day.Add(time.Duration(k)*time.Minute), "")
					if _, _, err := s.Put(context.Background(), a, nil); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	CheckOneClusterPerStory(t, func(id string) (*article.Article, error) {
		a, _, err := s.Get(context.Background(), id)
		return a, err
	}, func(w, i, k int) string { return fmt.Sprintf("id-w%d/s%d/c%d", w, i, k) }, writers, len(stories), copies,
		func(id string) (Cluster, error) { return impl.Cluster(context.Background(), s, id) })
}

// CheckOneClusterPerStory checks that the articles id(w, i, k) for writers
// w, stories i and copies k are in one cluster per story, a different one
// for each story, whose stored size counts them all.
func CheckOneClusterPerStory(t *testing.T, get func(id string) (*article.Article, error), id func(w, i, k int) string,
	writers, stories, copies int, cluster func(id string) (Cluster, error)) {
	t.Helper()
	owner := map[string]int{}
	for i := range stories {
		seen := map[string]bool{}
		for w := range writers {
			for k := range copies {
				a, err := get(id(w, i, k))
				if err != nil {
					t.Fatal(err)
				}
				seen[a.ClusterID] = true
			}
		}
		if len(seen) != 1 {
			t.Errorf("story %d is in %d clusters: %v", i, len(seen), seen)
			continue
		}
		for c := range seen {
			if j, ok := owner[c]; ok {
				t.Errorf("stories %d and %d share cluster %s", j, i, c)
			}
			owner[c] = i
			got, err := cluster(c)
			if err != nil || got.Size != int64(writers*copies) {
				t.Errorf("story %d: cluster %s %+v (%v), want size %d", i, c, got, err, writers*copies)
			}
		}
	}
}

// An article without ID, source or canonical URL is refused, and nothing is
// stored.
func testInvalid(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	for name, edit := range map[string]func(a *article.Article){
		"no id":            func(a *article.Article) { a.ID = "" },
		"no source":        func(a *article.Article) { a.SourceID = "" },
		"no canonical url": func(a *article.Article) { a.CanonicalURL = "" },
	} {
		a := articleN(1)
		edit(a)
		if _, _, err := s.Put(ctx, a, nil); !errors.Is(err, impl.ErrInvalid) {
			t.Errorf("%s: err %v, want %v", name, err, impl.ErrInvalid)
		}
	}
	if last, err := s.LastChange(ctx); err != nil || last != 0 {
		t.Errorf("LastChange %d, %v after refused puts", last, err)
	}
}

// The change stream gives every put article once, in the order put,
// including those put between two reads.
func testChangesFollowPuts(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	var want, got []string
	var wm int64
	read := func() {
		page, err := s.Changes(ctx, wm, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page {
			got = append(got, a.ID)
			wm = a.ChangeSeq
		}
	}
	for i := range 9 {
		want = append(want, put(t, s, articleN(i)).ID)
		if i%4 == 0 {
			read()
		}
	}
	read()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
}

// A cluster's first article and agency: the earliest seen copy, and its
// agency once one is credited.
func testClusterFirst(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	story := Stories(t, 1)[0]
	a := put(t, s, storyArticle("belediye", Copy(story, 1), day.Add(time.Hour), ""))
	put(t, s, storyArticle("iha", Copy(story, 2), day, "İHA"))
	c, err := impl.Cluster(ctx, s, a.ClusterID)
	if want := (Cluster{First: "id-iha", Agency: "İHA", Size: 2}); err != nil || c != want {
		t.Errorf("cluster %+v (%v), want %+v", c, err, want)
	}
	sizes, err := s.ClusterSizes(ctx, []string{a.ClusterID, "yok"})
	if want := map[string]int64{a.ClusterID: 2}; err != nil || !reflect.DeepEqual(sizes, want) {
		t.Errorf("ClusterSizes = %v, %v; want %v", sizes, err, want)
	}
}

// Seen finds an article by canonical URL, or by source and GUID; an empty
// GUID matches nothing, another source's GUID neither.
func testSeen(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	a := articleN(4)
	noGUID := articleN(5)
	noGUID.GUID = ""
	put(t, s, a)
	put(t, s, noGUID)
	tests := map[string]struct {
		source, url, guid string
		want              bool
	}{
		"canonical url":         {"başka", a.CanonicalURL, "", true},
		"source and guid":       {"src", "http://127.0.0.1/yok", a.GUID, true},
		"guid of another":       {"başka", "http://127.0.0.1/yok", a.GUID, false},
		"empty guid":            {"src", "http://127.0.0.1/yok", "", false},
		"unknown":               {"src", "http://127.0.0.1/yok", "guid-yok", false},
		"url with another case": {"src", strings.ToUpper(a.CanonicalURL), "", false},
	}
	for name, tc := range tests {
		if got, err := s.Seen(ctx, tc.source, tc.url, tc.guid); err != nil || got != tc.want {
			t.Errorf("%s: Seen = %v, %v; want %v", name, got, err, tc.want)
		}
	}
}

// Candidates finds the archived copies of a text by its bands, within the
// window; the wrong number of bands is refused.
func testCandidates(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	seed := Seed(t)
	one := put(t, s, storyArticle("iha/1", seed, day, "İHA"))
	sig := syndication.Sign(syndication.Shingle(Copy(seed, 1)))
	bands := sig.Bands()
	tests := map[string]struct {
		around time.Time
		want   []string
	}{
		"same day":           {day.Add(5 * time.Hour), []string{one.ID}},
		"outside the window": {day.Add(90 * 24 * time.Hour), nil},
	}
	for name, tc := range tests {
		ids, err := s.Candidates(ctx, bands, tc.around, 30*24*time.Hour)
		if err != nil || !slices.Equal(ids, tc.want) {
			t.Errorf("%s: candidates %v, %v; want %v", name, ids, err, tc.want)
		}
	}
	if _, err := s.Candidates(ctx, bands[:3], day, time.Hour); !errors.Is(err, impl.ErrInvalid) {
		t.Errorf("3 bands: %v, want %v", err, impl.ErrInvalid)
	}
}

// A new article is due its first revisit after revisitAfter, with its
// page's ETag; a revisit that saw a new text keeps the old one as a
// version, adds the capture, puts the article on the change stream again
// and moves the schedule; the last one ends it; a removal is recorded.
func testRevisits(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, time.Hour)
	in := articleN(2)
	resp := page(in.URL, 1)
	resp.Header = append(resp.Header, [2]string{"ETag", `"v1"`})
	stored, _, err := s.Put(ctx, in, []article.Response{resp})
	if err != nil {
		t.Fatal(err)
	}
	seen := stored.FirstSeenAt
	if due, err := s.DueRevisits(ctx, seen.Add(59*time.Minute), 10); err != nil || len(due) != 0 {
		t.Fatalf("due before the hour: %v, %v", due, err)
	}
	due, err := s.DueRevisits(ctx, seen.Add(time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].Step != 0 || due[0].Article.ID != in.ID || !due[0].DueAt.Equal(seen.Add(time.Hour)) ||
		due[0].ETag != `"v1"` || due[0].Article.Title != in.Title {
		t.Fatalf("due at the hour: %+v, %v", due, err)
	}
	last, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at, next := seen.Add(time.Hour), seen.Add(24*time.Hour)
	err = s.Revisited(ctx, article.Revisited{ArticleID: in.ID, SourceID: in.SourceID, At: at, Responses: []article.Response{page(in.URL, 2)},
		Changed:  &article.Article{Title: "Şenlik ertelendi", Lead: "Yeni tarih açıklanacak.", Body: "Şenlik ileri bir tarihe ertelendi."},
		NextStep: 1, NextAt: next, ETag: `"v2"`})
	if err != nil {
		t.Fatal(err)
	}
	got, caps, err := s.Get(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Şenlik ertelendi" || got.Body != "Şenlik ileri bir tarihe ertelendi." || !got.UpdatedAt.Equal(at) ||
		got.ContentSHA256 == stored.ContentSHA256 || len(caps) != 2 || got.ClusterID != stored.ClusterID ||
		got.Agency != stored.Agency || !got.FirstSeenAt.Equal(stored.FirstSeenAt) {
		t.Errorf("after the edit: %+v, %d captures", got, len(caps))
	}
	if versions, err := impl.Versions(ctx, s, in.ID); err != nil || !reflect.DeepEqual(versions, []string{in.Title}) {
		t.Errorf("versions %q, %v; want the first title", versions, err)
	}
	changed, err := s.Changes(ctx, last, 10)
	if err != nil || len(changed) != 1 || changed[0].Title != "Şenlik ertelendi" {
		t.Errorf("changes after the revisit: %v, %v", changed, err)
	}
	due, err = s.DueRevisits(ctx, next, 10)
	if err != nil || len(due) != 1 || due[0].Step != 1 || due[0].ETag != `"v2"` {
		t.Fatalf("second revisit: %+v, %v", due, err)
	}
	if err := s.Revisited(ctx, article.Revisited{ArticleID: in.ID, SourceID: in.SourceID, At: next, Removed: true}); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.Get(ctx, in.ID); err != nil || !got.RemovedAt.Equal(next) {
		t.Errorf("removal not recorded: %v, %v", got, err)
	}
	if due, err := s.DueRevisits(ctx, next.Add(1000*time.Hour), 10); err != nil || len(due) != 0 {
		t.Errorf("revisits after the last: %v, %v", due, err)
	}
	if err := s.Revisited(ctx, article.Revisited{}); !errors.Is(err, impl.ErrInvalid) {
		t.Errorf("a revisit without IDs: %v", err)
	}
}

// A short item carried inside a long text (the seed's first 80 words
// inside the seed) shares no shingle band with it, only a term band: they
// join one cluster whichever is stored first.
func testContainedCopy(t *testing.T, impl Impl) {
	long := Seed(t)
	short := strings.Join(strings.Fields(long)[:80], " ")
	for name, texts := range map[string][2]string{"item after the long text": {long, short}, "long text after the item": {short, long}} {
		t.Run(name, func(t *testing.T) {
			s := impl.Open(t, 0)
			one := put(t, s, storyArticle("iha/1", texts[0], day, "İHA"))
			two := put(t, s, storyArticle("kartal/2", texts[1], day.Add(time.Hour), ""))
			if one.ClusterID != two.ClusterID {
				t.Errorf("clusters %s, %s: want one", one.ClusterID, two.ClusterID)
			}
		})
	}
}
