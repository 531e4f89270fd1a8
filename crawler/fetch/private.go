package fetch

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// blockKey marks a context whose fetches refuse non-public addresses.
type blockKey struct{}

// WithPrivateBlocked returns a context under which the Client refuses
// loopback, private, link-local and other non-public addresses at dial
// time, as Options.BlockPrivate does for every request. Everything fetched
// under it is covered, robots.txt and each redirect hop included, and it
// still waits in the same per-host queue as the Client's other requests:
// one Client keeps one politeness queue per host whoever asks.
func WithPrivateBlocked(ctx context.Context) context.Context {
	return context.WithValue(ctx, blockKey{}, true)
}

// PrivateBlocked reports whether ctx came from WithPrivateBlocked.
func PrivateBlocked(ctx context.Context) bool {
	v, _ := ctx.Value(blockKey{}).(bool)
	return v
}

// httpFor picks the HTTP client for a request under ctx. The guarded one
// has a transport of its own, so it never reuses a connection the other
// opened to a private address.
func (c *Client) httpFor(ctx context.Context) *http.Client {
	if PrivateBlocked(ctx) {
		return c.guarded
	}
	return c.http
}

// IsPrivateHost reports whether a URL host (as url.URL.Hostname gives it)
// names a non-public address by itself: "localhost", a name under
// ".localhost", or a literal IP the dialer would refuse. Other names are
// only known after DNS, when the dialer checks them.
func IsPrivateHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && !isPublic(a.WithZone(""))
}

// OnPrivateAddress reports whether host is on a non-public address: named
// so by itself (IsPrivateHost), or every address it resolves to (through
// Options.Resolver) is non-public. A name that does not resolve is not.
func (c *Client) OnPrivateAddress(ctx context.Context, host string) bool {
	if IsPrivateHost(host) {
		return true
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	r := c.opts.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return false
	}
	for _, a := range addrs {
		if isPublic(a) {
			return false
		}
	}
	return true
}
