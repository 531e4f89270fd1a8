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

// dateBounds returns the oldest and newest publication date among the
// matches of q; ok is false when none has one.
func (ix *Index) dateBounds(ctx context.Context, q query.Query) (lo, hi time.Time, ok bool, err error) {
	edge := func(desc bool) (time.Time, bool, error) {
		req := bleve.NewSearchRequestOptions(q, 1, 0, false)
		req.SortByCustom(search.SortOrder{&search.SortField{Field: fPublished, Desc: desc, Type: search.SortFieldAsDate}})
		req.Fields = []string{fPublished}
		res, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("index: search date bounds: %w", err)
		}
		if len(res.Hits) == 0 {
			return time.Time{}, false, nil
		}
		t, ok := fieldTime(res.Hits[0].Fields, fPublished)
		return t, ok, nil
	}
	if lo, ok, err = edge(false); err != nil || !ok {
		return lo, hi, ok, err
	}
	hi, ok, err = edge(true)
	return lo, hi, ok, err
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
	counts := map[string]int{}
	if fr, ok := res[facetPublished]; ok && fr != nil {
		for _, dr := range fr.DateRanges {
			counts[dr.Name] = dr.Count
		}
	}
	for i, b := range buckets {
		f.Published = append(f.Published, DateCount{Start: b.start, End: b.end, Count: counts[bucketName(i)]})
	}
	return f
}
