package crawler

import (
	"errors"
	"fmt"

	"github.com/haberci/haberci/config"
)

// Errors of the scheduler's source changes; test with errors.Is.
var (
	// ErrUnknownSource is returned for an id the scheduler does not have.
	ErrUnknownSource = errors.New("crawler: unknown source")
	// ErrDuplicateSource is returned by Add for an id already scheduled.
	ErrDuplicateSource = errors.New("crawler: source already scheduled")
)

// ScheduleOption changes how Schedule starts.
type ScheduleOption func(*Scheduler)

// StartPaused schedules the sources with these ids paused: their pause
// outlived a restart. Ids not among the sources are ignored.
func StartPaused(ids ...string) ScheduleOption {
	return func(s *Scheduler) {
		for _, id := range ids {
			s.paused[id] = true
		}
	}
}

// Add schedules a source while the scheduler runs, such as one added over
// the API. Like Schedule, it runs the source at once when it was never
// fetched. It returns ErrDuplicateSource for an id already scheduled and
// ErrStopped after Stop.
func (s *Scheduler) Add(src config.Source) error {
	if s.isStopped() {
		return ErrStopped
	}
	fresh, err := s.enter(src)
	if err != nil {
		return err
	}
	if fresh {
		_ = s.spawn(src) // ErrStopped: Stop came in between; ErrRunning: a Run is under way
	}
	return nil
}

// Pause keeps cron from running the source until Resume; a run under way
// goes on, and Trigger still runs it on request.
func (s *Scheduler) Pause(id string) error { return s.setPaused(id, true) }

// Resume lets cron run a paused source again from its next tick.
func (s *Scheduler) Resume(id string) error { return s.setPaused(id, false) }

func (s *Scheduler) setPaused(id string, paused bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.srcs[id]; !ok {
		return fmt.Errorf("%w: %q", ErrUnknownSource, id)
	}
	if paused {
		s.paused[id] = true
	} else {
		delete(s.paused, id)
	}
	return nil
}

// Paused reports whether cron leaves the source alone (see Pause).
func (s *Scheduler) Paused(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused[id]
}

func (s *Scheduler) isStopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped
}
