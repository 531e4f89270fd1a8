package crawler

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"

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

// Remove unschedules a source; a run under way finishes. It returns
// ErrUnknownSource for an id not scheduled.
func (s *Scheduler) Remove(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.srcs[id]; !ok {
		return fmt.Errorf("%w: %q", ErrUnknownSource, id)
	}
	if entry, ok := s.entries[id]; ok { // none by lease
		s.cron.Remove(entry)
	}
	delete(s.srcs, id)
	delete(s.entries, id)
	return nil
}

// Changes is what Replace did, by source id.
type Changes struct {
	Added, Removed, Changed []string
}

// Replace makes srcs the scheduled sources, as after a reload of the config
// file: sources no longer listed are removed, new ones added (and run at
// once when never fetched), changed ones rescheduled with their new
// settings. Runs under way finish with the settings they started with.
// Pauses are kept.
func (s *Scheduler) Replace(srcs []config.Source) (Changes, error) {
	s.mu.Lock()
	old := maps.Clone(s.srcs)
	s.mu.Unlock()
	var ch Changes
	var errs []error
	listed := make(map[string]bool, len(srcs))
	for _, src := range srcs {
		listed[src.ID] = true
		was, ok := old[src.ID]
		switch {
		case !ok:
			if err := s.Add(src); err != nil {
				errs = append(errs, err)
				continue
			}
			ch.Added = append(ch.Added, src.ID)
		case !reflect.DeepEqual(was, src):
			_ = s.Remove(src.ID)
			if _, err := s.enter(src); err != nil {
				errs = append(errs, err)
				continue
			}
			ch.Changed = append(ch.Changed, src.ID)
		}
	}
	for id := range old {
		if !listed[id] {
			_ = s.Remove(id)
			ch.Removed = append(ch.Removed, id)
		}
	}
	slices.Sort(ch.Removed)
	return ch, errors.Join(errs...)
}
