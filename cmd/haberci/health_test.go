package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

// emptyFeedSite serves an RSS feed without items at /rss.xml.
func emptyFeedSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/rss.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Boş</title></channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// writeDaemonConfig writes a config file listing sources (YAML lines) and
// loads it.
func writeDaemonConfig(t *testing.T, path, dataDir string, port int, sources ...string) *config.Config {
	t.Helper()
	text := fmt.Sprintf("data_dir: %s\nlisten: 127.0.0.1:%d\ncrawl: {per_host_interval: 5ms, timeout: 5s}\nsources:\n", dataDir, port)
	for _, s := range sources {
		text += "  - " + s + "\n"
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// health is /healthz's body.
type health struct {
	Status         string   `json:"status"`
	FailingSources []string `json:"failing_sources"`
}

// waitHealthz polls /healthz until cond holds or ten seconds pass.
func waitHealthz(t *testing.T, base string, cond func(int, health) bool) (int, health) {
	t.Helper()
	var code int
	var h health
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			continue
		}
		code, h = resp.StatusCode, health{}
		err = json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		if err == nil && cond(code, h) {
			return code, h
		}
	}
	t.Fatalf("healthz never held: last %d %+v", code, h)
	return code, h
}

// TestHealthzDegraded: a source on a closed port makes /healthz answer 200
// degraded naming it, and its last_error starts with "connect:"; with it
// gone from the config, a reload makes the daemon ok again.
func TestHealthzDegraded(t *testing.T) {
	site := emptyFeedSite(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "haberci.yaml")
	closed := fmt.Sprintf("http://127.0.0.1:%d/rss.xml", freePort(t))
	port := freePort(t)
	cfg := writeDaemonConfig(t, path, filepath.Join(dir, "data"), port,
		`{id: saglam, type: feed, url: "`+site.URL+`/rss.xml", schedule: "@every 1h"}`,
		`{id: kapali, type: feed, url: "`+closed+`", schedule: "@every 1h"}`)
	base, stop := startServe(t, cfg)
	defer stop()

	code, h := waitHealthz(t, base, func(_ int, h health) bool { return h.Status == "degraded" })
	if code != http.StatusOK || !slices.Equal(h.FailingSources, []string{"kapali"}) {
		t.Errorf("healthz %d %+v, want 200 degraded with [kapali]", code, h)
	}
	var res api.SourcesResponse
	getJSON(t, base+"/api/v1/sources", 200, &res)
	for _, s := range res.Sources {
		if s.ID == "kapali" && !strings.HasPrefix(s.LastError, "connect: ") {
			t.Errorf("kapali's last_error %q, want it to start with \"connect: \"", s.LastError)
		}
	}
}
