package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
)

// configEntry is a configured source before describe fills in its state.
func configEntry(src config.Source) SourceResponse {
	return SourceResponse{ID: src.ID, Name: src.Name, Type: src.Type, URL: src.URL, Schedule: src.Schedule, Origin: config.OriginConfig}
}

// storedEntry is a run-time source before describe fills in its state.
func storedEntry(st archive.StoredSource) SourceResponse {
	return SourceResponse{ID: st.ID, Name: st.Name, Type: st.Type, URL: st.URL, Schedule: st.Schedule, Origin: config.OriginAPI}
}

// describe fills in each source's article count, pause and fetch state.
func describe(ctx context.Context, ar *archive.Archive, srcs []SourceResponse) error {
	counts, err := ar.CountsBySource(ctx)
	if err != nil {
		return err
	}
	paused, err := ar.PausedSources(ctx)
	if err != nil {
		return err
	}
	isPaused := make(map[string]bool, len(paused))
	for _, id := range paused {
		isPaused[id] = true
	}
	for i := range srcs {
		r := &srcs[i]
		st, err := ar.FetchState(ctx, r.ID)
		if err != nil {
			return err
		}
		r.ArticleCount, r.Paused = counts[r.ID], isPaused[r.ID]
		r.LastFetchAt, r.LastStatus, r.LastError = Time(st.LastFetchAt), st.LastStatus, st.LastError
		r.ConsecutiveFailures, r.NextAllowedAt = st.ConsecutiveFailures, Time(st.NextAllowedAt)
		r.Backlog, r.BacklogPages = st.Backlog, st.BacklogPending()
	}
	return nil
}

// findSource returns the source with id, configured or added at run time,
// without its state; archive.ErrNotFound when there is none.
func findSource(ctx context.Context, cfg *config.Config, ar *archive.Archive, id string) (SourceResponse, error) {
	if src, ok := cfg.Source(id); ok {
		return configEntry(src), nil
	}
	st, err := ar.StoredSource(ctx, id)
	if err != nil {
		return SourceResponse{}, err
	}
	return storedEntry(st), nil
}

// oneSource returns the source with id and its state, for the answers of
// the source-changing routes.
func oneSource(ctx context.Context, cfg *config.Config, ar *archive.Archive, id string) (SourceResponse, error) {
	r, err := findSource(ctx, cfg, ar, id)
	if err != nil {
		return r, err
	}
	one := []SourceResponse{r}
	err = describe(ctx, ar, one)
	return one[0], err
}

// notFoundOr answers 404 for an unknown source, 500 for anything else.
func (s *Server) notFoundOr(w http.ResponseWriter, op, id string, err error) {
	if errors.Is(err, archive.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", "no source with id "+id)
		return
	}
	s.fail(w, op, err)
}
