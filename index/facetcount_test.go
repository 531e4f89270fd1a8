package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/haberci/haberci/article"
)

// facetCorpus is every stride-th TTC-3600 article with random facets:
// few sources and agencies, so that counts tie, days over three years,
// and some articles without an agency or a date.
func facetCorpus(t testing.TB, stride int, rng *rand.Rand) []*article.Article {
	t.Helper()
	var arts []*article.Article
	for i, a := range ttcArticles(t) {
		if i%stride == 0 {
			redraw(a, rng)
			arts = append(arts, a)
		}
	}
	return arts
}

// redraw gives a new random source, agency and publication date.
func redraw(a *article.Article, rng *rand.Rand) {
	a.SourceID = fmt.Sprintf("kaynak-%02d", rng.IntN(30))
	a.Agency = []string{"", "AA", "DHA", "İHA", "ANKA", "Reuters"}[rng.IntN(6)]
	a.PublishedAt = time.Time{}
	if rng.IntN(10) > 0 {
		a.PublishedAt = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(3*365*24)) * time.Hour)
	}
}

// randomRequest is a random search: a word of one of the articles or
// none, with random filters.
func randomRequest(arts []*article.Article, rng *rand.Rand) Request {
	var r Request
	if rng.IntN(4) > 0 {
		words := gtWords(arts[rng.IntN(len(arts))].Body)
		for r.Query == "" && len(words) > 0 {
			r.Query = words[rng.IntN(len(words))]
		}
	}
	if rng.IntN(3) == 0 {
		r.Sources = []string{fmt.Sprintf("kaynak-%02d", rng.IntN(30)), fmt.Sprintf("kaynak-%02d", rng.IntN(30))}
	}
	if rng.IntN(4) == 0 {
		r.Agency = "AA"
	}
	if rng.IntN(3) == 0 {
		r.From = time.Date(2019, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
		r.To = r.From.AddDate(0, rng.IntN(30), rng.IntN(60))
	}
	if rng.IntN(2) == 0 {
		r.Sort = SortNewest
	}
	return r
}

// checkFacetCounts runs random requests and compares what countedQuery
// counts, through Search and through countFacets, with what Bleve's own
// facet request counts: every term, then the facets shown.
func checkFacetCounts(t *testing.T, ix *Index, arts []*article.Article, rng *rand.Rand, n int) {
	t.Helper()
	ctx := context.Background()
	for range n {
		r := randomRequest(arts, rng)
		q, _, err := ix.buildQuery(mustNormalize(t, r), false)
		if err != nil {
			t.Fatal(err)
		}
		req := bleve.NewSearchRequestOptions(q, 0, 0, false)
		req.AddFacet(facetAll, bleve.NewFacetRequest(fFacets, maxFacetTerms))
		res, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		c := ix.counted(q)
		if _, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(c, 0, 0, false)); err != nil {
			t.Fatal(err)
		}
		if c.tally == nil {
			t.Fatalf("%+v: Bleve counted, not the ordinals", r)
		}
		if got, want := c.tally.termCounts(), bleveTermCounts(res); !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v: term counts\n%v\nBleve's\n%v", r, got, want)
		}
		want, err := readFacets(res.Facets)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.countFacets(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v: countFacets\n%+v\nBleve's\n%+v", r, got, want)
		}
		s, err := ix.Search(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(s.Facets, want) {
			t.Fatalf("%+v: Search's facets\n%+v\nBleve's\n%+v", r, s.Facets, want)
		}
	}
}

func mustNormalize(t *testing.T, r Request) Request {
	t.Helper()
	r, err := normalize(r)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// termCounts are the tally's counts by facets term.
func (t *facetTally) termCounts() map[string]int {
	prefix := [facetSlots]string{prefixSource, prefixAgency, prefixDay}
	out := map[string]int{}
	for ord, n := range t.counts[1:] {
		if n > 0 {
			ft := t.terms[ord+1]
			out[prefix[ft.slot]+ft.name] = int(n)
		}
	}
	return out
}

// bleveTermCounts are Bleve's counts by facets term.
func bleveTermCounts(res *bleve.SearchResult) map[string]int {
	out := map[string]int{}
	if f := res.Facets[facetAll]; f != nil && f.Terms != nil {
		for _, tf := range f.Terms.Terms() {
			out[tf.Term] = tf.Count
		}
	}
	return out
}

// forceMerge merges the index's segments into one.
func forceMerge(t testing.TB, ix *Index) {
	t.Helper()
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		t.Fatalf("index is %T, not scorch", adv)
	}
	mo := mergeplan.DefaultMergePlanOptions
	mo.MaxSegmentsPerTier = 1
	if err := s.ForceMerge(context.Background(), &mo); err != nil {
		t.Fatal(err)
	}
}

// facetSize sizes the tests here: 600 articles and 60 queries a step,
// or 100 and 12 under -race, where indexing runs several times slower.
func facetSize() (stride, queries int) {
	if raceBuild {
		return 36, 12
	}
	return 6, 60
}

func TestFacetCountsAreBleves(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 21))
	stride, queries := facetSize()
	arts := facetCorpus(t, stride, rng)
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.SetFacetCacheSize(0)
	step := max(10, len(arts)/7) // several segments
	for i := 0; i < len(arts); i += step {
		end := min(i+step, len(arts))
		if err := ix.Apply(arts[i:end], int64(end)); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name string
		do   func(t *testing.T)
	}{
		{"built", func(t *testing.T) {}},
		{"updated", func(t *testing.T) {
			var changed []*article.Article
			for _, a := range arts {
				if rng.IntN(5) == 0 {
					redraw(a, rng)
					changed = append(changed, a)
				}
			}
			if err := ix.Apply(changed, int64(len(arts)+1)); err != nil {
				t.Fatal(err)
			}
		}},
		{"deleted", func(t *testing.T) {
			b := ix.bi.NewBatch()
			kept := arts[:0]
			for _, a := range arts {
				if rng.IntN(8) == 0 {
					b.Delete(a.ID)
				} else {
					kept = append(kept, a)
				}
			}
			arts = kept
			if err := ix.bi.Batch(b); err != nil {
				t.Fatal(err)
			}
		}},
		{"merged", func(t *testing.T) { forceMerge(t, ix) }},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.do(t)
			checkFacetCounts(t, ix, arts, rng, queries)
		})
	}
}

// A term facets do not know (not one of ours) leaves the counting to
// Bleve, with the same result.
func TestFacetCountsIrregularSegment(t *testing.T) {
	ix := openFixture(t)
	ix.SetFacetCacheSize(0)
	if err := ix.bi.Index("odd", map[string]interface{}{"_type": docType, fTitle: "İstanbul", fFacets: []string{"x:y", prefixSource + "odd"}}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	q, _, err := ix.buildQuery(mustNormalize(t, Request{Query: "istanbul"}), false)
	if err != nil {
		t.Fatal(err)
	}
	c := ix.counted(q)
	if _, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(c, 0, 0, false)); err != nil {
		t.Fatal(err)
	}
	if c.tally != nil {
		t.Fatal("a segment with an unknown term was counted from ordinals")
	}
	got, err := ix.facetsOf(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ix.countFacetsBleve(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || len(got.Source) == 0 {
		t.Fatalf("facets %+v, want Bleve's %+v", got, want)
	}
}

// Searches count while articles are written and segments merged; the
// ordinals of segments no search reads any more are dropped.
func TestFacetCountsConcurrentWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 18))
	stride, queries := facetSize()
	arts := facetCorpus(t, 2*stride, rng)
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.SetFacetCacheSize(0)
	half, step := len(arts)/2, max(5, len(arts)/20)
	if err := ix.Apply(arts[:half], int64(half)); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	done := make(chan struct{})
	for g := range 3 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := ix.Search(ctx, randomRequest(arts[:half], rng)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for i := half; i < len(arts); i += step {
		end := min(i+step, len(arts))
		if err := ix.Apply(arts[i:end], int64(end)); err != nil {
			t.Fatal(err)
		}
	}
	forceMerge(t, ix)
	close(done)
	wg.Wait()
	checkFacetCounts(t, ix, arts, rng, queries/3)

	// A minute on, a search drops every segment's ordinals but its own.
	snap := readerSnapshot(t, ix)
	defer snap.Close()
	later := time.Now().Add(2 * facetOrdinalsTTL)
	for _, ss := range snap.Segments() {
		if _, err := ix.ords.segment(ss.Segment(), later); err != nil {
			t.Fatal(err)
		}
	}
	if n, want := len(ix.ords.segs), len(snap.Segments()); n != want {
		t.Errorf("%d segments' ordinals kept, want %d", n, want)
	}
}

// readerSnapshot opens the index's current scorch snapshot.
func readerSnapshot(t testing.TB, ix *Index) *scorch.IndexSnapshot {
	t.Helper()
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("reader is %T", r)
	}
	return snap
}

// mergedTTCIndex holds TTC-3600 with random facets in one segment:
// merging would otherwise run beside the timed work.
func mergedTTCIndex(b *testing.B) *Index {
	arts := ttcArticles(b)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, a := range arts {
		redraw(a, rng)
	}
	ix, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	for i := 0; i < len(arts); i += benchBatch {
		end := min(i+benchBatch, len(arts))
		if err := ix.Apply(arts[i:end], int64(end)); err != nil {
			b.Fatal(err)
		}
	}
	forceMerge(b, ix)
	return ix
}

// BenchmarkFacetCount counts the facets of one word's matches (about a
// third of the articles) from ordinals and by Bleve's facet request.
func BenchmarkFacetCount(b *testing.B) {
	ix := mergedTTCIndex(b)
	ctx := context.Background()
	q, _, err := ix.buildQuery(Request{Query: "bir"}, false)
	if err != nil {
		b.Fatal(err)
	}
	hits, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		b.Fatal(err)
	}
	counts := map[string]func(context.Context, query.Query) (Facets, error){
		"ordinals": ix.countFacets, "bleve": ix.countFacetsBleve, "none": func(ctx context.Context, q query.Query) (Facets, error) {
			_, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
			return Facets{}, err
		},
	}
	for name, count := range counts {
		b.Run(name, func(b *testing.B) {
			cpu := processCPU(b)
			for b.Loop() {
				if _, err := count(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time is what a busy machine inflates least.
			cpuNs := float64(processCPU(b)-cpu) / float64(b.N)
			b.ReportMetric(cpuNs, "cpu-ns/op")
			b.ReportMetric(cpuNs/float64(hits.Total), "cpu-ns/match")
		})
	}
}

// BenchmarkFacetOrdinalsRead reads a merged segment's ordinals, as the
// first search after a merge does.
func BenchmarkFacetOrdinalsRead(b *testing.B) {
	ix := mergedTTCIndex(b)
	snap := readerSnapshot(b, ix)
	defer snap.Close()
	seg := snap.Segments()[0].Segment()
	for b.Loop() {
		var o facetOrdinals
		if _, err := o.segment(seg, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(seg.Count()), "ns/article")
}

// processCPU is the user and system CPU time the process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
