package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// ids returns the hit ids of a search, sorted, failing the test on error.
func ids(t *testing.T, ix *Index, r Request) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("Search(%+v): %v", r, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func TestSearchQueryForms(t *testing.T) {
	ix := openFixture(t)
	tests := map[string]struct {
		q    string
		want []string
	}{
		"belediye":                  {"belediye", []string{"seed", "seed-p4"}},
		"belediyesi finds belediye": {"belediyesi", []string{"seed", "seed-p4"}},
		"belediyelerine":            {"belediyelerine", []string{"seed", "seed-p4"}},
		"apostrophe suffix":         {"İstanbul'da", []string{"seed", "seed-p4", "ttc-siyaset-2"}},
		"capitals with İ":           {"İSTANBUL", []string{"seed", "seed-p4", "ttc-siyaset-2"}},
		"ASCII-typed name":          {"kilicdaroglu", []string{"seed", "ttc-siyaset-1"}},
		"capital name with suffix":  {"KILIÇDAROĞLU'NUN", []string{"seed", "ttc-siyaset-1"}},
		"ASCII capitals":            {"CALISTAY", []string{"seed"}},
		"conjunction":               {"kılıçdaroğlu meclis", []string{"ttc-siyaset-1"}},
		"phrase":                    {`"yemin törenine"`, []string{"ttc-siyaset-1", "ttc-siyaset-2"}},
		"phrase folded":             {`"tek yon iktidar"`, []string{"seed"}},
		"phrase word order":         {`"törenine yemin"`, nil},
		"phrase words as written":   {`"yemin töreni"`, nil},
		"phrase with suffix, caps":  {`"KARTAL BELEDİYESİ'NİN"`, []string{"seed"}},
		"exclusion":                 {"TBMM -Kavakçı", []string{"ttc-ekonomi-2", "ttc-siyaset-1"}},
		"excluded phrase":           {`TBMM -"yemin törenine"`, []string{"ttc-ekonomi-2"}},
		"OR":                        {"ambulans OR Gomez", []string{"ttc-saglik-2", "ttc-spor-2"}},
		"OR in group with word":     {"(ambulans OR gomez) helikopter", []string{"ttc-saglik-2"}},
		"title field":               {"title:çalıştayı", []string{"seed"}},
		"title field misses body":   {"title:İmamoğlu", nil},
		"source prefix":             {"source:ttc-siyaset tbmm", []string{"ttc-siyaset-1", "ttc-siyaset-2"}},
		"agency prefix lower-case":  {"agency:iha", []string{"seed", "seed-p4"}},
		"author":                    {"author:yuksel", []string{"seed"}},
		"only exclusion":            {"-İstanbul -tbmm", []string{"ttc-ekonomi-1", "ttc-saglik-1", "ttc-saglik-2", "ttc-spor-1", "ttc-spor-2"}},
		"stop word ignored":         {"ve kılıçdaroğlu", []string{"seed", "ttc-siyaset-1"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ids(t, ix, Request{Query: tc.q, Size: 100}); !slices.Equal(got, tc.want) {
				t.Errorf("%q → %q, want %q", tc.q, got, tc.want)
			}
		})
	}
}

func TestSearchFilters(t *testing.T) {
	ix := openFixture(t)
	tests := map[string]struct {
		r    Request
		want []string
	}{
		"sources":        {Request{Sources: []string{"ttc-spor", "ornek-gazete"}}, []string{"seed-p4", "ttc-spor-1", "ttc-spor-2"}},
		"agency":         {Request{Agency: "ANKA"}, []string{"ttc-saglik-1", "ttc-saglik-2"}},
		"agency + query": {Request{Query: "İstanbul", Agency: "AA"}, []string{"ttc-siyaset-2"}},
		"date range inclusive": {Request{From: day("2015-06-23T12:00:00Z"), To: day("2015-07-15T09:00:00Z")},
			[]string{"ttc-ekonomi-1", "ttc-ekonomi-2", "ttc-siyaset-2", "ttc-spor-1"}},
		"open-ended from": {Request{From: day("2020-01-01T00:00:00Z")}, []string{"seed", "seed-p4"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tc.r.Size = 100
			if got := ids(t, ix, tc.r); !slices.Equal(got, tc.want) {
				t.Errorf("→ %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSearchSorts(t *testing.T) {
	ix := openFixture(t)
	tests := map[string]struct {
		r    Request
		want []string // first hits in order
	}{
		"newest by default":             {Request{}, []string{"seed-p4", "seed", "ttc-saglik-2", "ttc-saglik-1", "ttc-spor-2"}},
		"oldest":                        {Request{Sort: SortOldest}, []string{"ttc-siyaset-1", "ttc-siyaset-2", "ttc-spor-1", "ttc-ekonomi-1"}},
		"relevance: title match first":  {Request{Query: "çalıştay"}, []string{"seed"}},
		"relevance: denser match first": {Request{Query: "İmamoğlu", Sort: SortRelevance}, []string{"seed-p4", "seed"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tc.r)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits[:min(len(tc.want), len(res.Hits))] {
				got = append(got, h.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("order %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSearchScores checks that relevance scores its hits and that a date
// sort of the same words, which reads no score, computes none.
func TestSearchScores(t *testing.T) {
	ix := openFixture(t)
	for sort, scored := range map[string]bool{SortRelevance: true, SortNewest: false, SortOldest: false} {
		t.Run(sort, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: "İmamoğlu", Sort: sort})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) < 2 {
				t.Fatalf("%d hits, want at least 2", len(res.Hits))
			}
			for _, h := range res.Hits {
				if (h.Score > 0) != scored {
					t.Errorf("%s: score %g, want scored %v", h.ID, h.Score, scored)
				}
			}
		})
	}
}

func TestSearchCursorVisitsEveryDocOnce(t *testing.T) {
	ix := openFixture(t)
	for _, sort := range []string{SortNewest, SortOldest, SortRelevance} {
		t.Run(sort, func(t *testing.T) {
			r := Request{Sort: sort, Size: 3}
			if sort == SortRelevance {
				r.Query = "istanbul OR tbmm OR türkiye OR ambulans OR gomez OR hgs OR eczacıları"
			}
			seen := map[string]int{}
			pages := 0
			for {
				res, err := ix.Search(context.Background(), r)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					seen[h.ID]++
				}
				if pages++; res.Next == "" || pages > 10 {
					break
				}
				r.After = res.Next
			}
			if len(seen) != 10 {
				t.Errorf("visited %d docs in %d pages, want 10: %v", len(seen), pages, seen)
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("%s visited %d times", id, n)
				}
			}
		})
	}
}

func TestSearchPagesAndHitFields(t *testing.T) {
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), Request{Size: 4, Page: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 10 || len(res.Hits) != 2 || res.Next != "" {
		t.Fatalf("page 3 of 4: total %d, %d hits, next %q; want 10, 2, none", res.Total, len(res.Hits), res.Next)
	}
	res, err = ix.Search(context.Background(), Request{Query: "kilicdaroglu", Sort: SortNewest})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Hits[0]
	want := Hit{ID: "seed", URL: "https://example.org/kartal/calistay", Title: "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı",
		Source: "kartal-bel", Agency: "İHA", PublishedAt: day("2020-06-20T10:00:00Z"), ClusterID: "c-seed"}
	h.Snippet, h.Score = "", 0
	if h != want {
		t.Errorf("hit = %+v\nwant %+v", h, want)
	}
}

func TestSearchSnippets(t *testing.T) {
	ix := openFixture(t)
	tests := map[string]struct {
		q, id string
		marks []string
	}{
		"inflected word marked":   {"kılıçdaroğlu", "seed", []string{"<mark>Kılıçdaroğlu</mark>"}},
		"folded query marks text": {"kilicdaroglu", "ttc-siyaset-1", []string{"<mark>Kılıçdaroğlu</mark>"}},
		"stemmed form marked":     {"belediye", "seed-p4", []string{"<mark>Belediye</mark>", "<mark>belediye</mark>"}},
		"phrase marked":           {`"yemin törenine"`, "ttc-siyaset-2", []string{"<mark>yemin</mark> <mark>törenine</mark>"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tc.q, Size: 100})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(res.Hits, func(h Hit) bool { return h.ID == tc.id })
			if i < 0 {
				t.Fatalf("%s not found", tc.id)
			}
			s := res.Hits[i].Snippet
			for _, m := range tc.marks {
				if !strings.Contains(s, m) {
					t.Errorf("snippet %q lacks %q", s, m)
				}
			}
			plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
			if n := len([]rune(plain)); n > 340 {
				t.Errorf("snippet has %d characters, want <= ~300", n)
			}
		})
	}
	res, err := ix.Search(context.Background(), Request{Sources: []string{"ttc-spor"}, Sort: SortOldest})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Hits[0].Snippet; !strings.HasPrefix(s, "Yunanistan 'ın Heraklion") || strings.Contains(s, "<mark>") {
		t.Errorf("browse snippet %q, want the start of the text, unmarked", s)
	}
}

func TestSearchFacets(t *testing.T) {
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), Request{Query: "tbmm OR istanbul"})
	if err != nil {
		t.Fatal(err)
	}
	// ttc-ekonomi-2, ttc-siyaset-1, ttc-siyaset-2, seed, seed-p4
	wantAgency := []TermCount{{"AA", 2}, {"DHA", 1}, {"İHA", 2}}
	got := slices.Clone(res.Facets.Agency)
	slices.SortFunc(got, func(a, b TermCount) int { return strings.Compare(a.Term, b.Term) })
	if !slices.Equal(got, wantAgency) {
		t.Errorf("agency facet %v, want %v", got, wantAgency)
	}
	if len(res.Facets.Source) != 4 {
		t.Errorf("source facet %v, want 4 sources", res.Facets.Source)
	}
	// 2015-06-23 .. 2020-06-21: monthly buckets, 61 of them.
	pub := res.Facets.Published
	if len(pub) != 61 || !pub[0].Start.Equal(day("2015-06-01T00:00:00Z")) {
		t.Fatalf("histogram: %d buckets from %v, want 61 from 2015-06-01", len(pub), pub[0].Start)
	}
	total := 0
	for _, b := range pub {
		total += b.Count
	}
	if total != 5 || pub[0].Count != 2 || pub[60].Count != 2 {
		t.Errorf("histogram counts: total %d, first %d, last %d; want 5, 2, 2", total, pub[0].Count, pub[60].Count)
	}

	res, err = ix.Search(context.Background(), Request{Sources: []string{"ttc-siyaset"}})
	if err != nil {
		t.Fatal(err)
	}
	if pub := res.Facets.Published; len(pub) != 1 || pub[0].Count != 2 || pub[0].End.Sub(pub[0].Start) != 24*time.Hour {
		t.Errorf("one-day histogram %v, want one day bucket of 2", pub)
	}
}

func TestSearchEmptyIndexFacets(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), Request{Query: "istanbul"})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Facets
	if res.Hits == nil || f.Source == nil || f.Agency == nil || f.Published == nil {
		t.Errorf("nil slices in empty result: %+v", res)
	}
	if res.Total != 0 || res.Next != "" {
		t.Errorf("empty index: total %d, next %q", res.Total, res.Next)
	}
}

func TestSearchBadRequests(t *testing.T) {
	ix := openFixture(t)
	good, err := ix.Search(context.Background(), Request{Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		r        Request
		queryErr bool
	}{
		"size too big":         {Request{Size: 101}, false},
		"negative size":        {Request{Size: -1}, false},
		"negative page":        {Request{Page: -2}, false},
		"page too deep":        {Request{Size: 100, Page: 101}, false},
		"unknown sort":         {Request{Sort: "random"}, false},
		"to before from":       {Request{From: day("2020-01-02T00:00:00Z"), To: day("2020-01-01T00:00:00Z")}, false},
		"garbage cursor":       {Request{After: "!!!"}, false},
		"cursor of other sort": {Request{After: good.Next, Sort: SortOldest}, false},
		"unclosed quote":       {Request{Query: `istanbul "tek`}, true},
		"too many clauses":     {Request{Query: strings.Repeat("x ", 65)}, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tc.r)
			var qe *QueryError
			switch {
			case tc.queryErr && !errors.As(err, &qe):
				t.Errorf("error %v, want *QueryError", err)
			case !tc.queryErr && !errors.Is(err, ErrBadRequest):
				t.Errorf("error %v, want ErrBadRequest", err)
			}
		})
	}
}
