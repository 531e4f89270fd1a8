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
	Paused              bool   `json:"paused"` // cron leaves it alone until resumed
	Origin              string `json:"origin"` // "config" (the config file) or "api" (added at run time)
	// Backlog is how many new items the last run found but left for later
	// runs (crawl.max_items); BacklogPages, whether deeper list pages or
	// older sitemaps are still to be read.
	Backlog      int  `json:"backlog"`
	BacklogPages bool `json:"backlog_pages"`
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

// ListSources builds the sources listing: the config's sources, then those
// added at run time, each with its article count, pause and fetch state
// from the archive. The CLI uses it when no daemon runs.
func ListSources(ctx context.Context, cfg *config.Config, ar *archive.Archive) (SourcesResponse, error) {
	stored, err := ar.StoredSources(ctx)
	if err != nil {
		return SourcesResponse{}, err
	}
	all := make([]SourceResponse, 0, len(cfg.Sources)+len(stored))
	for _, src := range cfg.Sources {
		all = append(all, configEntry(src))
	}
	for _, st := range stored {
		if _, shadowed := cfg.Source(st.ID); !shadowed { // the file took the id over: see SyncSources
			all = append(all, storedEntry(st))
		}
	}
	if err := describe(ctx, ar, all); err != nil {
		return SourcesResponse{}, err
	}
	return SourcesResponse{Sources: all}, nil
}

func (s *Server) crawl(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := findSource(r.Context(), s.cfg, s.arch, id); err != nil {
		s.notFoundOr(w, "crawl", id, err)
		return
	}
	if s.sched == nil {
		writeError(w, http.StatusServiceUnavailable, "unavailable", "this server does not crawl")
		return
	}
	switch err := s.sched.Trigger(id); {
	case errors.Is(err, crawler.ErrRunning):
		writeError(w, http.StatusConflict, "conflict", "source "+id+" is already being crawled")
	case errors.Is(err, crawler.ErrUnknownSource): // stored, but its entry no longer loads
		writeError(w, http.StatusNotFound, "not_found", "source "+id+" is not scheduled")
	case errors.Is(err, crawler.ErrStopped):
		writeError(w, http.StatusServiceUnavailable, "unavailable", "the daemon is stopping")
	case err != nil:
		s.fail(w, "crawl", err)
	default:
		writeJSON(w, http.StatusAccepted, map[string]string{"source": id, "status": "started"})
	}
}
