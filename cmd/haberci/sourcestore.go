package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/sources"
)

// sourceStore is where the sources commands act: the daemon's API when a
// daemon owns the data directory, else the sources registry on the archive
// opened here. Either way the sources package decides.
type sourceStore struct {
	reg   *sources.Registry // nil: a daemon runs
	d     *client
	close func()
}

// openSourceStore takes the data directory or finds its daemon.
func openSourceStore(ctx context.Context, cfg *config.Config) (*sourceStore, error) {
	ar, lock, err := openArchive(ctx, cfg)
	if errors.Is(err, errOwned) {
		return &sourceStore{d: newClient(cfg), close: func() {}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &sourceStore{reg: sources.New(cfg, ar, nil, nil), close: func() { ar.Close(); lock.release() }}, nil
}

// openArchive takes the data directory and opens its store of record
// without the index; errOwned when a daemon owns it. Configured sources get
// their rows, as serve gives them: they may be paused.
func openArchive(ctx context.Context, cfg *config.Config) (store, *dirLock, error) {
	lock, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, nil, err
	}
	ar, err := openStore(ctx, cfg, slog.Default())
	if err == nil {
		if err = ar.SyncSources(ctx, sources.Rows(cfg)); err != nil {
			ar.Close()
		}
	}
	if err != nil {
		lock.release()
		return nil, nil, err
	}
	return ar, lock, nil
}

func (s *sourceStore) list(ctx context.Context) (api.SourcesResponse, error) {
	if s.reg == nil {
		var out api.SourcesResponse
		return out, s.d.call(ctx, http.MethodGet, "/api/v1/sources", nil, nil, &out)
	}
	list, err := s.reg.List(ctx)
	return api.NewSourcesResponse(list), err
}

func (s *sourceStore) add(ctx context.Context, fields map[string]any) (api.SourceResponse, error) {
	if s.reg == nil {
		return s.remote(ctx, http.MethodPost, "", fields)
	}
	src, err := s.reg.Add(ctx, fields)
	return s.local(ctx, src.ID, err)
}

func (s *sourceStore) edit(ctx context.Context, id string, fields map[string]any) (api.SourceResponse, error) {
	if s.reg == nil {
		return s.remote(ctx, http.MethodPatch, "/"+url.PathEscape(id), fields)
	}
	_, err := s.reg.Edit(ctx, id, fields)
	return s.local(ctx, id, err)
}

func (s *sourceStore) remove(ctx context.Context, id string) error {
	if s.reg == nil {
		return s.d.call(ctx, http.MethodDelete, "/api/v1/sources/"+url.PathEscape(id), nil, nil, nil)
	}
	return s.reg.Remove(ctx, id)
}

func (s *sourceStore) setPaused(ctx context.Context, id string, paused bool) (api.SourceResponse, error) {
	if s.reg == nil {
		verb := "/resume"
		if paused {
			verb = "/pause"
		}
		return s.remote(ctx, http.MethodPost, "/"+url.PathEscape(id)+verb, nil)
	}
	return s.local(ctx, id, s.reg.SetPaused(ctx, id, paused))
}

// remote makes one request under /api/v1/sources.
func (s *sourceStore) remote(ctx context.Context, method, sub string, in any) (api.SourceResponse, error) {
	var out api.SourceResponse
	return out, s.d.call(ctx, method, "/api/v1/sources"+sub, nil, in, &out)
}

// local answers a registry change with the source's state, as the API does.
func (s *sourceStore) local(ctx context.Context, id string, err error) (api.SourceResponse, error) {
	if err != nil {
		return api.SourceResponse{}, err
	}
	info, err := s.reg.Get(ctx, id)
	return api.NewSourceResponse(info), err
}
