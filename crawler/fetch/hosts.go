package fetch

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
)

// maxIdleGates bounds the politeness table: past it, gates that nobody
// holds and whose next turn has come are dropped (they carry no state that
// matters any more; Allowed re-applies a Crawl-delay from its cache).
const maxIdleGates = 4096

// hostGates serialises and spaces requests per host:port.
type hostGates struct {
	mu       sync.Mutex
	interval time.Duration // default spacing
	gates    map[string]*gate
}

// gate is one host:port's queue.
type gate struct {
	slot     chan struct{} // holds a token while a request is in flight
	refs     int           // callers holding or waiting; guarded by hostGates.mu
	next     time.Time     // earliest start of the next request: previous end + interval; guarded by hostGates.mu
	interval time.Duration // guarded by hostGates.mu
}

func newHostGates(interval time.Duration) *hostGates {
	return &hostGates{interval: interval, gates: make(map[string]*gate)}
}

// hostKey is a URL's politeness key: lower-case host and explicit port.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// get returns key's gate, creating it; the caller must call put when done.
func (h *hostGates) get(key string) *gate {
	h.mu.Lock()
	defer h.mu.Unlock()
	g := h.gates[key]
	if g == nil {
		if len(h.gates) >= maxIdleGates {
			h.pruneLocked(time.Now())
		}
		g = &gate{slot: make(chan struct{}, 1), interval: h.interval}
		h.gates[key] = g
	}
	g.refs++
	return g
}

func (h *hostGates) put(g *gate) {
	h.mu.Lock()
	g.refs--
	h.mu.Unlock()
}

func (h *hostGates) pruneLocked(now time.Time) {
	for k, g := range h.gates {
		if g.refs == 0 && !g.next.After(now) {
			delete(h.gates, k)
		}
	}
}

// acquire waits until key's host is free and its interval has passed since
// the previous response ended, or ctx ends. On success the returned func
// must be called when the response body is done.
func (h *hostGates) acquire(ctx context.Context, key string) (release func(), err error) {
	g := h.get(key)
	select {
	case g.slot <- struct{}{}:
	case <-ctx.Done():
		h.put(g)
		return nil, ctx.Err()
	}
	for {
		h.mu.Lock()
		now := time.Now()
		wait := g.next.Sub(now)
		if wait <= 0 {
			h.mu.Unlock()
			break
		}
		h.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-t.C:
			// Loop: a Retry-After may have moved next meanwhile.
		case <-ctx.Done():
			t.Stop()
			<-g.slot
			h.put(g)
			return nil, ctx.Err()
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			// Spacing runs from the end of the response, as the server
			// sees it: a slow answer does not shorten the pause after it.
			h.mu.Lock()
			if end := time.Now().Add(g.interval); end.After(g.next) {
				g.next = end
			}
			h.mu.Unlock()
			<-g.slot
			h.put(g)
		})
	}, nil
}

// delay pushes key's next allowed start to at least until.
func (h *hostGates) delay(key string, until time.Time) {
	g := h.get(key)
	defer h.put(g)
	h.mu.Lock()
	defer h.mu.Unlock()
	if until.After(g.next) {
		g.next = until
	}
}

// setInterval sets key's spacing to d, or back to the default when d is smaller.
func (h *hostGates) setInterval(key string, d time.Duration) {
	g := h.get(key)
	defer h.put(g)
	h.mu.Lock()
	defer h.mu.Unlock()
	g.interval = max(d, h.interval)
}

// spacing is key's interval: the default, or its robots.txt Crawl-delay.
func (h *hostGates) spacing(key string) time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	if g := h.gates[key]; g != nil {
		return g.interval
	}
	return h.interval
}

// nextAllowed reports key's earliest next start; zero when unknown.
func (h *hostGates) nextAllowed(key string) time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	if g := h.gates[key]; g != nil {
		return g.next
	}
	return time.Time{}
}

// nextAllowed reports the earliest time a new request to rawURL's host:port
// may start (its interval or a Retry-After); zero when the host is unknown
// or the URL does not parse.
func (c *Client) nextAllowed(rawURL string) time.Time {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return time.Time{}
	}
	return c.hosts.nextAllowed(hostKey(u))
}
