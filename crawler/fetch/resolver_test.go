package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"testing"
)

// fakeResolver answers from its map; other names do not exist. No test
// needs a real name or a real non-local address.
type fakeResolver map[string]string

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// TestDialerRefuses: the metadata addresses are refused to every request,
// by name or literally; other private addresses only under
// WithPrivateBlocked; nothing refused is ever dialled.
func TestDialerRefuses(t *testing.T) {
	log := &hitLog{}
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { log.add(r) }))
	port := srv.URL[len("http://127.0.0.1:"):]
	o := testOptions()
	o.Resolver = fakeResolver{"metadata.test": "169.254.169.254", "metadata6.test": "fd00:ec2::254", "yerel.test": "127.0.0.1"}
	c := New(o)
	tests := map[string]struct {
		url     string
		blocked bool // under WithPrivateBlocked
		refused bool
	}{
		"metadata by name":              {"http://metadata.test/latest/meta-data/", false, true},
		"metadata IPv6 by name":         {"http://metadata6.test/latest/meta-data/", false, true},
		"metadata literal":              {"http://169.254.169.254/latest/meta-data/", false, true},
		"metadata IPv6 literal":         {"http://[fd00:ec2::254]/latest/meta-data/", false, true},
		"a local name, allowed":         {"http://yerel.test:" + port + "/haber", false, false},
		"a local name, private blocked": {"http://yerel.test:" + port + "/haber", true, true},
		"a local literal, blocked":      {"http://127.0.0.1:" + port + "/haber", true, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if tc.blocked {
				ctx = WithPrivateBlocked(ctx)
			}
			_, err := c.Get(ctx, Request{URL: tc.url})
			if got := errors.Is(err, ErrBlockedAddress); got != tc.refused || !tc.refused && err != nil {
				t.Errorf("Get %s: %v; want refused %v", tc.url, err, tc.refused)
			}
		})
	}
	if n := log.count("/haber"); n != 1 {
		t.Errorf("the local site saw %d requests, want 1 (the allowed one)", n)
	}
}

// TestOnPrivateAddress: a source's own host is judged by its literal or
// every address its name resolves to.
func TestOnPrivateAddress(t *testing.T) {
	c := New(Options{Resolver: fakeResolver{"yerel.test": "10.1.2.3", "kamu.test": "203.0.113.7"}})
	for host, want := range map[string]bool{
		"127.0.0.1": true, "localhost": true, "yerel.test": true,
		"kamu.test": false, "203.0.113.7": false, "yok.test": false,
	} {
		u := &url.URL{Host: host}
		if got := c.OnPrivateAddress(context.Background(), u.Hostname()); got != want {
			t.Errorf("OnPrivateAddress(%s) = %v, want %v", host, got, want)
		}
	}
}
