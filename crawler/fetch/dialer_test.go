package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"testing"
)

func TestIsPublic(t *testing.T) {
	tests := map[string]bool{
		"127.0.0.1":             false,
		"10.1.2.3":              false,
		"172.16.0.1":            false,
		"192.168.1.10":          false,
		"169.254.169.254":       false, // cloud metadata
		"100.64.0.1":            false,
		"0.0.0.0":               false,
		"0.1.2.3":               false,
		"224.0.0.1":             false,
		"255.255.255.255":       false,
		"::1":                   false,
		"::":                    false,
		"fe80::1":               false,
		"fd00::1":               false,
		"::ffff:127.0.0.1":      false,
		"::ffff:10.0.0.1":       false,
		"8.8.8.8":               true,
		"185.60.216.35":         true,
		"2001:4860:4860::8888":  true,
		"::ffff:93.184.216.34":  true,
		"2a00:1450:4017:80c::e": true,
	}
	for addr, want := range tests {
		t.Run(addr, func(t *testing.T) {
			if got := isPublic(netip.MustParseAddr(addr)); got != want {
				t.Errorf("isPublic(%s) = %v, want %v", addr, got, want)
			}
		})
	}
}

func TestBlockPrivate(t *testing.T) {
	log := &hitLog{}
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { log.add(r) }))
	tests := map[string]Options{
		"page":                {BlockPrivate: true},
		"robots.txt first":    {BlockPrivate: true, Robots: true},
		"allowed when unset":  {},
		"allowed with robots": {Robots: true},
	}
	for name, o := range tests {
		t.Run(name, func(t *testing.T) {
			o.UserAgent, o.PerHostInterval = testAgent, -1
			_, err := New(o).Get(context.Background(), Request{URL: srv.URL + "/admin"})
			if o.BlockPrivate != errors.Is(err, ErrBlockedAddress) || !o.BlockPrivate && err != nil {
				t.Fatalf("BlockPrivate=%v: got %v", o.BlockPrivate, err)
			}
		})
	}
	if n := log.count("/admin"); n != 2 {
		t.Errorf("server saw /admin %d times, want 2 (only the unblocked clients)", n)
	}
}
