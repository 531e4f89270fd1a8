package index

import (
	"context"
	"testing"
	"time"
)

// TestHistogramBuckets checks how the date histogram is cut: from the
// first to the last day with a match, in days, weeks or months by that
// span, whatever range the request allowed.
func TestHistogramBuckets(t *testing.T) {
	ix := openFixture(t)
	tests := map[string]struct {
		r          Request
		buckets    int
		first      string
		width      time.Duration
		total      int
		noneIfSkip bool
	}{
		"request range gives days": {Request{From: day("2015-06-01T00:00:00Z"), To: day("2015-06-30T23:59:59Z")},
			6, "2015-06-23T00:00:00Z", 24 * time.Hour, 3, false},
		"narrow matches refined to days": {Request{Query: "tbmm date:2015-06"},
			1, "2015-06-23T00:00:00Z", 24 * time.Hour, 2, false},
		"five weeks of matches in days": {Request{Query: "date:2015-06-25..2015-08-31"},
			35, "2015-06-28T00:00:00Z", 24 * time.Hour, 5, false},
		"whole archive in months": {Request{},
			61, "2015-06-01T00:00:00Z", 30 * 24 * time.Hour, 9, false},
		"no facets asked": {Request{NoFacets: true}, 0, "", 0, 0, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tc.r)
			if err != nil {
				t.Fatal(err)
			}
			pub := res.Facets.Published
			if len(pub) != tc.buckets {
				t.Fatalf("%d buckets %v, want %d", len(pub), pub, tc.buckets)
			}
			if tc.noneIfSkip {
				if len(res.Facets.Source) != 0 || res.Total == 0 {
					t.Errorf("NoFacets: source facet %v, total %d", res.Facets.Source, res.Total)
				}
				return
			}
			total := 0
			for _, b := range pub {
				total += b.Count
			}
			if !pub[0].Start.Equal(day(tc.first)) || pub[0].End.Sub(pub[0].Start) != tc.width || total != tc.total {
				t.Errorf("first bucket %v (+%v), total %d; want %s (+%v), %d", pub[0].Start, pub[0].End.Sub(pub[0].Start), total, tc.first, tc.width, tc.total)
			}
		})
	}
}
