package crawler

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/crawler/fetch"
)

func TestBackoff(t *testing.T) {
	tests := map[string]struct {
		n    int
		want time.Duration // before jitter
	}{
		"first failure":      {1, time.Minute},
		"second failure":     {2, 2 * time.Minute},
		"fifth failure":      {5, 16 * time.Minute},
		"ninth failure":      {9, 256 * time.Minute},
		"tenth: capped":      {10, 6 * time.Hour},
		"hundredth":          {100, 6 * time.Hour},
		"zero counts as one": {0, time.Minute},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			lo, hi := tc.want*8/10, tc.want*12/10
			seen := map[time.Duration]bool{}
			for range 200 {
				d := backoff(tc.n)
				if d < lo || d > hi {
					t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tc.n, d, lo, hi)
				}
				seen[d] = true
			}
			if len(seen) < 2 {
				t.Errorf("backoff(%d) gave %d distinct values in 200 calls: no jitter", tc.n, len(seen))
			}
		})
	}
	// Jitter never lets a later failure wait less than an earlier one.
	for n := 1; n < 9; n++ {
		if next, prev := backoff(n+1), backoff(n); next <= prev {
			t.Errorf("backoff(%d) = %v <= backoff(%d) = %v", n+1, next, n, prev)
		}
	}
}

func TestRecordOutcome(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("TRT", 3*3600))
	statusErr := func(code int, retry time.Duration) error {
		return &fetch.StatusError{URL: "http://127.0.0.1/feed", Code: code, RetryAfter: retry}
	}
	tests := map[string]struct {
		before         article.FetchState
		status         int
		err            error
		wantStatus     int
		wantFailures   int
		class          string        // last_error's prefix
		waitLo, waitHi time.Duration // next_allowed_at - now; both 0: zero time
	}{
		"success clears failures": {
			before: article.FetchState{ConsecutiveFailures: 3, LastError: "eski", NextAllowedAt: now.Add(time.Hour)},
			status: 200, wantStatus: 200,
		},
		"not modified is a success": {status: 304, wantStatus: 304},
		"first failure": {
			status: 200, err: parseError{errors.New("crawler: not a feed")}, class: "parse", wantStatus: 200, wantFailures: 1,
			waitLo: 48 * time.Second, waitHi: 72 * time.Second,
		},
		"fourth failure": {
			before: article.FetchState{ConsecutiveFailures: 3}, status: 200, err: errors.New("x"), class: "http",
			wantStatus: 200, wantFailures: 4, waitLo: 8 * time.Minute * 8 / 10, waitHi: 8 * time.Minute * 12 / 10,
		},
		"status error sets last_status": {
			err: fmt.Errorf("crawler: %w", statusErr(500, 0)), class: "http", wantStatus: 500, wantFailures: 1,
			waitLo: 48 * time.Second, waitHi: 72 * time.Second,
		},
		"a run we cancelled is no failure": {
			err: fmt.Errorf("crawler: %w", context.Canceled), class: "canceled", wantStatus: 0, wantFailures: 0,
		},
		"retry-after beyond the backoff wins": {
			err: statusErr(429, 2*time.Hour), class: "http", wantStatus: 429, wantFailures: 1, waitLo: 2 * time.Hour, waitHi: 2 * time.Hour,
		},
		"backoff beyond the retry-after wins": {
			before: article.FetchState{ConsecutiveFailures: 5}, err: statusErr(503, 10*time.Second), class: "http",
			wantStatus: 503, wantFailures: 6, waitLo: 32 * time.Minute * 8 / 10, waitHi: 32 * time.Minute * 12 / 10,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			st := tc.before
			st.SourceID = "kaynak"
			recordOutcome(&st, tc.status, tc.err, now)
			if st.SourceID != "kaynak" || !st.LastFetchAt.Equal(now) || st.LastFetchAt.Location() != time.UTC {
				t.Errorf("id %q, last_fetch_at %v; want kaynak, %v in UTC", st.SourceID, st.LastFetchAt, now.UTC())
			}
			if st.LastStatus != tc.wantStatus || st.ConsecutiveFailures != tc.wantFailures {
				t.Errorf("last_status %d, failures %d; want %d, %d", st.LastStatus, st.ConsecutiveFailures, tc.wantStatus, tc.wantFailures)
			}
			wantErr := ""
			if tc.err != nil {
				wantErr = tc.class + ": " + tc.err.Error()
			}
			if st.LastError != wantErr {
				t.Errorf("last_error %q, want %q", st.LastError, wantErr)
			}
			if tc.waitHi == 0 {
				if !st.NextAllowedAt.IsZero() {
					t.Errorf("next_allowed_at %v, want none", st.NextAllowedAt)
				}
				return
			}
			if wait := st.NextAllowedAt.Sub(now); wait < tc.waitLo || wait > tc.waitHi || st.NextAllowedAt.Location() != time.UTC {
				t.Errorf("next_allowed_at %v (now + %v), want now + [%v, %v] in UTC", st.NextAllowedAt, wait, tc.waitLo, tc.waitHi)
			}
		})
	}
}
