package index

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// The dates the index holds and searches: publication dates outside them
// cannot be searched (Bleve keeps times as int64 nanoseconds, 1678–2262),
// so a query or filter naming one is refused as bad input.
var (
	MinDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxDate = time.Date(2200, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

// ErrDateRange is wrapped by CheckDate's error.
var ErrDateRange = errors.New("index: date outside 1900-01-01..2200-12-31")

// CheckDate refuses a time outside [MinDate, MaxDate]; the zero time (an
// open end) passes.
func CheckDate(t time.Time) error {
	if t.IsZero() || !t.Before(MinDate) && !t.After(MaxDate) {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrDateRange, t.UTC().Format(time.DateOnly))
}

// dateNode is date:FROM..TO in a query: a published-date range, inclusive,
// either end open (zero).
type dateNode struct {
	from, to time.Time
	text     string
}

func (n *dateNode) String() string { return "date:" + n.text }

// dateLayouts are the precisions a date: bound may have, longest first,
// with how far the bound's period reaches.
var dateLayouts = []struct {
	layout string
	next   func(time.Time) time.Time
}{
	{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
	{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
	{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
}

// parseDateRange reads the value of date: — a day, month or year, or a
// range of them with "..", either side of which may be empty. The range
// covers whole periods: 2020-06..2020-07 is June 1 to the end of July.
// pos is the token's position, for errors.
func parseDateRange(v string, pos int) (*dateNode, error) {
	bad := func(msg string) error {
		return &QueryError{Pos: pos, Msg: "date:" + short(v) + ": " + msg}
	}
	lo, hi, isRange := strings.Cut(v, "..")
	if !isRange {
		hi = lo
	}
	if lo == "" && hi == "" {
		return nil, bad("want a date like 2020, 2020-06 or 2020-06-01, or a range like 2020-06..2020-07")
	}
	n := &dateNode{text: v}
	if lo != "" {
		start, _, ok := parseDateBound(lo)
		if !ok {
			return nil, bad("'" + short(lo) + "' is not a date like 2020, 2020-06 or 2020-06-01")
		}
		n.from = start
	}
	if hi != "" {
		_, end, ok := parseDateBound(hi)
		if !ok {
			return nil, bad("'" + short(hi) + "' is not a date like 2020, 2020-06 or 2020-06-01")
		}
		n.to = end.Add(-time.Nanosecond)
	}
	if CheckDate(n.from) != nil || CheckDate(n.to) != nil {
		return nil, bad("dates from 1900 to 2200 only")
	}
	if !n.from.IsZero() && !n.to.IsZero() && n.to.Before(n.from) {
		return nil, bad("the range ends before it starts")
	}
	return n, nil
}

// short is query text cut for an error message: a query may hold 1,000
// characters, a message quotes at most 40 of one token.
func short(s string) string {
	n := 0
	for i := range s {
		if n == 40 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// parseDateBound parses one bound and returns the start and end (exclusive)
// of the period it names, in UTC; ok is false when s is no such date.
func parseDateBound(s string) (start, end time.Time, ok bool) {
	for _, l := range dateLayouts {
		if len(s) != len(l.layout) {
			continue
		}
		t, err := time.Parse(l.layout, s)
		if err != nil {
			return start, end, false
		}
		return t, l.next(t), true
	}
	return start, end, false
}

// query is the range on the published field; open ends stay open.
func (n *dateNode) query() query.Query {
	incl := true
	q := query.NewDateRangeInclusiveQuery(n.from, n.to, &incl, &incl)
	q.SetField(fPublished)
	return q
}
