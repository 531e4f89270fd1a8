package fetch

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"time"
)

// maxRobots is the cache size past which expired entries are dropped.
const maxRobots = 4096

// robotsCache holds one policy per scheme://host:port; concurrent callers
// share one fetch.
type robotsCache struct {
	mu      sync.Mutex
	entries map[string]*robotsEntry
}

type robotsEntry struct {
	ready   chan struct{} // closed when the fields below are set
	policy  robotsPolicy
	expires time.Time
	failed  bool // the fetcher gave up (its context ended): wait again
}

func newRobotsCache() *robotsCache {
	return &robotsCache{entries: make(map[string]*robotsEntry)}
}

// Allowed reports whether robots.txt of the URL's host lets our user agent
// fetch it. Policies are cached per scheme+host+port for an hour. A 4xx
// robots.txt allows everything; a 5xx, 429 or unreachable one disallows the
// host for ten minutes. A Crawl-delay larger than PerHostInterval becomes
// the host's interval. Errors are for a bad URL, an ended ctx or a blocked
// address, never for the host's own failures.
func (c *Client) Allowed(ctx context.Context, rawURL string) (bool, error) {
	u, err := parseTarget(rawURL)
	if err != nil {
		return false, err
	}
	p, err := c.robotsPolicy(ctx, u)
	if err != nil {
		return false, err
	}
	return p.allows(robotsPath(u)), nil
}

// mustAllow is Allowed for Get: ErrDisallowed, wrapped, when robots forbid
// u; the network error, wrapped, when robots.txt could not be reached.
func (c *Client) mustAllow(ctx context.Context, u *url.URL) error {
	p, err := c.robotsPolicy(ctx, u)
	if err != nil {
		return err
	}
	if p.err != nil {
		// Not a robots block: the host cannot be reached (DNS, refused,
		// timeout…), and the caller should say so.
		return fmt.Errorf("fetch: robots.txt for %s unreachable: %w", u.Host, p.err)
	}
	if !p.allows(robotsPath(u)) {
		if p.why != "" {
			return fmt.Errorf("%w: %s (%s)", ErrDisallowed, u, p.why)
		}
		return fmt.Errorf("%w: %s", ErrDisallowed, u)
	}
	return nil
}

func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return normalizeRobotsPath(p)
}

// robotsPolicy returns u's host policy from the cache or fetches it, and
// applies its Crawl-delay to the host.
func (c *Client) robotsPolicy(ctx context.Context, u *url.URL) (robotsPolicy, error) {
	key := u.Scheme + "://" + hostKey(u)
	rc := c.robots
	for {
		now := time.Now()
		rc.mu.Lock()
		e := rc.entries[key]
		if e != nil && isClosed(e.ready) && now.After(e.expires) {
			e = nil
		}
		if e == nil {
			if len(rc.entries) >= maxRobots {
				rc.pruneLocked(now)
			}
			e = &robotsEntry{ready: make(chan struct{})}
			rc.entries[key] = e
			rc.mu.Unlock()
			p, ttl, err := c.fetchRobots(ctx, u)
			rc.mu.Lock()
			if err != nil {
				e.failed = true
				delete(rc.entries, key)
			} else {
				e.policy, e.expires = p, time.Now().Add(ttl)
			}
			close(e.ready)
			rc.mu.Unlock()
			if err != nil {
				return robotsPolicy{}, err
			}
			c.hosts.setInterval(hostKey(u), p.delay)
			return p, nil
		}
		rc.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return robotsPolicy{}, fmt.Errorf("fetch: robots.txt for %s: %w", key, ctx.Err())
		}
		if !e.failed {
			// Re-applied on every use: the host's gate may have been pruned.
			c.hosts.setInterval(hostKey(u), e.policy.delay)
			return e.policy, nil
		}
	}
}

func (rc *robotsCache) pruneLocked(now time.Time) {
	for k, e := range rc.entries {
		if isClosed(e.ready) && now.After(e.expires) {
			delete(rc.entries, k)
		}
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
