package api

import (
	"errors"
	"net/http"

	"github.com/haberci/haberci/archive"
)

// collapse applies the collapse parameter of a search: with "story", one hit
// per story (the best-ranked of the page) carrying its number of copies.
// It answers the request itself and returns false on a bad value or error.
// Hits are collapsed within the page asked for: a story may show again on
// a later page, with the same copies count.
func (s *Server) collapse(w http.ResponseWriter, r *http.Request, out *SearchResponse) bool {
	switch r.URL.Query().Get("collapse") {
	case "":
		return true
	case "story":
	default:
		badRequest(w, `collapse: must be "story"`)
		return false
	}
	seen := map[string]bool{}
	hits := out.Hits[:0]
	for _, h := range out.Hits {
		id := h.ClusterID
		if id == "" {
			id = h.ID // not clustered yet: a story of its own
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		h.Copies = 1
		c, err := s.arch.Cluster(r.Context(), id)
		switch {
		case err == nil:
			h.Copies = c.Size
		case !errors.Is(err, archive.ErrNotFound):
			s.fail(w, "search", err)
			return false
		}
		hits = append(hits, h)
	}
	out.Hits = hits
	return true
}
