package api

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/index"
)

// newStoryFixture archives four real news texts as stories with 4, 3, 1
// and 2 copies (the archive clusters identical copies), published an hour
// apart in an order that interleaves the stories, and indexes them.
func newStoryFixture(t *testing.T) (*fixture, map[string]int) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	ar, err := archive.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ar.Close() })
	texts := map[string]string{}
	for _, name := range []string{"ttc-ekonomi-1", "ttc-saglik-1", "ttc-spor-1", "ttc-siyaset-1"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		texts[name] = strings.Join(strings.Fields(strings.TrimPrefix(string(b), "\ufeff")), " ")
	}
	order := []string{"ttc-ekonomi-1", "ttc-saglik-1", "ttc-ekonomi-1", "ttc-spor-1", "ttc-saglik-1",
		"ttc-siyaset-1", "ttc-ekonomi-1", "ttc-saglik-1", "ttc-siyaset-1", "ttc-ekonomi-1"}
	f := &fixture{arch: ar, ids: map[string]string{}}
	copies := map[string]int{} // article id -> copies of its story
	start := time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC)
	for i, name := range order {
		u := fmt.Sprintf("https://outlet%d.example/haber/%s", i, name)
		art := &article.Article{ID: canon.ID(u), SourceID: fmt.Sprintf("outlet%d", i), URL: u, CanonicalURL: u,
			Title: strings.Join(strings.Fields(texts[name])[:8], " "), Body: texts[name],
			PublishedAt: start.Add(-time.Duration(i) * time.Hour), Language: "tr"}
		got, _, err := ar.Put(ctx, art, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.ids[fmt.Sprintf("%d", i)] = got.ID
		copies[got.ID] = strings.Count(strings.Join(order, " "), name)
	}
	ix, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.CatchUp(ctx, ar, 100, nil); err != nil {
		t.Fatal(err)
	}
	f.api = New(config.Default(), ix, ar, nil, nil)
	f.srv = httptest.NewServer(f.api.Handler())
	t.Cleanup(f.srv.Close)
	return f, copies
}

func TestCollapseStoryPages(t *testing.T) {
	f, copies := newStoryFixture(t)
	// Newest first, the stories show in the order of their newest copy.
	want := []string{f.ids["0"], f.ids["1"], f.ids["3"], f.ids["5"]}
	tests := map[string]struct {
		query string
	}{
		"one story a page":     {"sort=newest&size=1"},
		"three stories a page": {"sort=newest&size=3"},
		"words, two a page":    {"q=" + url.QueryEscape("hgs OR eczacıları OR yarış OR tbmm") + "&sort=newest&size=2"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []string
			next := ""
			for pages := 0; pages < 10; pages++ {
				var res SearchResponse
				path := "/api/v1/search?collapse=story&" + tc.query
				if next != "" {
					path += "&after=" + url.QueryEscape(next)
				}
				if st, _, body := f.get(t, path, &res); st != 200 {
					t.Fatalf("status %d: %s", st, body)
				}
				if res.Total != 4 || res.Collapse == nil || !res.Collapse.Exact || res.Collapse.Matches != 10 {
					t.Errorf("total %d, collapse %+v; want 4 stories of 10 matches, exact", res.Total, res.Collapse)
				}
				for _, h := range res.Hits {
					got = append(got, h.ID)
					if h.Copies != int64(copies[h.ID]) {
						t.Errorf("story %s: copies %d, want %d", h.ID, h.Copies, copies[h.ID])
					}
				}
				if next = res.Next; next == "" {
					break
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("stories %v, want %v", got, want)
			}
		})
	}
}
