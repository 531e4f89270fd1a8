package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

const (
	robotsTTL      = time.Hour        // how long a fetched robots.txt is trusted
	robotsErrorTTL = 10 * time.Minute // how long a failing host stays disallowed
	robotsMaxBytes = 500 << 10        // rules past this are ignored, as Google does
)

// fetchRobots fetches and reads u's robots.txt through the host's queue.
// An error means nothing should be cached: ctx ended or the address is
// blocked. Host failures become a deny-all policy with a short TTL.
func (c *Client) fetchRobots(ctx context.Context, u *url.URL) (robotsPolicy, time.Duration, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	h := http.Header{}
	h.Set("User-Agent", c.opts.UserAgent)
	h.Set("Accept-Encoding", "gzip")
	resp, started, err := c.follow(ctx, ru, h, robotsMaxRedirects, false, nil)
	switch {
	case err != nil && (ctx.Err() != nil || errors.Is(err, ErrBlockedAddress)):
		return robotsPolicy{}, 0, err
	case errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrRedirectLoop), errors.Is(err, ErrUnsupportedScheme):
		return robotsPolicy{}, robotsTTL, nil // unavailable, like a 4xx (RFC 9309 2.3.1.2)
	case err != nil:
		p := denyAll("robots.txt unreachable")
		p.err = err
		return p, robotsErrorTTL, nil
	}
	defer resp.Body.Close()
	switch code := resp.StatusCode; {
	case code >= 200 && code <= 299:
		body, err := readBody(resp, robotsMaxBytes)
		if err != nil && !errors.Is(err, ErrTooLarge) {
			// Cut off mid-body (a timeout, a reset): the host failed us,
			// as when unreachable.
			p := denyAll("robots.txt unreadable")
			p.err = err
			return p, robotsErrorTTL, nil
		}
		c.hop(ctx, resp, started, body)
		return parseRobots(body, c.agent), robotsTTL, nil
	case code == http.StatusTooManyRequests || code >= 500:
		c.hop(ctx, resp, started, readSome(resp))
		return denyAll(fmt.Sprintf("robots.txt answered %d", code)), robotsErrorTTL, nil
	default:
		c.hop(ctx, resp, started, readSome(resp))
		return robotsPolicy{}, robotsTTL, nil
	}
}

// readSome reads the start of a body we do not use, for the archive.
func readSome(resp *http.Response) []byte {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	return b
}
