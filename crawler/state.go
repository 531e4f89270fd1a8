package crawler

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/crawler/fetch"
)

// Backoff after consecutive failures: base doubled per failure, capped, with
// ±20 % jitter so that sources failing together do not retry together.
const (
	backoffBase = time.Minute
	backoffMax  = 6 * time.Hour
)

// recordOutcome updates a source's fetch state after a run ending in err.
func recordOutcome(st *article.FetchState, status int, err error, now time.Time) {
	st.LastFetchAt = now.UTC()
	st.LastStatus = status
	if err == nil {
		st.LastError = ""
		st.ConsecutiveFailures = 0
		st.NextAllowedAt = time.Time{}
		return
	}
	st.LastError = classified(err)
	if errors.Is(err, context.Canceled) {
		// We stopped the run (shutdown): not the site's failure, no backoff.
		return
	}
	st.ConsecutiveFailures++
	wait := backoff(st.ConsecutiveFailures)
	var se *fetch.StatusError
	if errors.As(err, &se) {
		st.LastStatus = se.Code
		wait = max(wait, se.RetryAfter)
	}
	st.NextAllowedAt = now.Add(wait).UTC()
}

// backoff is the wait after n consecutive failures (n >= 1).
func backoff(n int) time.Duration {
	d := backoffBase
	for i := 1; i < n && d < backoffMax; i++ {
		d *= 2
	}
	d = min(d, backoffMax)
	jitter := time.Duration((rand.Float64()*0.4 - 0.2) * float64(d))
	return d + jitter
}
