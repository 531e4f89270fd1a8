package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Facet names in the Bleve request.
const (
	facetSource    = "source"
	facetAgency    = "agency"
	facetPublished = "published"
	facetTermsTop  = 20
)

// maxMonthBuckets is where the histogram switches from months to years.
const maxMonthBuckets = 240

// span is one histogram bucket [start, end).
type span struct{ start, end time.Time }

// histogramSpan is the range the first histogram pass is cut for: the
// request's from/to within the index's span of dates; ok is false when
// no bucket can hold a match.
func (ix *Index) histogramSpan(r Request) (lo, hi time.Time, ok bool) {
	lo, hi, ok = ix.dates.get()
	if !ok {
		return lo, hi, false
	}
	if !r.From.IsZero() && r.From.After(lo) {
		lo = r.From.UTC()
	}
	if !r.To.IsZero() && r.To.Before(hi) {
		hi = r.To.UTC()
	}
	return lo, hi, !hi.Before(lo)
}

// refineHistogram trims empty buckets from both ends and, when the matches
// span much less than the buckets were cut for (a rare word in a ten-year
// archive), counts again with finer buckets: at most two more passes,
// facet only, no hits loaded.
func (ix *Index) refineHistogram(ctx context.Context, q query.Query, pub []DateCount) ([]DateCount, error) {
	for pass := 0; ; pass++ {
		pub = trimBuckets(pub)
		if len(pub) == 0 || pass == 2 {
			return pub, nil
		}
		fine := histogram(pub[0].Start, pub[len(pub)-1].End.Add(-time.Nanosecond))
		if width := pub[0].End.Sub(pub[0].Start); fine[0].end.Sub(fine[0].start) >= width {
			return pub, nil
		}
		req := bleve.NewSearchRequestOptions(q, 0, 0, false)
		addHistogram(req, fine)
		res, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("index: search histogram: %w", err)
		}
		pub = readHistogram(res.Facets, fine)
	}
}

// trimBuckets drops the empty buckets at both ends.
func trimBuckets(pub []DateCount) []DateCount {
	for len(pub) > 0 && pub[0].Count == 0 {
		pub = pub[1:]
	}
	for len(pub) > 0 && pub[len(pub)-1].Count == 0 {
		pub = pub[:len(pub)-1]
	}
	return pub
}

// histogram chooses buckets covering [lo, hi]: days up to two months,
// weeks (from Monday) up to two years, months beyond, years past 20 years.
func histogram(lo, hi time.Time) []span {
	lo, hi = lo.UTC(), hi.UTC()
	day := time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, time.UTC)
	d := hi.Sub(lo)
	var start time.Time
	var step func(time.Time) time.Time
	switch {
	case d <= 62*24*time.Hour:
		start, step = day, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	case d <= 2*366*24*time.Hour:
		back := (int(day.Weekday()) + 6) % 7 // days since Monday
		start, step = day.AddDate(0, 0, -back), func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	case (hi.Year()-lo.Year())*12+int(hi.Month())-int(lo.Month()) < maxMonthBuckets:
		start = time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	default:
		start = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	}
	var out []span
	for t := start; !t.After(hi); t = step(t) {
		out = append(out, span{start: t, end: step(t)})
	}
	return out
}

// addFacets asks Bleve for the term facets and the histogram buckets.
func addFacets(req *bleve.SearchRequest, buckets []span) {
	req.AddFacet(facetSource, bleve.NewFacetRequest(fSource, facetTermsTop))
	req.AddFacet(facetAgency, bleve.NewFacetRequest(fAgency, facetTermsTop))
	addHistogram(req, buckets)
}

// addHistogram asks Bleve to count the matches in each bucket.
func addHistogram(req *bleve.SearchRequest, buckets []span) {
	if len(buckets) == 0 {
		return
	}
	fr := bleve.NewFacetRequest(fPublished, len(buckets))
	for i, b := range buckets {
		fr.AddDateTimeRange(bucketName(i), b.start, b.end)
	}
	req.AddFacet(facetPublished, fr)
}

// bucketName names histogram bucket i in the Bleve request.
func bucketName(i int) string { return fmt.Sprintf("b%04d", i) }

// readFacets converts Bleve's facet results; slices are never nil.
func readFacets(res search.FacetResults, buckets []span) Facets {
	f := Facets{Source: []TermCount{}, Agency: []TermCount{}, Published: []DateCount{}}
	terms := func(name string) []TermCount {
		out := []TermCount{}
		if fr, ok := res[name]; ok && fr != nil {
			for _, t := range fr.Terms.Terms() {
				out = append(out, TermCount{Term: t.Term, Count: t.Count})
			}
		}
		return out
	}
	f.Source, f.Agency = terms(facetSource), terms(facetAgency)
	f.Published = readHistogram(res, buckets)
	return f
}

// readHistogram returns every bucket with its count, never nil.
func readHistogram(res search.FacetResults, buckets []span) []DateCount {
	out := []DateCount{}
	counts := map[string]int{}
	if fr, ok := res[facetPublished]; ok && fr != nil {
		for _, dr := range fr.DateRanges {
			counts[dr.Name] = dr.Count
		}
	}
	for i, b := range buckets {
		out = append(out, DateCount{Start: b.start, End: b.end, Count: counts[bucketName(i)]})
	}
	return out
}
