package api

import (
	"errors"
	"net/http"

	"github.com/haberci/haberci/index"
)

// SimilarResponse is GET /api/v1/articles/{id}/similar's body: the hits
// have the search's shape; their snippets mark the words they share.
type SimilarResponse struct {
	Hits []Hit `json:"hits"`
}

// similar answers "more like this" for an indexed article; size (1..100,
// default 10) bounds the hits.
func (s *Server) similar(w http.ResponseWriter, r *http.Request) {
	size, err := intParam(r.URL.Query(), "size", 10, 1, index.MaxSize)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	id := r.PathValue("id")
	res, err := s.index.Similar(r.Context(), id, size)
	switch {
	case errors.Is(err, index.ErrNoDocument):
		writeError(w, http.StatusNotFound, "not_found", "no indexed article with id "+id)
		return
	case errors.Is(err, index.ErrBadRequest):
		badRequest(w, err.Error())
		return
	case err != nil:
		s.fail(w, "similar", err)
		return
	}
	writeJSON(w, http.StatusOK, SimilarResponse{Hits: NewSearchResponse(res).Hits})
}
