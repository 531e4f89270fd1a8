package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
)

// SourceResponse is one source with its fetch state.
type SourceResponse struct {
	ID                  string `json:"id"`
	Name                string `json:"name"`
	Type                string `json:"type"`
	URL                 string `json:"url"`
	Schedule            string `json:"schedule"`
	ArticleCount        int64  `json:"article_count"`
	LastFetchAt         Time   `json:"last_fetch_at"`
	LastStatus          int    `json:"last_status"`
	LastError           string `json:"last_error"`
	ConsecutiveFailures int    `json:"consecutive_failures"`
	NextAllowedAt       Time   `json:"next_allowed_at"`
}

// SourcesResponse is GET /api/v1/sources's body.
type SourcesResponse struct {
	Sources []SourceResponse `json:"sources"`
}

func (s *Server) sources(w http.ResponseWriter, r *http.Request) {
	out, err := ListSources(r.Context(), s.cfg, s.arch)
	if err != nil {
		s.fail(w, "sources", err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// ListSources builds the sources listing from the config and the archive's
// fetch state; the CLI uses it when no daemon runs.
func ListSources(ctx context.Context, cfg *config.Config, ar *archive.Archive) (SourcesResponse, error) {
	counts, err := ar.CountsBySource(ctx)
	if err != nil {
		return SourcesResponse{}, err
	}
	out := SourcesResponse{Sources: make([]SourceResponse, 0, len(cfg.Sources))}
	for _, src := range cfg.Sources {
		st, err := ar.FetchState(ctx, src.ID)
		if err != nil {
			return SourcesResponse{}, err
		}
		out.Sources = append(out.Sources, SourceResponse{ID: src.ID, Name: src.Name, Type: src.Type, URL: src.URL,
			Schedule: src.Schedule, ArticleCount: counts[src.ID], LastFetchAt: Time(st.LastFetchAt),
			LastStatus: st.LastStatus, LastError: st.LastError, ConsecutiveFailures: st.ConsecutiveFailures,
			NextAllowedAt: Time(st.NextAllowedAt)})
	}
	return out, nil
}

func (s *Server) crawl(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, ok := s.cfg.Source(id); !ok {
		writeError(w, http.StatusNotFound, "not_found", "no source with id "+id)
		return
	}
	if s.sched == nil {
		writeError(w, http.StatusServiceUnavailable, "unavailable", "this server does not crawl")
		return
	}
	switch err := s.sched.Trigger(id); {
	case errors.Is(err, crawler.ErrRunning):
		writeError(w, http.StatusConflict, "conflict", "source "+id+" is already being crawled")
	case errors.Is(err, crawler.ErrStopped):
		writeError(w, http.StatusServiceUnavailable, "unavailable", "the daemon is stopping")
	case err != nil:
		s.fail(w, "crawl", err)
	default:
		writeJSON(w, http.StatusAccepted, map[string]string{"source": id, "status": "started"})
	}
}
