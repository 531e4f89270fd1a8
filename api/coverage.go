package api

import (
	"net/http"

	"github.com/haberci/haberci/coverage"
	"github.com/haberci/haberci/params"
)

// Copy is one outlet's copy of a story.
type Copy struct {
	ID          string  `json:"id"`
	Source      string  `json:"source"`
	URL         string  `json:"url"`
	Title       string  `json:"title"`
	PublishedAt Time    `json:"published_at"`
	FirstSeenAt Time    `json:"first_seen_at"`
	Similarity  float64 `json:"similarity"`
}

// CoverageResponse is GET /api/v1/articles/{id}/coverage's body.
type CoverageResponse struct {
	ClusterID string `json:"cluster_id"`
	Agency    string `json:"agency"`
	First     Copy   `json:"first"`
	Copies    []Copy `json:"copies"`
}

// NewCoverageResponse is an article's coverage on the wire.
func NewCoverageResponse(c *coverage.Article) CoverageResponse {
	out := CoverageResponse{ClusterID: c.ClusterID, Agency: c.Agency, Copies: make([]Copy, 0, len(c.Copies))}
	for _, cp := range c.Copies {
		out.Copies = append(out.Copies, Copy{ID: cp.ID, Source: cp.Source, URL: cp.URL, Title: cp.Title,
			PublishedAt: Time(cp.PublishedAt), FirstSeenAt: Time(cp.FirstSeenAt), Similarity: cp.Similarity})
	}
	if len(out.Copies) > 0 {
		out.First = out.Copies[0]
	}
	return out
}

// coverage lists every copy of the article's story, oldest first (see
// coverage.OfArticle); format=csv gives CSV.
func (s *Server) coverage(w http.ResponseWriter, r *http.Request) {
	format, err := params.Format(r.URL.Query(), "json", "csv")
	if err != nil {
		s.answerError(w, r, "coverage", err)
		return
	}
	a, _, ok := s.load(w, r)
	if !ok {
		return
	}
	c, err := coverage.OfArticle(r.Context(), s.arch, a)
	if err != nil {
		s.answerError(w, r, "coverage", err)
		return
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		_ = coverage.WriteArticleCSV(w, c)
		return
	}
	s.writeJSON(w, http.StatusOK, NewCoverageResponse(c))
}
