package api

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/haberci/haberci/config"
)

const token = "s3cret"

// send makes one request to the fixture with the given headers.
func (f *fixture) send(t *testing.T, method, path string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	return request(t, http.DefaultClient, method, f.srv.URL+path, hdr)
}

// request makes one request with c and returns the answer and its body.
func request(t *testing.T, c *http.Client, method, url string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestRouteAccess(t *testing.T) {
	tests := map[string]struct {
		pattern string
		want    access
	}{
		"health":            {"GET /healthz", public},
		"metrics":           {"GET /metrics", reader},
		"read":              {"GET /api/v1/articles/{id}", reader},
		"head":              {"HEAD /api/v1/sources", reader},
		"post":              {"POST /api/v1/sources/{id}/crawl", writer},
		"delete":            {"DELETE /api/v1/sources/{id}", writer},
		"post on health":    {"POST /healthz", writer},
		"no method matches": {"/api/v1/sources/{id}/pause", writer},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := routeAccess(tc.pattern); got != tc.want {
				t.Errorf("routeAccess(%q) = %d, want %d", tc.pattern, got, tc.want)
			}
		})
	}
}

func TestPrivateReads(t *testing.T) {
	fixtures := map[bool]*fixture{
		true:  newFixtureConfig(t, func(c *config.Config) { c.APIToken, c.PrivateReads = token, true }, nil),
		false: newFixtureConfig(t, func(c *config.Config) { c.APIToken = token }, nil),
	}
	bearer := map[string]string{"Authorization": "Bearer " + token}
	tests := map[string]struct {
		private      bool
		method, path string
		hdr          map[string]string
		status       int
	}{
		"search, no token":        {true, "GET", "/api/v1/search?q=", nil, 401},
		"search, token":           {true, "GET", "/api/v1/search?q=", bearer, 200},
		"sources, wrong token":    {true, "GET", "/api/v1/sources", map[string]string{"Authorization": "Bearer nope"}, 401},
		"sources, basic auth":     {true, "GET", "/api/v1/sources", map[string]string{"Authorization": "Basic czNjcmV0"}, 401},
		"sources, HEAD no token":  {true, "HEAD", "/api/v1/sources", nil, 401},
		"article, no token":       {true, "GET", "/api/v1/articles/x", nil, 401},
		"coverage, token":         {true, "GET", "/api/v1/coverage", bearer, 200},
		"metrics, no token":       {true, "GET", "/metrics", nil, 401},
		"metrics, token":          {true, "GET", "/metrics", bearer, 200},
		"healthz stays open":      {true, "GET", "/healthz", nil, 200},
		"public search":           {false, "GET", "/api/v1/search?q=", nil, 200},
		"public metrics":          {false, "GET", "/metrics", nil, 200},
		"public: POST still shut": {false, "POST", "/api/v1/sources/ajans/crawl", nil, 401},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			resp, body := fixtures[tc.private].send(t, tc.method, tc.path, tc.hdr)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			guarded := tc.private && tc.path != "/healthz" || tc.method == "POST"
			if cc := resp.Header.Get("Cache-Control"); (cc == "no-store") != guarded {
				t.Errorf("Cache-Control %q on a guarded=%v answer", cc, guarded)
			}
			if tc.status != 401 {
				return
			}
			if resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			var e errorBody
			if tc.method != "HEAD" && (json.Unmarshal(body, &e) != nil || e.Error.Code != "unauthorized") {
				t.Errorf("401 body %s", body)
			}
		})
	}
}

// wildcard matches a path wildcard of a ServeMux pattern.
var wildcard = regexp.MustCompile(`\{[^}]*\}`)

func TestEveryStateChangingRouteNeedsToken(t *testing.T) {
	f := newFixture(t, token, nil)
	checked := 0
	for _, pattern := range f.api.patterns {
		method, path, ok := strings.Cut(pattern, " ")
		if !ok {
			method, path = http.MethodPost, pattern // matches every method
		}
		if method == http.MethodGet || method == http.MethodHead {
			continue
		}
		path = wildcard.ReplaceAllString(path, "ajans")
		checked++
		for name, auth := range map[string]string{"no token": "", "wrong token": "Bearer nope", "bare token": token} {
			t.Run(pattern+"/"+name, func(t *testing.T) {
				resp, body := f.send(t, method, path, map[string]string{"Authorization": auth})
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s %s: status %d, want 401: %s", method, path, resp.StatusCode, body)
				}
			})
		}
	}
	if checked == 0 {
		t.Fatalf("no state-changing route among %q", f.api.patterns)
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, token, nil)
	tests := map[string]struct {
		method, path string
		status       int
	}{
		"search":          {"GET", "/api/v1/search?q=", 200},
		"healthz":         {"GET", "/healthz", 200},
		"metrics":         {"GET", "/metrics", 200},
		"unknown path":    {"GET", "/api/v1/nothing", 404},
		"wrong method":    {"DELETE", "/api/v1/sources", 405},
		"unauthorized":    {"POST", "/api/v1/sources/ajans/crawl", 401},
		"bad request":     {"GET", "/api/v1/search?size=0", 400},
		"unknown article": {"GET", "/api/v1/articles/nope", 404},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			resp, body := f.send(t, tc.method, tc.path, nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
		})
	}
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	f := newFixture(t, "", nil)
	id := f.ids["ajans"]
	if err := f.arch.Close(); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"article":  "/api/v1/articles/" + id,
		"coverage": "/api/v1/articles/" + id + "/coverage",
		"sources":  "/api/v1/sources",
	} {
		t.Run(name, func(t *testing.T) {
			resp, body := f.send(t, "GET", path, nil)
			var e errorBody
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("status %d, body %s: %v", resp.StatusCode, body, err)
			}
			if resp.StatusCode != 500 || e.Error.Code != "internal" || e.Error.Message != "internal error" {
				t.Errorf("status %d, error %+v", resp.StatusCode, e.Error)
			}
			for _, leak := range []string{"sql", "closed", "database", "archive"} {
				if strings.Contains(strings.ToLower(string(body)), leak) {
					t.Errorf("body %s leaks %q", body, leak)
				}
			}
		})
	}
}
