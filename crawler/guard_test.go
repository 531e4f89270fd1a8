package crawler

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// fakeResolver answers from its map; other names do not exist.
type fakeResolver map[string]string

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// withResolver gives c a client that resolves names through r.
func withResolver(c *Crawler, r fetch.Resolver) {
	o := c.clientOptions()
	o.Resolver = r
	c.client = fetch.New(o)
}

var testResolver = fakeResolver{"yerel.test": "127.0.0.1", "kamu.test": "203.0.113.7", "metadata.test": "169.254.169.254"}

// TestPrivateOnlyForPrivateSources: only a source whose own URL is on a
// private address (and that may be) reaches private addresses.
func TestPrivateOnlyForPrivateSources(t *testing.T) {
	c, _ := newCrawler(t)
	withResolver(c, testResolver)
	runtime := source("calisma", "feed", "http://127.0.0.1:8080/rss")
	runtime.Origin = config.OriginAPI
	for name, tc := range map[string]struct {
		src     config.Source
		blocked bool
	}{
		"config source on 127.0.0.1":         {source("yerel", "feed", "http://127.0.0.1:8080/rss"), false},
		"config source named onto 127.0.0.1": {source("yerel", "feed", "http://yerel.test:8080/rss"), false},
		"config source on a public name":     {source("kamu", "feed", "http://kamu.test/rss"), true},
		"config source on an unknown name":   {source("yok", "feed", "http://yok.test/rss"), true},
		"run-time source on 127.0.0.1":       {runtime, true},
	} {
		t.Run(name, func(t *testing.T) {
			if got := fetch.PrivateBlocked(c.fetchContext(t.Context(), tc.src)); got != tc.blocked {
				t.Errorf("private blocked %v, want %v", got, tc.blocked)
			}
		})
	}
}

// TestRedirectToMetadataRefused: a local source (which may reach private
// addresses) that redirects to the cloud metadata address, by name, is
// refused before anything is dialled; a name that does not resolve is a
// dns error.
func TestRedirectToMetadataRefused(t *testing.T) {
	s := newSite(t)
	s.handle("/rss", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://metadata.test/latest/meta-data/iam", http.StatusFound)
	})
	c, _ := newCrawler(t)
	withResolver(c, testResolver)
	sum, err := c.Run(t.Context(), source("yerel", "feed", s.URL+"/rss"))
	if err != nil || !strings.HasPrefix(sum.Error, "connect: ") || !strings.Contains(sum.Error, "address not allowed") {
		t.Errorf("redirect to metadata: %v, %q; want a refused connect", err, sum.Error)
	}
	sum, err = c.Run(t.Context(), source("yok", "feed", "http://yok.test/rss"))
	if err != nil || !strings.HasPrefix(sum.Error, "dns: ") {
		t.Errorf("unknown name: %v, %q; want a dns error", err, sum.Error)
	}
}
