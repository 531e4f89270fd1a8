package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// robotsMaxRedirects is how many redirects a robots.txt fetch follows (RFC 9309 asks for at least five).
const robotsMaxRedirects = 5

// parseTarget parses an absolute http(s) URL and drops its fragment.
func parseTarget(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %q", ErrUnsupportedScheme, raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("fetch: %q has no host", raw)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// follow GETs u and follows up to maxHops redirects itself, so every hop
// waits its host's turn and, when checkRobots, passes robots.txt; ready
// (when not nil) is the first hop's Request.Ready. It returns the final
// response, whose body the caller must close, and when that request
// started.
func (c *Client) follow(ctx context.Context, u *url.URL, header http.Header, maxHops int, checkRobots bool, ready func(context.Context) error) (*http.Response, time.Time, error) {
	seen := make(map[string]bool)
	for hops := 0; ; hops++ {
		seen[u.String()] = true
		if checkRobots {
			if err := c.mustAllow(ctx, u); err != nil {
				return nil, time.Time{}, err
			}
		}
		resp, started, err := c.exchange(ctx, u, header, ready)
		ready = nil // the first hop's only
		if err != nil {
			return nil, time.Time{}, err
		}
		loc := resp.Header.Get("Location")
		if !isRedirect(resp.StatusCode) || loc == "" {
			return resp, started, nil
		}
		// Read a little (kept for the archive) so the connection can be
		// reused, then free the host.
		hop, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
		c.hop(ctx, resp, started, hop)

		next, err := u.Parse(loc)
		switch {
		case err != nil:
			return nil, time.Time{}, fmt.Errorf("fetch: GET %s: bad Location %q: %w", u, loc, err)
		case next.Scheme != "http" && next.Scheme != "https":
			return nil, time.Time{}, fmt.Errorf("%w: %s redirects to %q", ErrUnsupportedScheme, u, loc)
		case next.Host == "":
			return nil, time.Time{}, fmt.Errorf("fetch: GET %s: redirect to %q has no host", u, loc)
		}
		next.Fragment, next.RawFragment = "", ""
		switch {
		case hops >= maxHops:
			return nil, time.Time{}, fmt.Errorf("%w: %s after %d", ErrTooManyRedirects, u, hops)
		case seen[next.String()]:
			return nil, time.Time{}, fmt.Errorf("%w: %s → %s", ErrRedirectLoop, u, next)
		}
		u = next
	}
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// hop hands a response Get does not return to Options.OnHop.
func (c *Client) hop(ctx context.Context, resp *http.Response, started time.Time, payload []byte) {
	if c.opts.OnHop != nil {
		c.opts.OnHop(ctx, rawResponse(resp, started, payload))
	}
}
