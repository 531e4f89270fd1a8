package api

import (
	"log/slog"
	"net/http"
)

// pauseSource is POST /api/v1/sources/{id}/pause: cron leaves the source
// alone until resumed, also across restarts; POST …/crawl still runs it.
// 200 with the source, 404 for an unknown id. Pausing twice is harmless.
func (s *Server) pauseSource(w http.ResponseWriter, r *http.Request) { s.setPaused(w, r, true) }

// resumeSource is POST /api/v1/sources/{id}/resume: cron runs the source
// again from its next tick. 200 with the source, 404 for an unknown id.
func (s *Server) resumeSource(w http.ResponseWriter, r *http.Request) { s.setPaused(w, r, false) }

func (s *Server) setPaused(w http.ResponseWriter, r *http.Request, paused bool) {
	id := r.PathValue("id")
	if _, err := findSource(r.Context(), s.cfg, s.arch, id); err != nil {
		s.notFoundOr(w, "pause", id, err)
		return
	}
	// The archive first: it is what the next start reads.
	if err := s.arch.SetPaused(r.Context(), id, paused); err != nil {
		s.fail(w, "pause", err)
		return
	}
	if s.sched != nil {
		change := s.sched.Resume
		if paused {
			change = s.sched.Pause
		}
		if err := change(id); err != nil {
			s.log.Warn("scheduler did not take the pause", slog.String("source", id), slog.Any("error", err))
		}
	}
	s.answerSource(w, r, http.StatusOK, id)
}
