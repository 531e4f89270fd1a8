package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors. Get wraps them, so test with errors.Is.
var (
	// ErrDisallowed means robots.txt forbids the URL, or the host answered
	// robots.txt with a 5xx or 429. (An unreachable robots.txt gives the
	// network error instead.)
	ErrDisallowed = errors.New("fetch: disallowed by robots.txt")
	// ErrTooLarge means the decoded payload exceeded Options.MaxBodyBytes.
	ErrTooLarge = errors.New("fetch: body exceeds limit")
	// ErrBlockedAddress means the dialer refused a loopback, private,
	// link-local or otherwise non-public address (Options.BlockPrivate).
	ErrBlockedAddress = errors.New("fetch: address not allowed")
	// ErrUnsupportedScheme means a URL or redirect target is not http or https.
	ErrUnsupportedScheme = errors.New("fetch: only http and https URLs are fetched")
	// ErrTooManyRedirects means the redirect chain exceeded Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	// ErrRedirectLoop means a redirect pointed back to a URL already visited.
	ErrRedirectLoop = errors.New("fetch: redirect loop")
	// ErrContentEncoding means the server used a content coding we did not
	// ask for and cannot undo (we only ask for gzip).
	ErrContentEncoding = errors.New("fetch: unsupported Content-Encoding")
)

// maxRetryAfter caps how far one response can push a host's next request.
const maxRetryAfter = time.Hour

// StatusError reports a final response status that is neither 2xx nor 304.
type StatusError struct {
	URL  string
	Code int
	// RetryAfter is the server's Retry-After on a 429 or 503, capped at
	// one hour; zero when absent.
	RetryAfter time.Duration
}

// Error returns e.g. "fetch: GET https://example.org/: 500 Internal Server Error".
func (e *StatusError) Error() string {
	return strings.TrimSpace(fmt.Sprintf("fetch: GET %s: %d %s", e.URL, e.Code, http.StatusText(e.Code)))
}

// retryAfter reads a Retry-After value, either delay-seconds or an HTTP
// date, relative to now. Absent, invalid or past values give 0.
func retryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(value); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}
