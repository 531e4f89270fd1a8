package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/sources"
)

// errNoConfigFile is Reload's error for a daemon started without a file.
var errNoConfigFile = errors.New("no config file to reload: the daemon runs on the embedded defaults")

// reloader re-reads the daemon's config file and reschedules its sources:
// SIGHUP calls it, and so may an API endpoint or CLI command (Reload is the
// hook). Only the sources change; other settings take a restart.
type reloader struct {
	path  string // the config file, "" for the embedded defaults
	arch  store
	sched *crawler.Scheduler
	reg   *sources.Registry // the API's view of the sources, nil in tests without one
	log   *slog.Logger
	mu    sync.Mutex // one reload at a time
}

// Reload loads the config file again. A file that does not load is refused
// with its line-numbered error and the running config stays; otherwise
// sources added, removed or changed are scheduled accordingly (runs under
// way finish). It logs what it did and returns the changes.
func (r *reloader) Reload(ctx context.Context) (crawler.Changes, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.path == "" {
		r.log.Warn("config reload", slog.Any("error", errNoConfigFile))
		return crawler.Changes{}, errNoConfigFile
	}
	cfg, err := config.Load(r.path)
	if err != nil {
		r.log.Error("config reload refused, the running config stays", slog.Any("error", err))
		return crawler.Changes{}, err
	}
	if err := r.arch.SyncSources(ctx, sources.Rows(cfg)); err != nil {
		r.log.Error("config reload: archive", slog.Any("error", err))
		return crawler.Changes{}, fmt.Errorf("reload: %w", err)
	}
	srcs, _, err := sources.New(cfg, r.arch, nil, r.log).Runnable(ctx)
	if err != nil {
		r.log.Error("config reload: sources", slog.Any("error", err))
		return crawler.Changes{}, fmt.Errorf("reload: %w", err)
	}
	ch, err := r.sched.Replace(srcs)
	if r.reg != nil {
		r.reg.SetConfig(cfg)
	}
	r.log.Info("config reloaded", slog.String("file", r.path), slog.Any("added", ch.Added),
		slog.Any("removed", ch.Removed), slog.Any("changed", ch.Changed), slog.Any("error", err))
	return ch, err
}

// onHangup calls Reload for every SIGHUP until ctx ends.
func (r *reloader) onHangup(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-hup:
				_, _ = r.Reload(ctx) // logged
			case <-ctx.Done():
				return
			}
		}
	}()
}
