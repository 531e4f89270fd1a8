package config

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Limits on sources, one place for each: the config file, the API and the
// CLI all check through these, so a value refused in one is refused in all.
const (
	MaxIDLen   = 64   // characters of a source id (a slug)
	MaxNameLen = 200  // characters of a source name
	MaxURLLen  = 2048 // bytes of a source URL

	// DefaultMinScheduleInterval is min_schedule_interval's default: no
	// source runs more often than this.
	DefaultMinScheduleInterval = time.Minute
	// FloorScheduleInterval is the lowest min_schedule_interval allowed.
	FloorScheduleInterval = 10 * time.Second
	// DefaultMaxSources is max_sources's default: configured and run-time
	// sources together.
	DefaultMaxSources = 5000
)

// checkName accepts a non-empty name of at most MaxNameLen characters.
func checkName(s string) error {
	if err := checkNotEmpty(s); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > MaxNameLen {
		return fmt.Errorf("%d characters, at most %d allowed", n, MaxNameLen)
	}
	return nil
}

// CheckInterval refuses a schedule that runs more often than floor (zero:
// DefaultMinScheduleInterval). Cron specs are stepped through a week of
// runs; "@every" specs are their duration.
func CheckInterval(spec string, floor time.Duration) error {
	if floor <= 0 {
		floor = DefaultMinScheduleInterval
	}
	sched, err := CronParser.Parse(spec)
	if err != nil {
		return fmt.Errorf("bad cron spec %s: %s", Quote(spec), cut(err))
	}
	if gap := shortestGap(sched); gap < floor {
		return fmt.Errorf("%s runs every %v; the shortest interval allowed is %v (min_schedule_interval)", Quote(spec), gap, floor)
	}
	return nil
}

// shortestGap is the shortest time between two runs of sched over a week
// from a fixed start (at most 20,000 runs are looked at: a one-minute cron
// runs 10,080 times a week).
func shortestGap(sched interface{ Next(time.Time) time.Time }) time.Duration {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 0, 7)
	shortest := time.Duration(1<<63 - 1)
	prev := sched.Next(start)
	for i := 0; i < 20_000 && !prev.IsZero() && prev.Before(end); i++ {
		next := sched.Next(prev)
		if next.IsZero() {
			break
		}
		shortest = min(shortest, next.Sub(prev))
		prev = next
	}
	return shortest
}
