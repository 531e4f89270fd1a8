package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/sources"
	"github.com/haberci/haberci/web"
)

func runServe(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("serve", "", "Run the crawl scheduler and the JSON API until SIGINT or SIGTERM.", stdout)
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"serve takes no arguments"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	// Past a file size limit a write must fail with EFBIG, which pauses
	// crawling like a full disk, instead of SIGXFSZ killing the daemon.
	signal.Ignore(syscall.SIGXFSZ)
	return serve(ctx, cfg, stderr)
}

// serve runs until ctx ends, then stops in order: no new requests, running
// crawls cancelled, the index writer's batch committed, stores closed.
func serve(ctx context.Context, cfg *config.Config, stderr io.Writer) error {
	log := newLogger(stderr, cfg.LogFormat, slog.LevelInfo)
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.close()
	// Crawling writes every few seconds: searches may read facets up to
	// DefaultFacetStaleness old while they are recounted in the background.
	a.ix.SetFacetStaleness(index.DefaultFacetStaleness)

	notify := make(chan struct{}, 1)
	writerCtx, stopWriter := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	articleStored := startWatches(writerCtx, &wg, cfg, a, log)
	onStored := func(*article.Article) {
		poke(notify)
		articleStored()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := a.ix.Follow(writerCtx, a.arch, notify, 5*time.Second); err != nil {
			log.Error("index writer", slog.Any("error", err))
		}
	}()
	defer func() { stopWriter(); wg.Wait() }()

	metrics := newRegistry()
	reg := sources.New(cfg, a.arch, nil, log)
	cr := crawler.New(cfg, a.arch, log, onStored, crawlerOptions(cfg, a.arch, reg)...)
	if err := cr.RegisterMetrics(metrics); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	cr.OnIdle(a.ix.Flush)
	srcs, paused, err := reg.Runnable(ctx)
	if err != nil {
		return err
	}
	sched, err := cr.Schedule(ctx, srcs, crawler.StartPaused(paused...))
	if err != nil {
		return err
	}
	defer sched.Stop()
	apiSrv := api.New(cfg, a.ix, a.arch, sched, log, api.WithMetrics(metrics, metrics))
	rl := &reloader{path: cfg.Path, arch: a.arch, sched: sched, reg: apiSrv.Sources(), log: log}
	rl.onHangup(ctx)
	if err := a.lock.announceServe(); err != nil { // after onHangup: a SIGHUP is handled from now on
		log.Warn("data_dir LOCK: pid not written; sources import --config cannot signal a reload", slog.Any("error", err))
	}

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Listen, err)
	}
	srv, ln := httpServer(web.New(cfg, a.ix, a.arch, apiSrv.Handler(), log).Handler(), ln)
	log.Info("serving", slog.String("listen", ln.Addr().String()), slog.String("data_dir", cfg.DataDir), slog.Int("sources", len(srcs)), slog.Int("paused", len(paused)))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("stopping")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("shutdown", slog.Any("error", err))
	}
	return nil
}

// httpServer is the daemon's HTTP server for h, and the listener to serve
// it on: every error it answers, net/http's own refusals of a request it
// cannot parse included, is the API's JSON error (see api.JSONErrors).
// MaxHeaderBytes is net/http's hard cap; the documented header limit,
// lower, is the API's (431 in JSON either way).
func httpServer(h http.Handler, ln net.Listener) (*http.Server, net.Listener) {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	return srv, api.JSONErrors(srv, ln)
}
