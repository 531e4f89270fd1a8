package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/pgarchive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/sources"
	"github.com/haberci/haberci/watch"
	"github.com/haberci/haberci/web"
)

// store is the store of record as the commands use it: the SQLite archive
// in data_dir (*archive.Archive) or, with database: in the config, the
// PostgreSQL one (*pgarchive.Store). Each package it is handed to says
// what it needs; this is their union and what check reads on both.
type store interface {
	api.Store
	web.Store
	watch.MatchStore
	watch.Outbox
	crawler.Store
	crawler.RevisitStore
	index.Feeder
	SyncSources(ctx context.Context, srcs []archive.SourceInfo) error
	Integrity(ctx context.Context) ([]string, error)
	VerifyCaptures(ctx context.Context, bad func(archive.CaptureProblem)) (int64, error)
	ArticleIDs(ctx context.Context, n int, fn func(ids []string) error) error
	Count(ctx context.Context) (int64, error)
	Missing(ctx context.Context, ids []string) ([]string, error)
	Unsketched(ctx context.Context) (int64, error)
	Backfill(ctx context.Context) (archive.BackfillResult, error)
	MissingBands(ctx context.Context) ([]string, error)
	RepairBands(ctx context.Context, ids []string) error
	reader
}

// reader is what export reads from the store of record: articles in Seq
// order or by id, with their captures and where their WARC files are.
// Besides either store it is the SQLite archive's read-only Reader, which
// opens beside a running daemon (openReader).
type reader interface {
	Iterate(ctx context.Context, f archive.Filter, fn func(*article.Article, []article.Capture) error) error
	Get(ctx context.Context, id string) (*article.Article, []article.Capture, error)
	WARCPath(file string) string
	Close() error
}

// Both stores serve every command; the PostgreSQL one also coordinates
// the nodes sharing it.
var (
	_ store               = (*archive.Archive)(nil)
	_ store               = (*pgarchive.Store)(nil)
	_ crawler.Coordinator = (*pgarchive.Store)(nil)
	_ reader              = (*archive.Reader)(nil)
)

// crawlerOptions makes the crawler one node of several when the store
// coordinates nodes (PostgreSQL): sources are crawled by the node holding
// their lease (lease_ttl), requests to a host are spaced across the nodes,
// and each page is fetched by one node. reg finds sources another node's
// API added since this one loaded its own.
func crawlerOptions(cfg *config.Config, st store, reg *sources.Registry) []crawler.Option {
	co, ok := st.(crawler.Coordinator)
	if !ok {
		return nil
	}
	lookup := func(ctx context.Context, id string) (config.Source, error) {
		srcs, _, err := reg.Runnable(ctx)
		if err != nil {
			return config.Source{}, err
		}
		for _, s := range srcs {
			if s.ID == id {
				return s, nil
			}
		}
		return config.Source{}, fmt.Errorf("source %q: %w", id, archive.ErrNotFound)
	}
	return []crawler.Option{crawler.WithCluster(crawler.Cluster{Coordinator: co, Node: cfg.Node, LeaseTTL: cfg.LeaseTTL, Lookup: lookup})}
}

// openStore opens the config's store of record, with the same options on
// either: near window, revisits, WARC files in warc_dir (on PostgreSQL, in
// files of this node's own).
func openStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (store, error) {
	if cfg.Database == "" {
		ar, err := archive.Open(ctx, cfg.DataDir, archive.WithNearWindow(cfg.NearWindow), archive.WithWARCDir(cfg.WARC()),
			archive.WithLogger(log), archive.WithRevisitAfter(firstRevisit(cfg)))
		if err != nil {
			return nil, err // not a nil *Archive in a non-nil store
		}
		return ar, nil
	}
	pg, err := pgarchive.Open(ctx, cfg.Database, pgarchive.WithWARC(cfg.WARC(), cfg.Node),
		pgarchive.WithNearWindow(cfg.NearWindow), pgarchive.WithRevisitAfter(firstRevisit(cfg)))
	if err != nil {
		return nil, err
	}
	log.Info("archive: PostgreSQL", slog.String("database", redact(cfg.Database)), slog.String("node", cfg.Node),
		slog.String("warc_dir", cfg.WARC()))
	return pg, nil
}

// openReader opens the store of record for reading only, beside a daemon
// that owns data_dir: the SQLite archive's Reader, or on PostgreSQL a store
// that reads captures from warc_dir and takes no node's WARC lock.
func openReader(ctx context.Context, cfg *config.Config) (reader, error) {
	if cfg.Database == "" {
		r, err := archive.OpenReader(ctx, cfg.DataDir, archive.WithWARCDir(cfg.WARC()))
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	pg, err := pgarchive.Open(ctx, cfg.Database, pgarchive.WithWARCDir(cfg.WARC()))
	if err != nil {
		return nil, err
	}
	return pg, nil
}

// firstRevisit is when a new article's first revisit is due after it was
// first seen: crawl.revisit's first step, 0 (none) when it is empty.
func firstRevisit(cfg *config.Config) time.Duration {
	if len(cfg.Crawl.Revisit) == 0 {
		return 0
	}
	return cfg.Crawl.Revisit[0]
}

// redact drops the password from a database URL, for logs.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
