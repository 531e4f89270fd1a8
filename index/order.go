package index

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// sortKeyLayout formats the date an article sorts by as a fixed-width
// keyword, so that byte order is date order. A keyword's doc values hold
// one short term per article, where a datetime field's hold sixteen
// prefix-coded terms, whose chunks Bleve must decompress to sort.
const sortKeyLayout = "20060102150405"

// sortKey is the keyword of t (UTC, whole seconds).
func sortKey(t time.Time) string { return t.UTC().Format(sortKeyLayout) }

// order is a sort: its primary key (the score, or the sort key), ties
// broken by the document id, so that the order is total and cursor
// paging visits each hit once. With story set, Bleve also reads each
// hit's cluster id (as a last sort key, which never decides: ids differ),
// so that hits can be grouped by story.
type order struct {
	name  string
	story bool
}

// primary is Bleve's sort on the primary key alone.
func (o order) primary() search.SearchSort {
	switch o.name {
	case SortNewest:
		return &search.SortField{Field: fSortKey, Desc: true, Type: search.SortFieldAsString}
	case SortOldest:
		return &search.SortField{Field: fSortKey, Type: search.SortFieldAsString}
	}
	return &search.SortScore{Desc: true}
}

// skipScores has Bleve score no match when the order reads no score: a
// date sort of a common word's matches otherwise scores each of them (a
// hit's score is then 0).
func (o order) skipScores(req *bleve.SearchRequest) {
	if o.name == SortNewest || o.name == SortOldest {
		req.Score = bleve.ScoreNone
	}
}

// bleveSort is Bleve's sort: the primary key alone, or with full the
// whole order, which looks up the id of every match (see fetch).
func (o order) bleveSort(full bool) search.SortOrder {
	so := search.SortOrder{o.primary()}
	if full {
		so = append(so, &search.SortDocID{})
	}
	if o.story {
		so = append(so, &search.SortField{Field: fCluster, Type: search.SortFieldAsString, Missing: search.SortFieldMissingLast})
	}
	return so
}

// searchAfter is Bleve's SearchAfter for bleveSort(full) from the values
// of its first keys; the story key, when asked for, gets the highest
// term, so that a hit equal on the other keys is dropped as without it.
func (o order) searchAfter(vals ...string) []string {
	if o.story {
		vals = append(vals, search.HighTerm)
	}
	return vals
}

// storyKey is the story a hit belongs to: its cluster, else itself.
func (o order) storyKey(h *search.DocumentMatch) string {
	if n := len(h.Sort); o.story && n > 0 && h.Sort[n-1] != search.HighTerm && h.Sort[n-1] != "" {
		return "c:" + h.Sort[n-1]
	}
	return "a:" + h.ID
}

// value is a hit's primary key as a cursor holds it.
func (o order) value(h *search.DocumentMatch) string {
	if o.name == SortRelevance {
		return strconv.FormatFloat(h.Score, 'g', -1, 64)
	}
	if len(h.Sort) == 0 {
		return ""
	}
	return h.Sort[0]
}

// cmpValue compares two primary keys in the order's direction.
func (o order) cmpValue(a, b *search.DocumentMatch) int {
	switch o.name {
	case SortRelevance:
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	case SortNewest:
		return strings.Compare(o.value(b), o.value(a))
	}
	return strings.Compare(o.value(a), o.value(b))
}

// cmp compares two hits in the total order.
func (o order) cmp(a, b *search.DocumentMatch) int {
	if c := o.cmpValue(a, b); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// through is the SearchAfter value for the primary sort that keeps the
// hits whose primary key equals v: Bleve's SearchAfter drops them too.
// It is the next value past v against the order's direction.
func (o order) through(v string) (string, bool) {
	if o.name == SortRelevance {
		s, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(s) || math.IsInf(s, 0) {
			return "", false
		}
		return strconv.FormatFloat(math.Nextafter(s, math.Inf(1)), 'g', -1, 64), true
	}
	t, err := time.Parse(sortKeyLayout, v)
	if err != nil {
		return "", false
	}
	step := time.Second // sort keys are whole seconds
	if o.name == SortOldest {
		step = -step
	}
	return sortKey(t.Add(step)), true
}
