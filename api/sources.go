package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/sources"
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

// NewSourceResponse is a source on the wire.
func NewSourceResponse(s sources.Info) SourceResponse {
	return SourceResponse{ID: s.ID, Name: s.Name, Type: s.Type, URL: s.URL, Schedule: s.Schedule,
		ArticleCount: s.ArticleCount, LastFetchAt: Time(s.LastFetchAt), LastStatus: s.LastStatus, LastError: s.LastError,
		ConsecutiveFailures: s.ConsecutiveFailures, NextAllowedAt: Time(s.NextAllowedAt), Paused: s.Paused, Origin: s.Origin,
		Backlog: s.Backlog, BacklogPages: s.BacklogPages}
}

// NewSourcesResponse is a listing on the wire.
func NewSourcesResponse(list []sources.Info) SourcesResponse {
	out := SourcesResponse{Sources: make([]SourceResponse, 0, len(list))}
	for _, s := range list {
		out.Sources = append(out.Sources, NewSourceResponse(s))
	}
	return out
}

// ListSources is the sources listing on the wire, for the web pages.
func ListSources(ctx context.Context, cfg *config.Config, ar sources.Store) (SourcesResponse, error) {
	list, err := sources.New(cfg, ar, nil, nil).List(ctx)
	return NewSourcesResponse(list), err
}

func (s *Server) listSources(w http.ResponseWriter, r *http.Request) {
	list, err := s.reg.List(r.Context())
	if err != nil {
		s.answerError(w, r, "sources", err)
		return
	}
	s.writeJSON(w, http.StatusOK, NewSourcesResponse(list))
}

// addSource is POST /api/v1/sources: the body is one sources entry of the
// config file as a JSON object (id optional: made from the name). 201 with
// the source; 400 for bad input, a limit or a private address; 409 when its
// id or URL is already a source's.
func (s *Server) addSource(w http.ResponseWriter, r *http.Request) {
	fields, err := readObject(w, r)
	if err == nil {
		var src config.Source
		if src, err = s.reg.Add(r.Context(), fields); err == nil {
			s.answerSource(w, r, http.StatusCreated, src.ID)
			return
		}
	}
	s.answerError(w, r, "add source", err)
}

// editSource is PATCH /api/v1/sources/{id}: the body holds the keys of a
// sources entry to change (null: back to the default). 200 with the source;
// 409 for a configured source ("edit the config file").
func (s *Server) editSource(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	fields, err := readObject(w, r)
	if err == nil {
		if _, err = s.reg.Edit(r.Context(), id, fields); err == nil {
			s.answerSource(w, r, http.StatusOK, id)
			return
		}
	}
	s.answerError(w, r, "edit source", err)
}

// removeSource is DELETE /api/v1/sources/{id}: a run-time source is no
// longer listed or crawled; its articles stay. 204; 409 for a configured
// source.
func (s *Server) removeSource(w http.ResponseWriter, r *http.Request) {
	if err := s.reg.Remove(r.Context(), r.PathValue("id")); err != nil {
		s.answerError(w, r, "remove source", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// answerSource answers with one source and its state.
func (s *Server) answerSource(w http.ResponseWriter, r *http.Request, status int, id string) {
	info, err := s.reg.Get(r.Context(), id)
	if err != nil {
		s.answerError(w, r, "source", err)
		return
	}
	s.writeJSON(w, status, NewSourceResponse(info))
}

// pauseSource is POST /api/v1/sources/{id}/pause: cron leaves the source
// alone until resumed, also across restarts; POST …/crawl still runs it.
// 200 with the source, 404 for an unknown id. Pausing twice is harmless.
func (s *Server) pauseSource(w http.ResponseWriter, r *http.Request) { s.setPaused(w, r, true) }

// resumeSource is POST /api/v1/sources/{id}/resume: cron runs the source
// again from its next tick. 200 with the source, 404 for an unknown id.
func (s *Server) resumeSource(w http.ResponseWriter, r *http.Request) { s.setPaused(w, r, false) }

func (s *Server) setPaused(w http.ResponseWriter, r *http.Request, paused bool) {
	id := r.PathValue("id")
	if err := s.reg.SetPaused(r.Context(), id, paused); err != nil {
		s.answerError(w, r, "pause", err)
		return
	}
	s.answerSource(w, r, http.StatusOK, id)
}

func (s *Server) crawl(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.reg.Exists(r.Context(), id); err != nil {
		s.answerError(w, r, "crawl", err)
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
		s.answerError(w, r, "crawl", err)
	default:
		s.writeJSON(w, http.StatusAccepted, map[string]string{"source": id, "status": "started"})
	}
}
