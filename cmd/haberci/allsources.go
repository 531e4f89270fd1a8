package main

import (
	"context"
	"log/slog"
	"slices"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
)

// allSources returns what the crawler runs: the config's sources, then
// those added at run time (stored in the archive), and the ids of the
// paused ones.
func allSources(ctx context.Context, cfg *config.Config, ar *archive.Archive, log *slog.Logger) ([]config.Source, []string, error) {
	stored, err := api.StoredSources(ctx, cfg, ar, log)
	if err != nil {
		return nil, nil, err
	}
	paused, err := ar.PausedSources(ctx)
	if err != nil {
		return nil, nil, err
	}
	return append(slices.Clone(cfg.Sources), stored...), paused, nil
}
