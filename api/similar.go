package api

import (
	"errors"
	"net/http"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/params"
)

// SimilarResponse is GET /api/v1/articles/{id}/similar's body: the hits
// have the search's shape; their snippets mark the words they share.
type SimilarResponse struct {
	Hits []Hit `json:"hits"`
}

// similar answers "more like this" for an indexed article; size (1..100,
// default 10) bounds the hits.
func (s *Server) similar(w http.ResponseWriter, r *http.Request) {
	size, err := params.Int(r.URL.Query(), "size", 10)
	if err != nil {
		s.answerError(w, r, "similar", err)
		return
	}
	id := r.PathValue("id")
	res, err := s.index.Similar(r.Context(), id, size)
	switch {
	case errors.Is(err, index.ErrNoDocument):
		writeError(w, http.StatusNotFound, "not_found", "no indexed article with id "+config.Quote(id))
		return
	case err != nil:
		s.answerError(w, r, "similar", err)
		return
	}
	s.writeJSON(w, http.StatusOK, SimilarResponse{Hits: NewSearchResponse(res).Hits})
}
