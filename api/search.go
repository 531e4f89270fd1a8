package api

import (
	"net/http"

	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/params"
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
	Widened  bool                `json:"widened,omitempty"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	req, err := params.Search(r.URL.Query())
	if err == nil {
		_, err = params.Format(r.URL.Query(), "json")
	}
	if err != nil {
		s.answerError(w, r, "search", err)
		return
	}
	res, err := s.index.Search(r.Context(), req)
	if err != nil {
		s.answerError(w, r, "search", err)
		return
	}
	out := NewSearchResponse(res)
	if req.Collapse {
		if err := s.countCopies(r.Context(), out.Hits); err != nil {
			s.answerError(w, r, "search", err)
			return
		}
	}
	s.writeJSON(w, http.StatusOK, out)
}

// NewSearchResponse turns an index result into the API's wire shape.
func NewSearchResponse(res *index.Result) SearchResponse {
	out := SearchResponse{Total: res.Total, TookMS: res.Took.Milliseconds(), Hits: make([]Hit, 0, len(res.Hits)),
		Facets: res.Facets, Next: res.Next, Collapse: res.Collapse, Widened: res.Widened}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{ID: h.ID, URL: h.URL, Title: h.Title, Source: h.Source, Agency: h.Agency,
			PublishedAt: Time(h.PublishedAt), Snippet: h.Snippet, Score: h.Score, ClusterID: h.ClusterID})
	}
	return out
}
