package api

import (
	"strings"
	"testing"

	"github.com/haberci/haberci/config"
)

func TestCORS(t *testing.T) {
	const listed = "https://haber.example.org"
	fixtures := map[bool]*fixture{
		false: newFixture(t, token, nil),
		true: newFixtureConfig(t, func(c *config.Config) {
			c.APIToken, c.CORSOrigins = token, []string{"http://localhost:3000", listed}
		}, nil),
	}
	preflight := func(origin string) map[string]string {
		return map[string]string{"Origin": origin, "Access-Control-Request-Method": "POST",
			"Access-Control-Request-Headers": "authorization"}
	}
	tests := map[string]struct {
		configured   bool
		method, path string
		hdr          map[string]string
		status       int
		allowOrigin  string // "" means no Access-Control-Allow-Origin at all
		vary         bool
	}{
		"not configured, GET":        {false, "GET", "/api/v1/sources", map[string]string{"Origin": listed}, 200, "", false},
		"not configured, preflight":  {false, "OPTIONS", "/api/v1/sources/ajans/crawl", preflight(listed), 405, "", false},
		"listed origin, GET":         {true, "GET", "/api/v1/sources", map[string]string{"Origin": listed}, 200, listed, true},
		"listed origin, preflight":   {true, "OPTIONS", "/api/v1/sources/ajans/crawl", preflight(listed), 204, listed, true},
		"listed origin, 401 visible": {true, "POST", "/api/v1/sources/ajans/crawl", map[string]string{"Origin": listed}, 401, listed, true},
		"other origin, GET":          {true, "GET", "/api/v1/sources", map[string]string{"Origin": "https://evil.example"}, 200, "", true},
		"other origin, preflight":    {true, "OPTIONS", "/api/v1/sources/ajans/crawl", preflight("https://evil.example"), 405, "", true},
		"lookalike origin":           {true, "GET", "/api/v1/sources", map[string]string{"Origin": listed + ".evil.example"}, 200, "", true},
		"case differs":               {true, "GET", "/api/v1/sources", map[string]string{"Origin": "https://Haber.example.org"}, 200, "", true},
		"no Origin header":           {true, "GET", "/api/v1/sources", nil, 200, "", true},
		"healthz: no CORS":           {true, "GET", "/healthz", map[string]string{"Origin": listed}, 200, "", false},
		"metrics: no CORS":           {true, "GET", "/metrics", map[string]string{"Origin": listed}, 200, "", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			resp, body := fixtures[tc.configured].send(t, tc.method, tc.path, tc.hdr)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			h := resp.Header
			if got := h.Get("Access-Control-Allow-Origin"); got != tc.allowOrigin {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tc.allowOrigin)
			}
			if got := h.Get("Vary") == "Origin"; got != tc.vary {
				t.Errorf("Vary %q, want Origin: %v", h.Values("Vary"), tc.vary)
			}
			wantMethods, wantHeaders := "", ""
			if tc.status == 204 {
				wantMethods, wantHeaders = "GET, POST, PATCH, DELETE", "Authorization, Content-Type"
			}
			if got := h.Get("Access-Control-Allow-Methods"); got != wantMethods {
				t.Errorf("Access-Control-Allow-Methods %q, want %q", got, wantMethods)
			}
			if got := h.Get("Access-Control-Allow-Headers"); got != wantHeaders {
				t.Errorf("Access-Control-Allow-Headers %q, want %q", got, wantHeaders)
			}
			if !tc.configured {
				for k := range h {
					if strings.HasPrefix(k, "Access-Control-") {
						t.Errorf("CORS header %s without cors_origins", k)
					}
				}
			}
		})
	}
}
