package sources

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
)

// The options column of a source row holds its entry as the config file
// spells it (config.Source.Entry, snake_case keys), for both origins. Rows
// written before that by the daemon's start for configured sources hold Go
// field names (json.Marshal of a config.Source); decodeEntry reads both.

// encodeEntry is the one stored form of a source.
func encodeEntry(s config.Source) string {
	b, err := json.Marshal(s.Entry())
	if err != nil { // strings, ints, bools and a string list: cannot happen
		panic(fmt.Sprintf("sources: encode %s: %v", s.ID, err))
	}
	return string(b)
}

// row is a source as the archive records it.
func row(s config.Source) archive.SourceInfo {
	return archive.SourceInfo{ID: s.ID, Name: s.Name, Type: s.Type, URL: s.URL, Schedule: s.Schedule, Options: encodeEntry(s)}
}

// Rows returns the configured sources as the archive records them, for
// archive.SyncSources.
func Rows(cfg *config.Config) []archive.SourceInfo {
	out := make([]archive.SourceInfo, 0, len(cfg.Sources))
	for _, s := range cfg.Sources {
		out = append(out, row(s))
	}
	return out
}

// decodeEntry reads a stored entry back under the config file's rules.
func decodeEntry(options, id string) (config.Source, error) {
	data := []byte(options)
	if bytes.Contains(data, []byte(`"ID":`)) { // the older Go-field-name form
		var old config.Source
		if err := json.Unmarshal(data, &old); err != nil {
			return config.Source{}, err
		}
		data = []byte(encodeEntry(old))
	}
	src, err := config.ParseSource(data, "source "+id)
	if err != nil {
		return config.Source{}, err
	}
	if src.ID != id {
		return config.Source{}, fmt.Errorf("sources: stored source %s: entry names id %s", id, config.Quote(src.ID))
	}
	return src, nil
}

// stored returns the run-time sources as the crawler runs them (Origin
// config.OriginAPI). An entry the rules no longer accept is left out with
// a warning, so that one stale row cannot keep the daemon from starting;
// so is one whose id the config file took over.
func (r *Registry) stored(ctx context.Context) ([]config.Source, error) {
	rows, err := r.runtimeRows(ctx, r.conf())
	if err != nil {
		return nil, err
	}
	out := make([]config.Source, 0, len(rows))
	for _, st := range rows {
		src, err := decodeEntry(st.Options, st.ID)
		if err != nil {
			r.log.Warn("run-time source left out", slog.String("source", st.ID), slog.Any("error", err))
			continue
		}
		src.Origin = config.OriginAPI
		out = append(out, src)
	}
	return out, nil
}

// runtimeRows returns the stored run-time sources whose id the config
// file has not taken over: the one place where the file's entry wins.
func (r *Registry) runtimeRows(ctx context.Context, cfg *config.Config) ([]archive.StoredSource, error) {
	rows, err := r.arch.StoredSources(ctx)
	if err != nil {
		return nil, err
	}
	configured := make(map[string]bool, len(cfg.Sources))
	for _, s := range cfg.Sources {
		configured[s.ID] = true
	}
	out := rows[:0]
	for _, st := range rows {
		if !configured[st.ID] {
			out = append(out, st)
		}
	}
	return out, nil
}
