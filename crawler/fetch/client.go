package fetch

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
)

// Defaults for zero Options fields.
const (
	DefaultTimeout         = 20 * time.Second
	DefaultMaxBodyBytes    = 10 << 20
	DefaultPerHostInterval = time.Second
	DefaultMaxRedirects    = 10
	DefaultUserAgent       = "Haberci/1.0"
)

// Options configure a Client. Zero fields take the defaults above.
type Options struct {
	UserAgent string
	// Timeout bounds each request, from sending it to the end of its body.
	// Waiting for the host's turn is not counted; the caller's context
	// bounds that.
	Timeout time.Duration
	// MaxBodyBytes caps the payload after decompression.
	MaxBodyBytes int64
	// PerHostInterval is the minimum pause between the end of a response
	// from one host:port and the start of the next request to it. Negative
	// means no spacing (one request in flight still).
	PerHostInterval time.Duration
	// Robots makes Get obey robots.txt, for the first URL and every redirect.
	Robots bool
	// BlockPrivate refuses loopback, private, link-local and other
	// non-public addresses at dial time, after DNS, so neither redirects
	// nor DNS rebinding reach them.
	BlockPrivate bool
	// MaxRedirects bounds a redirect chain. Negative means none are followed.
	MaxRedirects int
	// OnHop, when set, is called with each response a Get saw that is not
	// the one it returns: every redirect hop and every robots.txt fetch,
	// with the context of the Get that caused it, so that the caller may
	// archive them. It must not block for long.
	OnHop func(ctx context.Context, r article.Response)
	// Resolver looks host names up; nil means net.DefaultResolver. The
	// metadata addresses (169.254.169.254, fd00:ec2::254) are refused
	// whatever it answers.
	Resolver Resolver
	// HostSlots, when set, spaces request starts to each host:port across
	// every process sharing it (several nodes): each request, once the
	// host's turn has come in this client, also waits for the slot it
	// reserves there, and a Retry-After is passed on to it.
	HostSlots HostSlots
}

// HostSlots keeps per-host politeness across processes: the PostgreSQL
// archive's host slots implement it for several nodes.
type HostSlots interface {
	// ReserveHost reserves the next request start to host (host:port), at
	// least interval after the one reserved before it by anyone, and
	// returns the slot and how long to wait until it.
	ReserveHost(ctx context.Context, host string, interval time.Duration) (slot time.Time, wait time.Duration, err error)
	// DelayHost keeps everyone from starting a request to host before until.
	DelayHost(ctx context.Context, host string, until time.Time) error
}

// Client fetches URLs politely. It is safe for concurrent use; make one per
// process so that politeness and the connection pool are shared.
type Client struct {
	opts  Options
	agent string // robots.txt product token, lower case
	http  *http.Client
	// guarded is http with a dialer that refuses non-public addresses, for
	// requests under WithPrivateBlocked; it is http itself with BlockPrivate.
	guarded *http.Client
	hosts   *hostGates
	robots  *robotsCache
}

// New returns a Client with o's zero fields set to the defaults.
func New(o Options) *Client {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	switch {
	case o.PerHostInterval == 0:
		o.PerHostInterval = DefaultPerHostInterval
	case o.PerHostInterval < 0:
		o.PerHostInterval = 0
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = DefaultMaxRedirects
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	c := &Client{
		opts:   o,
		agent:  productToken(o.UserAgent),
		http:   newHTTPClient(o, o.BlockPrivate),
		hosts:  newHostGates(o.PerHostInterval),
		robots: newRobotsCache(),
	}
	c.guarded = c.http
	if !o.BlockPrivate {
		c.guarded = newHTTPClient(o, true)
	}
	return c
}

func newHTTPClient(o Options, blockPrivate bool) *http.Client {
	return &http.Client{
		Transport: newTransport(o, blockPrivate),
		// Get follows redirects itself, so that each hop goes through
		// robots.txt and the host's queue.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func newTransport(o Options, blockPrivate bool) *http.Transport {
	d := &dialer{net: net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second},
		resolver: o.Resolver, blockPrivate: blockPrivate}
	if d.resolver == nil {
		d.resolver = net.DefaultResolver
	}
	return &http.Transport{
		Proxy:                  nil, // never from the environment: local sites must stay local
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  o.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
		// We ask for gzip ourselves and decompress ourselves, so that the
		// body cap counts decompressed bytes.
		DisableCompression:  true,
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     90 * time.Second,
	}
}

// productToken is the user agent's name as robots.txt groups match it:
// "Haberci/1.0 (+https://…)" → "haberci".
func productToken(ua string) string {
	ua = strings.TrimSpace(ua)
	if i := strings.IndexAny(ua, "/ \t"); i >= 0 {
		ua = ua[:i]
	}
	return strings.ToLower(ua)
}
