package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHandler sends random methods, paths, query strings and bodies to the
// whole handler on a real archive and index: never a 500, never a panic.
func FuzzHandler(f *testing.F) {
	fx := newFixture(f, "", nil)
	h := fx.api.Handler()
	methods := []string{"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "BREW"}
	for _, seed := range []struct {
		m               uint8
		path, query, bd string
	}{
		{0, "/api/v1/search", "q=zab%C4%B1ta%2050%", ""},
		{0, "/api/v1/search", "q=date:9999&from=0000-01-01", ""},
		{0, "/api/v1/search", "page=10000&size=20&sort=oldest", ""},
		{0, "/api/v1/coverage", "format=csv&source=ajans&agency=İHA", ""},
		{0, "/api/v1/articles/" + fx.ids["ajans"] + "/coverage", "format=csv", ""},
		{0, "/api/v1/articles/x/similar", "size=-1", ""},
		{1, "/api/v1/sources", "", `{"type":"feed","url":"http://0x7f.1/","schedule":"@every 1ms"}`},
		{1, "/api/v1/sources", "", `{"type":"html","url":"https://a.example/","links":"a[","extract":{"remove":[1,{}]}}`},
		{2, "/api/v1/sources/ajans", "", `{"name":null}`},
		{3, "/api/v1/sources/yok", "", ""},
		{1, "/api/v1/sources/ajans/pause", "", ""},
		{0, "/healthz", "", ""},
		{6, "/api/v1/search", "", ""},
	} {
		f.Add(seed.m, seed.path, seed.query, seed.bd)
	}
	f.Fuzz(func(t *testing.T, m uint8, path, query, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req := &http.Request{Method: methods[int(m)%len(methods)], URL: &url.URL{Path: path, RawQuery: query},
			Header: http.Header{"Content-Type": {"application/json"}, "Origin": {"https://example.org"}},
			Body:   http.NoBody, Host: "127.0.0.1", RequestURI: path}
		if body != "" {
			req.Body = httpBody(body)
		}
		req = req.WithContext(t.Context())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s %s?%s %q: %d %s", req.Method, path, query, body, rec.Code, rec.Body)
		}
	})
}

func httpBody(s string) *readCloser { return &readCloser{strings.NewReader(s)} }

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }
