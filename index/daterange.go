package index

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// dateRange is the span of publication dates in the index, kept so that a
// search can choose its histogram buckets without asking the index for
// the oldest and newest match (two more sorted passes over all matches).
// It only grows: a replaced article may leave it a little wide, which
// costs empty buckets that the histogram trims.
type dateRange struct {
	mu     sync.Mutex
	lo, hi time.Time
	ok     bool
}

// get returns the span; ok is false while no article has a date.
func (d *dateRange) get() (lo, hi time.Time, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lo, d.hi, d.ok
}

// extend widens the span to t; a zero t (no date) is ignored.
func (d *dateRange) extend(t time.Time) {
	if t.IsZero() {
		return
	}
	t = t.UTC()
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.ok || t.Before(d.lo) {
		d.lo = t
	}
	if !d.ok || t.After(d.hi) {
		d.hi = t
	}
	d.ok = true
}

// loadDateRange reads the span from an opened index: the oldest and newest
// published date, once, when the index opens.
func loadDateRange(ctx context.Context, bi bleve.Index, d *dateRange) error {
	for _, desc := range []bool{false, true} {
		req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 1, 0, false)
		req.SortByCustom(search.SortOrder{&search.SortField{Field: fPublished, Desc: desc, Type: search.SortFieldAsDate,
			Missing: search.SortFieldMissingLast}})
		req.Fields = []string{fPublished}
		res, err := bi.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("index: date range: %w", err)
		}
		if len(res.Hits) > 0 {
			if t, ok := fieldTime(res.Hits[0].Fields, fPublished); ok {
				d.extend(t)
			}
		}
	}
	return nil
}
