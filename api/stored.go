package api

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
)

// StoredSources returns the sources added at run time as the crawler runs
// them (Origin config.OriginAPI), each read back from its stored entry with
// the config file's rules. An entry those rules no longer accept is left
// out with a warning on log, so that one stale row cannot keep the daemon
// from starting (log nil: slog's default). Sources whose id the config
// file took over are left out.
func StoredSources(ctx context.Context, cfg *config.Config, ar *archive.Archive, log *slog.Logger) ([]config.Source, error) {
	if log == nil {
		log = slog.Default()
	}
	stored, err := ar.StoredSources(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]config.Source, 0, len(stored))
	for _, st := range stored {
		if _, shadowed := cfg.Source(st.ID); shadowed {
			continue
		}
		src, err := sourceOf(st)
		if err != nil {
			log.Warn("run-time source left out", slog.String("source", st.ID), slog.Any("error", err))
			continue
		}
		out = append(out, src)
	}
	return out, nil
}

// sourceOf reads a stored entry back.
func sourceOf(st archive.StoredSource) (config.Source, error) {
	src, err := config.ParseSource([]byte(st.Options), "source "+st.ID)
	if err != nil {
		return config.Source{}, err
	}
	if src.ID != st.ID {
		return config.Source{}, fmt.Errorf("api: stored source %s: entry names id %q", st.ID, src.ID)
	}
	src.Origin = config.OriginAPI
	return src, nil
}
