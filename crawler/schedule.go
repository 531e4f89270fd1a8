package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/haberci/haberci/config"
)

// Scheduler runs each source on its cron schedule until stopped. Sources
// may be added, paused and resumed while it runs (see Add).
type Scheduler struct {
	c      *Crawler
	cron   *cron.Cron
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex // guards srcs, paused, stopped, and wg.Add against Stop
	srcs    map[string]config.Source
	entries map[string]cron.EntryID
	paused  map[string]bool
	stopped bool
	wg      sync.WaitGroup

	// Among several nodes (Crawler built WithCluster) the sources are
	// crawled by lease rather than by cron: see lease.go.
	held map[string]bool // sources this node holds a lease on; guarded by mu
	wake chan struct{}   // asks the lease loop to poll now
}

// Schedule adds one cron entry per source and starts them. Sources never
// fetched before run at once, unless paused. Runs stop when ctx ends or
// Stop is called.
//
// A crawler built WithCluster schedules by lease instead: each source's
// next due time is kept in the Coordinator (from its fetch state at start,
// from its schedule after each run), and the scheduler polls for due
// sources that no node holds, crawls those it leases and renews their
// leases while they run; see lease.go.
func (c *Crawler) Schedule(ctx context.Context, srcs []config.Source, opts ...ScheduleOption) (*Scheduler, error) {
	ctx, cancel := context.WithCancel(ctx)
	s := &Scheduler{c: c, ctx: ctx, cancel: cancel, srcs: map[string]config.Source{}, entries: map[string]cron.EntryID{}, paused: map[string]bool{},
		cron: cron.New(cron.WithParser(config.CronParser)), held: map[string]bool{}, wake: make(chan struct{}, 1)}
	for _, o := range opts {
		o(s)
	}
	var first []config.Source // never fetched: run at once, once all is set up
	for _, src := range srcs {
		fresh, err := s.enter(src)
		if err != nil {
			cancel()
			return nil, err
		}
		if fresh && !s.paused[src.ID] {
			first = append(first, src)
		}
	}
	for _, src := range first {
		_ = s.spawn(src) // fails only when a Run of this id is under way
	}
	if c.Revisits() {
		if _, err := s.cron.AddFunc(revisitEvery, s.revisit); err != nil {
			cancel()
			return nil, fmt.Errorf("crawler: schedule revisits: %w", err)
		}
	}
	if c.cluster != nil {
		s.wg.Add(1)
		go s.leaseLoop()
	}
	s.cron.Start()
	return s, nil
}

// enter gives src its cron entry and reports whether it was never fetched,
// so is to run at once. By lease, it records when src is due instead, and
// reports false: the lease loop runs it.
func (s *Scheduler) enter(src config.Source) (fresh bool, err error) {
	st, err := s.c.store.FetchState(s.ctx, src.ID)
	if err != nil {
		return false, fmt.Errorf("crawler: %s: fetch state: %w", src.ID, err)
	}
	if s.c.cluster != nil {
		return false, s.enterLeased(src, st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.srcs[src.ID]; dup {
		return false, fmt.Errorf("%w: %q", ErrDuplicateSource, src.ID)
	}
	entry, err := s.cron.AddFunc(src.Schedule, func() { s.scheduled(src) })
	if err != nil {
		return false, fmt.Errorf("crawler: %s: schedule %q: %w", src.ID, src.Schedule, err)
	}
	s.srcs[src.ID], s.entries[src.ID] = src, entry
	s.c.noteOutcome(src.ID, st.ConsecutiveFailures > 0)
	return st.LastFetchAt.IsZero(), nil
}

// scheduled is a cron tick: it honours a pause and the source's backoff.
func (s *Scheduler) scheduled(src config.Source) {
	if s.Paused(src.ID) {
		return
	}
	st, err := s.c.store.FetchState(s.ctx, src.ID)
	if err == nil && time.Now().Before(st.NextAllowedAt) {
		s.c.log.Info("crawl postponed by backoff", slog.String("source", src.ID), slog.Time("next_allowed_at", st.NextAllowedAt))
		return
	}
	if err := s.spawn(src); err != nil {
		s.c.log.Info("crawl skipped", slog.String("source", src.ID), slog.Any("reason", err))
	}
}

// Trigger runs a source now, outside its schedule and its backoff, paused
// or not: an operator's explicit request. It returns ErrRunning when the
// source already runs, ErrStopped after Stop and ErrUnknownSource for
// unknown ids. By lease, a source not paused here is made due now, and
// the first node to poll runs it (unless a node runs it already).
func (s *Scheduler) Trigger(id string) error {
	s.mu.Lock()
	src, ok := s.srcs[id]
	leased := s.c.cluster != nil && !s.paused[id]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownSource, id)
	}
	if leased {
		return s.triggerLeased(id)
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

// revisitEvery is how often the scheduler takes a batch of due revisits.
const revisitEvery = "@every 1m"

// revisit takes a batch of due revisits in the background, with the
// sources scheduled now (their private-address rules apply; the paused
// ones' pages are not fetched).
func (s *Scheduler) revisit() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	srcs := make([]config.Source, 0, len(s.srcs))
	var paused []string
	for _, src := range s.srcs {
		srcs = append(srcs, src)
		if s.paused[src.ID] {
			paused = append(paused, src.ID)
		}
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if _, err := s.c.Revisit(s.ctx, srcs, paused...); err != nil && s.ctx.Err() == nil {
			s.c.log.Error("revisit", slog.Any("error", err))
		}
	}()
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

// Failing returns the ids, sorted, of the scheduled sources whose last run
// failed (a run we cancelled is no failure): /healthz reports them.
func (s *Scheduler) Failing() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	var ids []string
	for id := range s.c.failing {
		if _, ok := s.srcs[id]; ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}
