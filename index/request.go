package index

import (
	"errors"
	"fmt"
	"time"
)

// ErrBadRequest is wrapped by Search errors caused by the request itself
// (size, page, sort or cursor); callers answer them with HTTP 400, as they
// do *QueryError.
var ErrBadRequest = errors.New("index: bad request")

// ParamError is a refusal of one request parameter, named as the search
// API names it (size, page, after, sort, from, to). It wraps ErrBadRequest.
type ParamError struct {
	Param string
	Msg   string
}

// Error reads "param: message".
func (e *ParamError) Error() string { return e.Param + ": " + e.Msg }

// Unwrap returns ErrBadRequest.
func (e *ParamError) Unwrap() error { return ErrBadRequest }

// Check fills in a request's defaults and checks its ranges: the one
// validator of size, page, sort and dates, for the API, the web pages and
// the CLI alike.
func Check(r Request) (Request, error) { return normalize(r) }

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// Request limits.
const (
	DefaultSize = 20
	MaxSize     = 100
	// maxWindow bounds page*size: deeper pages must use the After cursor,
	// so no search holds more than this many hits in memory.
	maxWindow = 10000
)

// Request is one search.
type Request struct {
	Query    string    // query language (see parseQuery); "" matches all
	Sources  []string  // filter: any of these source ids
	Agency   string    // filter
	From, To time.Time // published range, inclusive; zero = open
	Sort     string    // relevance (default with a Query), newest (default without), oldest
	Size     int       // 1..100, default 20
	Page     int       // 1-based, default 1; ignored when After is set
	After    string    // opaque cursor from Result.Next
	NoFacets bool      // skip the facets (empty in the Result): hits only, faster
	Collapse bool      // one hit per story (cluster of copies): its best-ranked match
	// Widen: when no article has the query's words, search the words
	// derived from them too (şaşkın: şaşkınlık; see lemma.Derived), and
	// say so in Result.Widened. For people searching; counts and alerts
	// leave it off, so that their matches keep one meaning.
	Widen bool
}

// Result is one page of hits with facets over all matches. Collapsed by
// story, Total counts stories when Collapse.Exact, else matches.
type Result struct {
	Total    uint64        `json:"total"`
	Took     time.Duration `json:"took"`
	Hits     []Hit         `json:"hits"`
	Facets   Facets        `json:"facets"`
	Next     string        `json:"next,omitempty"`     // "" when no more hits follow
	Collapse *CollapseInfo `json:"collapse,omitempty"` // with Request.Collapse only
	// Widened: nothing had the words themselves; the hits have words
	// derived from them (Request.Widen).
	Widened bool `json:"widened,omitempty"`
}

// Hit is one matching article.
type Hit struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Title       string    `json:"title"`
	Source      string    `json:"source"`
	Agency      string    `json:"agency"`
	PublishedAt time.Time `json:"published_at"`
	Snippet     string    `json:"snippet"` // HTML: matches in <mark>, text escaped
	Score       float64   `json:"score"`
	ClusterID   string    `json:"cluster_id"`
}

// Facets counts all matches by source, agency and publication date.
type Facets struct {
	Source    []TermCount `json:"source"`
	Agency    []TermCount `json:"agency"`
	Published []DateCount `json:"published"`
}

// TermCount is one facet term and how many matches carry it.
type TermCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// DateCount is one histogram bucket [Start, End) of publication dates.
type DateCount struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Count int       `json:"count"`
}

// normalize fills defaults and checks ranges.
func normalize(r Request) (Request, error) {
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	if r.Size < 1 || r.Size > MaxSize {
		return r, &ParamError{"size", fmt.Sprintf("must be a whole number from 1 to %d", MaxSize)}
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Page < 1 {
		return r, &ParamError{"page", "must be a whole number from 1"}
	}
	if r.After == "" && r.Page*r.Size > maxWindow {
		return r, &ParamError{"page", fmt.Sprintf("page × size must stay within the first %d hits; page on with the next cursor (after)", maxWindow)}
	}
	switch r.Sort {
	case "":
		r.Sort = SortNewest
		if r.Query != "" {
			r.Sort = SortRelevance
		}
	case SortRelevance, SortNewest, SortOldest:
	default:
		return r, &ParamError{"sort", "must be relevance, newest or oldest"}
	}
	for _, d := range [...]struct {
		name string
		t    time.Time
	}{{"from", r.From}, {"to", r.To}} {
		if CheckDate(d.t) != nil {
			return r, &ParamError{d.name, "dates from 1900-01-01 to 2200-12-31 only"}
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return r, &ParamError{"to", "is before from"}
	}
	return r, nil
}
