package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
)

// Scheduling by lease, for a crawler built WithCluster: the Coordinator
// keeps each source's next due time, and every node's lease loop polls for
// due sources that no live lease holds (ClaimDue), as many as it has free
// crawl slots. A leased source is crawled as a cron tick would crawl it;
// its lease is renewed every third of the TTL meanwhile, and the crawl is
// cancelled when the lease is lost. At the end Finish sets the next due
// time from the source's schedule and backoff. A node stopped mid-crawl
// hands its sources back due at once; one that dies stops renewing, and
// another node takes its sources once their leases expire.

// pollEvery is how often the lease loop looks for due sources: a sixth of
// the TTL (5 s at the default), so a due source waits at most that long
// when every node is idle.
func pollEvery(ttl time.Duration) time.Duration { return max(ttl/6, 10*time.Millisecond) }

// settleTimeout bounds the Coordinator calls that end a lease after the
// scheduler's context ended.
const settleTimeout = 5 * time.Second

// enterLeased records src as scheduled here and when it is due: at once
// when never fetched, else at its schedule's first time after its last
// fetch that its backoff allows (a time past is due now). Every node
// computes the same from the fetch state they share.
func (s *Scheduler) enterLeased(src config.Source, st article.FetchState) error {
	sched, err := config.CronParser.Parse(src.Schedule)
	if err != nil {
		return fmt.Errorf("crawler: %s: schedule %q: %w", src.ID, src.Schedule, err)
	}
	s.mu.Lock()
	if _, dup := s.srcs[src.ID]; dup {
		s.mu.Unlock()
		return fmt.Errorf("%w: %q", ErrDuplicateSource, src.ID)
	}
	s.srcs[src.ID] = src
	s.mu.Unlock()
	s.c.noteOutcome(src.ID, st.ConsecutiveFailures > 0)
	due := time.Now()
	if !st.LastFetchAt.IsZero() {
		due = nextDue(sched, st.LastFetchAt, st.NextAllowedAt)
	}
	if err := s.c.cluster.Coordinator.SetDue(s.ctx, src.ID, due); err != nil {
		s.mu.Lock()
		delete(s.srcs, src.ID)
		s.mu.Unlock()
		return fmt.Errorf("crawler: %s: set due: %w", src.ID, err)
	}
	if !due.After(time.Now()) {
		s.poke()
	}
	return nil
}

// nextDue is sched's first time after from not before allowed (the
// backoff's end): the first cron tick a local scheduler would not skip.
func nextDue(sched interface{ Next(time.Time) time.Time }, from, allowed time.Time) time.Time {
	next := sched.Next(from)
	for next.Before(allowed) && !next.IsZero() {
		next = sched.Next(next)
	}
	if next.IsZero() { // a spec that never fires again: look again in a day
		return from.Add(24 * time.Hour)
	}
	return next
}

// poke asks the lease loop to poll now.
func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// triggerLeased makes id due now, for whichever node polls first. While
// this node holds id's lease it returns ErrRunning: the lease's end would
// overwrite the due time (as it does when another node holds it).
func (s *Scheduler) triggerLeased(id string) error {
	s.mu.Lock()
	stopped, held := s.stopped, s.held[id]
	s.mu.Unlock()
	s.c.mu.Lock()
	running := s.c.running[id]
	s.c.mu.Unlock()
	switch {
	case stopped:
		return ErrStopped
	case held || running:
		return ErrRunning
	}
	if err := s.c.cluster.Coordinator.SetDue(s.ctx, id, time.Now()); err != nil {
		return fmt.Errorf("crawler: %s: set due: %w", id, err)
	}
	s.poke()
	return nil
}

// leaseLoop polls for due sources until the scheduler stops.
func (s *Scheduler) leaseLoop() {
	defer s.wg.Done()
	t := time.NewTicker(pollEvery(s.c.cluster.LeaseTTL))
	defer t.Stop()
	for {
		s.claimDue()
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// claimDue leases as many due sources as this node has free crawl slots
// and starts their crawls.
func (s *Scheduler) claimDue() {
	cl := s.c.cluster
	s.mu.Lock()
	free := cap(s.c.slots) - len(s.held)
	s.mu.Unlock()
	if free <= 0 || s.c.storageReady(s.ctx) != nil {
		return // a node whose archive cannot write leaves the sources to others
	}
	leases, err := cl.Coordinator.ClaimDue(s.ctx, cl.Node, cl.LeaseTTL, free)
	if err != nil {
		if s.ctx.Err() == nil {
			s.c.log.Warn("claim due sources", slog.Any("error", err))
		}
		return
	}
	for _, l := range leases {
		s.startLeased(l)
	}
}

// startLeased crawls a leased source in the background.
func (s *Scheduler) startLeased(l article.Lease) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		s.end(l.SourceID, l.Due)
		return
	}
	src, known := s.srcs[l.SourceID]
	s.held[l.SourceID] = true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			delete(s.held, l.SourceID)
			s.mu.Unlock()
		}()
		if !known {
			var ok bool
			if src, ok = s.lookup(l.SourceID); !ok {
				// Not ours to crawl (added on another node, or gone):
				// back to the node that knows it, a TTL later so that
				// this node does not take it at every poll.
				s.end(l.SourceID, time.Now().Add(s.c.cluster.LeaseTTL))
				return
			}
		}
		s.crawlLeased(src, l)
	}()
}

// lookup finds a source this node was not given, through Cluster.Lookup.
func (s *Scheduler) lookup(id string) (config.Source, bool) {
	if s.c.cluster.Lookup == nil {
		return config.Source{}, false
	}
	src, err := s.c.cluster.Lookup(s.ctx, id)
	if err != nil {
		s.c.log.Info("leased source not found here", slog.String("source", id), slog.Any("error", err))
		return config.Source{}, false
	}
	return src, true
}

// crawlLeased runs src under its lease, renewing it meanwhile, then ends
// the lease with the source's next due time.
func (s *Scheduler) crawlLeased(src config.Source, l article.Lease) {
	if !s.c.claim(src.ID) {
		// Running here already (a Run outside the scheduler): that run is
		// this due time's.
		s.finish(src, true, false)
		return
	}
	ctx, cancel := context.WithCancelCause(s.ctx)
	renewed := make(chan struct{})
	go func() { defer close(renewed); s.renew(ctx, cancel, src.ID) }()
	sum, err := s.c.run(ctx, src)
	s.c.release(src.ID)
	lost := context.Cause(ctx)
	cancel(nil)
	<-renewed
	if err != nil {
		s.c.log.Error("crawl", slog.String("source", src.ID), slog.Any("error", err))
	}
	switch {
	case errors.Is(lost, article.ErrLeaseLost):
		s.c.log.Warn("crawl stopped: lease lost", slog.String("source", src.ID), slog.Any("error", lost))
	case s.ctx.Err() != nil:
		// Stopping: the source is still due, for another node now.
		s.end(src.ID, l.Due)
	default:
		s.finish(src, false, sum.elsewhere > 0)
	}
}

// renew extends the lease on id every third of the TTL until ctx ends. It
// cancels ctx when the lease is lost, or when it could not be renewed for
// so long that it may have expired (the Coordinator unreachable).
func (s *Scheduler) renew(ctx context.Context, cancel context.CancelCauseFunc, id string) {
	cl := s.c.cluster
	every := cl.LeaseTTL / 3
	t := time.NewTicker(every)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		_, err := cl.Coordinator.Renew(ctx, cl.Node, id, cl.LeaseTTL)
		switch {
		case err == nil:
			last = time.Now()
		case ctx.Err() != nil:
			return
		case errors.Is(err, article.ErrLeaseLost):
			cancel(err)
			return
		case time.Since(last)+every >= cl.LeaseTTL:
			cancel(fmt.Errorf("%w: not renewed since %s: %w", article.ErrLeaseLost, last.Format(time.RFC3339), err))
			return
		default:
			s.c.log.Warn("renew lease", slog.String("source", id), slog.Any("error", err))
		}
	}
}

// finish ends the lease on src, due next at its schedule's next time that
// its backoff allows; when skipped, from now without reading the state;
// when soon (items another node claimed are not archived), a TTL from now
// at the latest, once such claims have expired.
func (s *Scheduler) finish(src config.Source, skipped, soon bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), settleTimeout)
	defer cancel()
	now := time.Now()
	var allowed time.Time
	if !skipped {
		st, err := s.c.store.FetchState(ctx, src.ID)
		if err != nil {
			s.c.log.Warn("finish lease: fetch state", slog.String("source", src.ID), slog.Any("error", err))
		}
		allowed = st.NextAllowedAt
		if now.Before(allowed) {
			s.c.log.Info("crawl postponed by backoff", slog.String("source", src.ID), slog.Time("next_allowed_at", allowed))
		}
	}
	next := now.Add(time.Hour) // a schedule that no longer parses: try again later
	if sched, err := config.CronParser.Parse(src.Schedule); err == nil {
		next = nextDue(sched, now, allowed)
	}
	if retry := now.Add(s.c.cluster.LeaseTTL); soon && next.After(retry) {
		next = retry
	}
	s.end(src.ID, next)
}

// end ends the lease on id, due next at next; a lease lost meanwhile is
// another node's now.
func (s *Scheduler) end(id string, next time.Time) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), settleTimeout)
	defer cancel()
	cl := s.c.cluster
	err := cl.Coordinator.Finish(ctx, cl.Node, id, next)
	switch {
	case errors.Is(err, article.ErrLeaseLost):
		s.c.log.Warn("finish lease: lost meanwhile", slog.String("source", id))
	case err != nil:
		s.c.log.Warn("finish lease", slog.String("source", id), slog.Any("error", err))
	}
}
