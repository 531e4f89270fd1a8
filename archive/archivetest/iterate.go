package archivetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// Filter is archive.Filter as the suite passes it to Impl.Iterate (the
// suite cannot import package archive, whose tests import the suite).
type Filter struct {
	From, To time.Time
	Sources  []string
}

// iterateTests are the suite's cases for Iterate and ArticleIDs, what the
// export and the index check read the whole archive with.
var iterateTests = map[string]func(t *testing.T, impl Impl){
	"iterate filters":      testIterateFilters,
	"iterate pages":        testIteratePages,
	"iterate during merge": testIterateDuringMerge,
}

// iteratePage is one page of the stores' Iterate (archive.IteratePage).
const iteratePage = 200

// collect runs Iterate and returns the ids it gave, in order, checking
// that Seq grows.
func collect(t *testing.T, impl Impl, s Store, f Filter, each func(*article.Article, []article.Capture)) []string {
	t.Helper()
	var ids []string
	var last int64
	err := impl.Iterate(context.Background(), s, f, func(a *article.Article, caps []article.Capture) error {
		if a.Seq <= last {
			t.Errorf("%s: Seq %d after %d", a.ID, a.Seq, last)
		}
		last = a.Seq
		ids = append(ids, a.ID)
		if each != nil {
			each(a, caps)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// Seven articles from sources a and b, published a day apart: each
// filter gives those it selects, in the order stored, each as Get gives
// it (captures included).
func testIterateFilters(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	var all []string
	for i := range 7 {
		a := articleN(i)
		a.SourceID = []string{"a", "b"}[i%2]
		a.PublishedAt = time.Date(2020, 6, 1+i, 9, 0, 0, 0, time.UTC)
		stored, created, err := s.Put(ctx, a, []article.Response{page(a.CanonicalURL, i)})
		if err != nil || !created {
			t.Fatalf("Put %s: created %v, %v", a.ID, created, err)
		}
		all = append(all, stored.ID)
	}
	day := func(d int) time.Time { return time.Date(2020, 6, d, 0, 0, 0, 0, time.UTC) }
	tests := map[string]struct {
		filter Filter
		want   []int // indexes into all
	}{
		"everything":       {Filter{}, []int{0, 1, 2, 3, 4, 5, 6}},
		"one source":       {Filter{Sources: []string{"b"}}, []int{1, 3, 5}},
		"two sources":      {Filter{Sources: []string{"a", "b"}}, []int{0, 1, 2, 3, 4, 5, 6}},
		"from":             {Filter{From: day(5)}, []int{4, 5, 6}},
		"to, inclusive":    {Filter{To: day(3).Add(9 * time.Hour)}, []int{0, 1, 2}},
		"range and source": {Filter{From: day(2), To: day(6), Sources: []string{"a"}}, []int{2, 4}},
		"unknown source":   {Filter{Sources: []string{"yok"}}, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var want []string
			for _, i := range tc.want {
				want = append(want, all[i])
			}
			got := collect(t, impl, s, tc.filter, func(a *article.Article, caps []article.Capture) {
				stored, storedCaps, err := s.Get(ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				cmp := *a
				cmp.Seq, cmp.ChangeSeq, stored.Seq, stored.ChangeSeq = 0, 0, 0, 0
				if len(caps) != 1 || !reflect.DeepEqual(&cmp, stored) || !reflect.DeepEqual(caps, storedCaps) {
					t.Errorf("%s differs from what Get gives:\n got %+v %v\nwant %+v %v", a.ID, cmp, caps, *stored, storedCaps)
				}
			})
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
	t.Run("error stops", func(t *testing.T) {
		stop := errors.New("yeter")
		n := 0
		err := impl.Iterate(ctx, s, Filter{}, func(*article.Article, []article.Capture) error { n++; return stop })
		if err != stop || n != 1 {
			t.Errorf("Iterate = %v after %d calls, want the callback's error after 1", err, n)
		}
	})
}

// More than a page: Iterate and ArticleIDs give every article once, in the
// order stored; ArticleIDs in slices of at most the size asked.
func testIteratePages(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	var want []string
	for i := range iteratePage + 3 {
		want = append(want, put(t, s, articleN(i)).ID)
	}
	if got := collect(t, impl, s, Filter{}, nil); !slices.Equal(got, want) {
		t.Errorf("Iterate gave %d articles, want the %d stored in order", len(got), len(want))
	}
	var ids []string
	var sizes []int
	if err := s.ArticleIDs(ctx, 50, func(page []string) error {
		sizes = append(sizes, len(page))
		ids = append(ids, page...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, want) || !slices.Equal(sizes, []int{50, 50, 50, 50, 3}) {
		t.Errorf("ArticleIDs gave %d ids in pages %v, want the %d stored in order, pages [50 50 50 50 3]", len(ids), sizes, len(want))
	}
	stop := errors.New("yeter")
	if err := s.ArticleIDs(ctx, 0, func([]string) error { return stop }); err != stop {
		t.Errorf("ArticleIDs = %v, want the callback's error", err)
	}
}

// An export beside a writer whose new article merges two clusters after
// the export read its first page: each article is seen once (the moved
// ones keep their Seq), the new one too, while the change stream gives
// the moved ones again.
func testIterateDuringMerge(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	words := strings.Fields(Seed(t))
	text := func(i, j int) string { return strings.Join(words[i:j], " ") }
	older := put(t, s, storyArticle("kartal", text(0, 200), day, "")).ClusterID
	newer := put(t, s, storyArticle("iha", text(174, 374), day.Add(time.Hour), "İHA"))
	for i := range iteratePage {
		put(t, s, articleN(i)) // the moved article is on the first page, the export goes on to a second
	}
	last, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var link *article.Article
	seen := map[string]int{}
	collect(t, impl, s, Filter{}, func(a *article.Article, _ []article.Capture) {
		if link == nil {
			link = put(t, s, storyArticle("bulten", text(26, 348), day.Add(3*time.Hour), ""))
		}
		seen[a.ID]++
	})
	if link.ClusterID != older {
		t.Fatalf("linking copy joined %s, want %s: no merge happened", link.ClusterID, older)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("export saw %s %d times", id, n)
		}
	}
	if want := iteratePage + 3; len(seen) != want || seen[newer.ID] != 1 || seen[link.ID] != 1 {
		t.Errorf("export saw %d articles (moved %d, new %d times), want %d", len(seen), seen[newer.ID], seen[link.ID], want)
	}
	if ids, want := changedIDs(t, s, last, older), []string{newer.ID, link.ID}; !slices.Equal(ids, want) {
		t.Errorf("changes after the merge %v, want the moved one, then the new one: %v", ids, want)
	}
}
