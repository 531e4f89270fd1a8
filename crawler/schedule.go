package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/haberci/haberci/config"
)

// Scheduler runs each source on its cron schedule until stopped.
type Scheduler struct {
	c      *Crawler
	cron   *cron.Cron
	ctx    context.Context
	cancel context.CancelFunc
	srcs   map[string]config.Source

	mu      sync.Mutex // guards stopped and wg.Add against Stop
	stopped bool
	wg      sync.WaitGroup
}

// Schedule adds one cron entry per source and starts them. Sources never
// fetched before run at once. Runs stop when ctx ends or Stop is called.
func (c *Crawler) Schedule(ctx context.Context, srcs []config.Source) (*Scheduler, error) {
	ctx, cancel := context.WithCancel(ctx)
	s := &Scheduler{c: c, ctx: ctx, cancel: cancel, srcs: map[string]config.Source{},
		cron: cron.New(cron.WithParser(config.CronParser))}
	var first []config.Source // never fetched: run at once, once all is set up
	for _, src := range srcs {
		s.srcs[src.ID] = src
		if _, err := s.cron.AddFunc(src.Schedule, func() { s.scheduled(src) }); err != nil {
			cancel()
			return nil, fmt.Errorf("crawler: %s: schedule %q: %w", src.ID, src.Schedule, err)
		}
		st, err := c.store.FetchState(ctx, src.ID)
		if err != nil {
			cancel()
			return nil, fmt.Errorf("crawler: %s: fetch state: %w", src.ID, err)
		}
		if st.LastFetchAt.IsZero() {
			first = append(first, src)
		}
	}
	for _, src := range first {
		_ = s.spawn(src) // fails only when a Run of this id is under way
	}
	s.cron.Start()
	return s, nil
}

// scheduled is a cron tick: it honours the source's backoff.
func (s *Scheduler) scheduled(src config.Source) {
	st, err := s.c.store.FetchState(s.ctx, src.ID)
	if err == nil && time.Now().Before(st.NextAllowedAt) {
		s.c.log.Info("crawl postponed by backoff", slog.String("source", src.ID), slog.Time("next_allowed_at", st.NextAllowedAt))
		return
	}
	if err := s.spawn(src); err != nil {
		s.c.log.Info("crawl skipped", slog.String("source", src.ID), slog.Any("reason", err))
	}
}

// Trigger runs a source now, outside its schedule and its backoff. It returns
// ErrRunning when the source already runs, ErrStopped after Stop and an error
// for unknown ids.
func (s *Scheduler) Trigger(id string) error {
	src, ok := s.srcs[id]
	if !ok {
		return fmt.Errorf("crawler: unknown source %q", id)
	}
	return s.spawn(src)
}

// spawn claims src and runs it in the background. The claim is taken here,
// not in the goroutine, so that a second Trigger right after the first
// already sees the source running.
func (s *Scheduler) spawn(src config.Source) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return ErrStopped
	}
	if !s.c.claim(src.ID) {
		return ErrRunning
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.c.release(src.ID)
		if _, err := s.c.run(s.ctx, src); err != nil {
			s.c.log.Error("crawl", slog.String("source", src.ID), slog.Any("error", err))
		}
	}()
	return nil
}

// Stop stops the cron, cancels running crawls and waits for them to end.
func (s *Scheduler) Stop() {
	<-s.cron.Stop().Done()
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// StoragePaused returns the storage failure that pauses all crawling, or nil.
func (s *Scheduler) StoragePaused() error { return s.c.Paused() }
