package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/haberci/haberci/index"
)

// Hit is one search result on the wire.
type Hit struct {
	ID          string  `json:"id"`
	URL         string  `json:"url"`
	Title       string  `json:"title"`
	Source      string  `json:"source"`
	Agency      string  `json:"agency"`
	PublishedAt Time    `json:"published_at"`
	Snippet     string  `json:"snippet"`
	Score       float64 `json:"score"`
	ClusterID   string  `json:"cluster_id"`
	Copies      int64   `json:"copies,omitempty"` // with collapse=story: the story's copies
}

// SearchResponse is GET /api/v1/search's body. With collapse=story, hits
// are stories and Collapse says how they were counted (see collapse.go).
type SearchResponse struct {
	Total    uint64              `json:"total"`
	TookMS   int64               `json:"took_ms"`
	Hits     []Hit               `json:"hits"`
	Facets   index.Facets        `json:"facets"`
	Next     string              `json:"next,omitempty"`
	Collapse *index.CollapseInfo `json:"collapse,omitempty"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	req, err := parseSearch(r.URL.Query())
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	res, err := s.index.Search(r.Context(), req)
	var qe *index.QueryError
	switch {
	case errors.As(err, &qe), errors.Is(err, index.ErrBadRequest):
		badRequest(w, err.Error())
		return
	case err != nil:
		s.fail(w, "search", err)
		return
	}
	out := NewSearchResponse(res)
	if req.Collapse {
		if err := s.countCopies(r.Context(), out.Hits); err != nil {
			s.fail(w, "search", err)
			return
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// NewSearchResponse turns an index result into the API's wire shape.
func NewSearchResponse(res *index.Result) SearchResponse {
	out := SearchResponse{Total: res.Total, TookMS: res.Took.Milliseconds(), Hits: make([]Hit, 0, len(res.Hits)),
		Facets: res.Facets, Next: res.Next, Collapse: res.Collapse}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{ID: h.ID, URL: h.URL, Title: h.Title, Source: h.Source, Agency: h.Agency,
			PublishedAt: Time(h.PublishedAt), Snippet: h.Snippet, Score: h.Score, ClusterID: h.ClusterID})
	}
	return out
}

// parseSearch validates the query parameters; every error names the parameter.
func parseSearch(v url.Values) (index.Request, error) {
	req := index.Request{Query: v.Get("q"), Agency: v.Get("agency"), After: v.Get("after"), Sort: v.Get("sort")}
	for _, s := range v["source"] {
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id != "" {
				req.Sources = append(req.Sources, id)
			}
		}
	}
	switch req.Sort {
	case "", "relevance", "newest", "oldest":
	default:
		return req, errors.New(`sort: must be relevance, newest or oldest`)
	}
	switch v.Get("collapse") {
	case "":
	case "story":
		req.Collapse = true
	default:
		return req, errors.New(`collapse: must be "story"`)
	}
	switch v.Get("facets") {
	case "", "1", "true":
	case "0", "false":
		req.NoFacets = true // hits only: facets come back empty
	default:
		return req, errors.New("facets: must be 1 or 0 (true or false)")
	}
	var err error
	if req.Size, err = intParam(v, "size", 20, 1, 100); err != nil {
		return req, err
	}
	if req.Page, err = intParam(v, "page", 1, 1, 10000); err != nil {
		return req, err
	}
	if req.From, err = timeParam(v, "from", false); err != nil {
		return req, err
	}
	if req.To, err = timeParam(v, "to", true); err != nil {
		return req, err
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, errors.New("to: is before from")
	}
	return req, nil
}

func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, errors.New(name + ": must be a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi))
	}
	return n, nil
}

// timeParam takes a date (2020-06-01) or an RFC 3339 time. A bare date as
// the upper bound means the whole day.
func timeParam(v url.Values, name string, endOfDay bool) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, errors.New(name + ": want a date (2020-06-01) or an RFC 3339 time")
	}
	if endOfDay {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
}
