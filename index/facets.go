package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The facets field holds each facet's values behind a prefix.
const (
	prefixSource = "s:"
	prefixAgency = "a:"
	prefixDay    = "d:"
)

const (
	facetAll      = "facets" // the one facet of the Bleve request
	facetTermsTop = 20       // sources and agencies shown
	// maxFacetTerms bounds the facet terms one search counts: sources,
	// agencies and days together; 100 years of days leave room for 63,000
	// sources and agencies, so every day is counted.
	maxFacetTerms = 100000
)

// maxMonthBuckets is where the histogram switches from months to years.
const maxMonthBuckets = 240

// span is one histogram bucket [start, end).
type span struct{ start, end time.Time }

// countFacets counts the facets of q's matches alone, reading no hit
// (see countedQuery).
func (ix *Index) countFacets(ctx context.Context, q query.Query) (Facets, error) {
	c := ix.counted(q)
	if _, err := ix.bi.SearchInContext(ctx, countRequest(c)); err != nil {
		return Facets{}, fmt.Errorf("index: facets: %w", err)
	}
	return ix.facetsOf(ctx, c)
}

// countFacetsBleve has Bleve count the facets of q's matches: the
// matches' source, agency and day terms, all from one doc value per
// match. The histogram is cut from the days afterwards (see histogramOf):
// counting a term is one map update per match, where Bleve's date-range
// facet tests every bucket. It is what countedQuery counts faster, and
// counts where that cannot.
func (ix *Index) countFacetsBleve(ctx context.Context, q query.Query) (Facets, error) {
	req := countRequest(q)
	req.AddFacet(facetAll, bleve.NewFacetRequest(fFacets, maxFacetTerms))
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return Facets{}, fmt.Errorf("index: facets: %w", err)
	}
	return readFacets(res.Facets)
}

// countRequest reads no hit and scores no match: its searcher only counts.
func countRequest(q query.Query) *bleve.SearchRequest {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = bleve.ScoreNone
	return req
}

// emptyFacets has empty slices, never nil ones: JSON shows [] not null.
func emptyFacets() Facets {
	return Facets{Source: []TermCount{}, Agency: []TermCount{}, Published: []DateCount{}}
}

// readFacets splits Bleve's counts by facet: the top sources and agencies
// (most matches first, then by name, as Bleve orders them) and the
// histogram. Slices are never nil.
func readFacets(res search.FacetResults) (Facets, error) {
	f := emptyFacets()
	fr, ok := res[facetAll]
	if !ok || fr == nil || fr.Terms == nil {
		return f, nil
	}
	var days []dayCount
	for _, t := range fr.Terms.Terms() {
		switch v := t.Term; {
		case strings.HasPrefix(v, prefixSource) && len(f.Source) < facetTermsTop:
			f.Source = append(f.Source, TermCount{Term: v[len(prefixSource):], Count: t.Count})
		case strings.HasPrefix(v, prefixAgency) && len(f.Agency) < facetTermsTop:
			f.Agency = append(f.Agency, TermCount{Term: v[len(prefixAgency):], Count: t.Count})
		case strings.HasPrefix(v, prefixDay):
			d, err := time.Parse(time.DateOnly, v[len(prefixDay):])
			if err != nil {
				return f, fmt.Errorf("index: histogram: day %q: %w", v, err)
			}
			days = append(days, dayCount{d, t.Count})
		}
	}
	f.Published = histogramOf(days)
	return f, nil
}

// dayCount is how many matches were published on a day.
type dayCount struct {
	day time.Time
	n   int
}

// histogramOf counts the matches per day into buckets cut for the span
// from the first day with a match to the last (see histogram).
func histogramOf(days []dayCount) []DateCount {
	out := []DateCount{}
	if len(days) == 0 {
		return out
	}
	var lo, hi time.Time
	for _, d := range days {
		if lo.IsZero() || d.day.Before(lo) {
			lo = d.day
		}
		if d.day.After(hi) {
			hi = d.day
		}
	}
	buckets := histogram(lo, hi)
	for _, b := range buckets {
		out = append(out, DateCount{Start: b.start, End: b.end})
	}
	for _, d := range days {
		i := sort.Search(len(buckets), func(i int) bool { return buckets[i].end.After(d.day) })
		out[i].Count += d.n
	}
	return out
}

// histogram chooses buckets covering the days [lo, hi]: days up to two
// months, weeks (from Monday) up to two years, months beyond, years past
// 20 years.
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
