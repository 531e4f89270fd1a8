package archive

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/haberci/haberci/article"
)

func TestSeen(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	art := newArticle(t, "kartal-bel", "https://www.kartal.bel.tr/haber/calistay", seedBody(t))
	art.GUID = "https://www.kartal.bel.tr/?p=4242"
	if _, _, err := a.Put(ctx, art, nil); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		source, url, guid string
		want              bool
	}{
		"canonical URL":                   {"any", art.CanonicalURL, "", true},
		"canonical URL, other guid":       {"kartal-bel", art.CanonicalURL, "x", true},
		"source and guid, other URL":      {"kartal-bel", "https://example.org/other", art.GUID, true},
		"guid of another source":          {"iha", "https://example.org/other", art.GUID, false},
		"unknown URL, no guid":            {"kartal-bel", "https://example.org/other", "", false},
		"the URL before canonicalisation": {"kartal-bel", art.URL, "", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := a.Seen(ctx, tc.source, tc.url, tc.guid)
			if err != nil || got != tc.want {
				t.Errorf("Seen = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// putN stores n small articles, the i-th at https://example.org/haber/i.
func putN(t *testing.T, a *Archive, n int) {
	t.Helper()
	for i := range n {
		url := fmt.Sprintf("https://example.org/haber/%d", i)
		if _, _, err := a.Put(context.Background(), newArticle(t, "src", url, fmt.Sprintf("haber %d", i)), nil); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChanges(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	putN(t, a, 25)
	tests := map[string]struct {
		after          int64
		limit          int
		wantFirst, num int64
	}{
		"from the start":        {after: 0, limit: 10, wantFirst: 1, num: 10},
		"from the middle":       {after: 20, limit: 10, wantFirst: 21, num: 5},
		"past the end":          {after: 25, limit: 10, num: 0},
		"limit 0 means MaxPage": {after: 0, limit: 0, wantFirst: 1, num: 25},
		"negative limit":        {after: 3, limit: -1, wantFirst: 4, num: 22},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := a.Changes(ctx, tc.after, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(got)) != tc.num {
				t.Fatalf("%d articles, want %d", len(got), tc.num)
			}
			for i, art := range got {
				// Nothing changed after it was stored: both numbers agree.
				if art.ChangeSeq != tc.wantFirst+int64(i) || art.Seq != art.ChangeSeq {
					t.Fatalf("article %d has ChangeSeq %d, Seq %d, want %d", i, art.ChangeSeq, art.Seq, tc.wantFirst+int64(i))
				}
				if art.URL != fmt.Sprintf("https://example.org/haber/%d?utm_source=rss", art.Seq-1) {
					t.Errorf("Seq %d is %s", art.Seq, art.URL)
				}
			}
		})
	}
}

func TestConcurrentPut(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	const workers, each = 8, 12
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				url := fmt.Sprintf("https://example.org/%d/%d", w, i)
				// Every third one repeats an earlier URL: created=false, no new Seq.
				if i%3 == 2 {
					url = fmt.Sprintf("https://example.org/%d/%d", w, i-1)
				}
				resp := pageResponse(t, url)
				resp.Body = resp.Body[:1024]
				if _, _, err := a.Put(ctx, newArticle(t, "src", url, url), []article.Response{resp}); err != nil {
					t.Error(err)
					return
				}
				// Reads run beside the writes.
				if _, err := a.Changes(ctx, 0, 5); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	const unique = workers * each * 2 / 3
	all, err := a.Changes(ctx, 0, MaxPage)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != unique {
		t.Fatalf("%d articles, want %d", len(all), unique)
	}
	for i, art := range all {
		if art.Seq != int64(i+1) {
			t.Fatalf("Seq %d at position %d: want 1..%d without gaps", art.Seq, i, unique)
		}
	}
	if m, _ := a.MaxSeq(ctx); m != unique {
		t.Errorf("MaxSeq = %d, want %d", m, unique)
	}
	if m, _ := a.LastChange(ctx); m != unique {
		t.Errorf("LastChange = %d, want %d", m, unique)
	}
	var caps int
	if err := a.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM capture`).Scan(&caps); err != nil || caps != workers*each {
		t.Errorf("%d capture rows (%v), want %d", caps, err, workers*each)
	}
}
