package crawler

import (
	"testing"
	"time"

	"github.com/haberci/haberci/config"
)

// TestNextDue: a leased source is next due at the first tick of its
// schedule that its backoff does not skip, as under cron.
func TestNextDue(t *testing.T) {
	from := time.Date(2026, 12, 7, 10, 20, 0, 0, time.UTC)
	tests := map[string]struct {
		spec    string
		allowed time.Time
		want    time.Time
	}{
		"interval":                    {"@every 1h", time.Time{}, from.Add(time.Hour)},
		"interval past a backoff":     {"@every 15m", from.Add(40 * time.Minute), from.Add(45 * time.Minute)},
		"cron":                        {"0 * * * *", time.Time{}, time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)},
		"cron past a backoff":         {"0 * * * *", time.Date(2026, 12, 7, 12, 30, 0, 0, time.UTC), time.Date(2026, 12, 7, 13, 0, 0, 0, time.UTC)},
		"backoff on a tick":           {"0 * * * *", time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)},
		"never again: a day from now": {"0 0 30 2 *", time.Time{}, from.Add(24 * time.Hour)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			sched, err := config.CronParser.Parse(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := nextDue(sched, from, tc.allowed); !got.Equal(tc.want) {
				t.Errorf("nextDue(%q) = %v, want %v", tc.spec, got, tc.want)
			}
		})
	}
}
