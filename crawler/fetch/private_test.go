package fetch

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestWithPrivateBlocked(t *testing.T) {
	log := &hitLog{}
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		if r.URL.Path == "/eski" {
			http.Redirect(w, r, "/admin", http.StatusFound)
		}
	}))
	tests := map[string]struct {
		path    string
		robots  bool
		blocked bool
	}{
		"page":                 {"/admin", false, true},
		"robots.txt first":     {"/admin", true, true},
		"page that redirects":  {"/eski", false, true},
		"same client, allowed": {"/admin", true, false},
		"allowed redirect":     {"/eski", false, false},
	}
	clients := map[bool]*Client{}
	for _, robots := range []bool{false, true} {
		o := testOptions()
		o.Robots = robots
		clients[robots] = New(o)
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if tc.blocked {
				ctx = WithPrivateBlocked(ctx)
			}
			res, err := clients[tc.robots].Get(ctx, Request{URL: srv.URL + tc.path})
			if tc.blocked != errors.Is(err, ErrBlockedAddress) || !tc.blocked && (err != nil || res.Status != 200) {
				t.Fatalf("blocked=%v: got %v", tc.blocked, err)
			}
		})
	}
	// Only the three allowed fetches reached the server: /admin twice, /eski once.
	if a, e := log.count("/admin"), log.count("/eski"); a != 2 || e != 1 {
		t.Errorf("server saw /admin %d and /eski %d times, want 2 and 1", a, e)
	}
}

func TestPrivateBlockedSharesTheHostQueue(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	c := New(testOptions())
	if !c.nextAllowed(srv.URL).IsZero() {
		t.Fatal("host known before any request")
	}
	_, err := c.Get(WithPrivateBlocked(context.Background()), Request{URL: srv.URL + "/"})
	if !errors.Is(err, ErrBlockedAddress) {
		t.Fatalf("got %v", err)
	}
	if c.nextAllowed(srv.URL).IsZero() {
		t.Error("the blocked request did not take its turn in the host's queue")
	}
	if PrivateBlocked(context.Background()) || !PrivateBlocked(WithPrivateBlocked(context.Background())) {
		t.Error("PrivateBlocked does not read the mark")
	}
}

func TestIsPrivateHost(t *testing.T) {
	tests := map[string]bool{
		"localhost":        true,
		"LOCALHOST.":       true,
		"api.localhost":    true,
		"127.0.0.1":        true,
		"127.1.2.3":        true,
		"10.0.0.5":         true,
		"192.168.1.1":      true,
		"169.254.169.254":  true,
		"::1":              true,
		"fe80::1%eth0":     true,
		"::ffff:127.0.0.1": true,
		"0.0.0.0":          true,
		"8.8.8.8":          false,
		"2001:4860::8888":  false,
		"www.aa.com.tr":    false,
		"localhost.com.tr": false,
		"mylocalhost":      false,
	}
	for host, want := range tests {
		t.Run(host, func(t *testing.T) {
			if got := IsPrivateHost(host); got != want {
				t.Errorf("IsPrivateHost(%q) = %v, want %v", host, got, want)
			}
		})
	}
}
