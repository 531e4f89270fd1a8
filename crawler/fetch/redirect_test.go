package fetch

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestGetRedirects(t *testing.T) {
	other := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("öteki sunucu"))
	}))
	log := &hitLog{}
	mux := http.NewServeMux()
	redirect := func(path, to string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) })
	}
	redirect("/moved", "/final")
	redirect("/moved-relative", "final")
	redirect("/elsewhere", other.URL+"/page")
	redirect("/a", "/b")
	redirect("/b", "/a")
	redirect("/self", "/self")
	redirect("/ftp", "ftp://example.org/file.xml")
	redirect("/to-private", "/private")
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/chain/"))
		http.Redirect(w, r, "/chain/"+strconv.Itoa(n+1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("son")) })
	mux.HandleFunc("/private", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("gizli")) })
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private\n"))
	})
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		mux.ServeHTTP(w, r)
	}))

	tests := map[string]struct {
		path     string
		robots   bool
		wantErr  error
		wantURL  string
		wantBody string
	}{
		"to a path":        {path: "/moved", wantURL: srv.URL + "/final", wantBody: "son"},
		"relative":         {path: "/moved-relative", wantURL: srv.URL + "/final", wantBody: "son"},
		"to another host":  {path: "/elsewhere", wantURL: other.URL + "/page", wantBody: "öteki sunucu"},
		"loop":             {path: "/a", wantErr: ErrRedirectLoop},
		"to itself":        {path: "/self", wantErr: ErrRedirectLoop},
		"to ftp":           {path: "/ftp", wantErr: ErrUnsupportedScheme},
		"too many":         {path: "/chain/0", wantErr: ErrTooManyRedirects},
		"robots on target": {path: "/to-private", robots: true, wantErr: ErrDisallowed},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			o := testOptions()
			o.MaxRedirects = 3
			o.Robots = tc.robots
			res, err := New(o).Get(context.Background(), Request{URL: srv.URL + tc.path})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("got error %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && (res.URL != tc.wantURL || string(res.Body) != tc.wantBody) {
				t.Errorf("got %s %q, want %s %q", res.URL, res.Body, tc.wantURL, tc.wantBody)
			}
		})
	}
	// The chain stopped after MaxRedirects hops, and robots kept /private unvisited.
	if n := log.count("/chain/4"); n != 0 {
		t.Errorf("followed the chain past MaxRedirects: /chain/4 seen %d times", n)
	}
	if n := log.count("/chain/3"); n != 1 {
		t.Errorf("/chain/3 seen %d times, want 1", n)
	}
	if n := log.count("/private"); n != 0 {
		t.Errorf("/private fetched %d times despite robots.txt", n)
	}
}
