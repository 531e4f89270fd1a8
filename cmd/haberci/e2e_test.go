package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

// TestEndToEnd crawls a local site through the CLI's code path, then checks
// what a user sees through the HTTP API of a real serve.
func TestEndToEnd(t *testing.T) {
	s := newSite(t)
	cfgPath := writeConfig(t, s.URL)

	out := haberci(t, 0, "crawl", "--config", cfgPath)
	for _, slug := range allSlugs {
		want := 1
		if slug == rss1254[0] { // fulltext: false, the feed alone makes the article
			want = 0
		}
		if n := s.count("/haber/" + slug); n != want {
			t.Errorf("page %s fetched %d times, want %d", slug, n, want)
		}
	}
	if s.count("/robots.txt") == 0 || s.count("/gizli/haber") != 0 {
		t.Errorf("robots.txt: read %d times, /gizli/haber fetched %d times", s.count("/robots.txt"), s.count("/gizli/haber"))
	}

	// A second crawl sends conditional GETs and fetches no page again.
	haberci(t, 0, "crawl", "--config", cfgPath)
	for _, feed := range []string{"/rss.xml", "/rss-1254.xml", "/atom.xml"} {
		if s.conditionals(feed) == 0 {
			t.Errorf("second crawl: no conditional GET for %s", feed)
		}
	}
	for _, slug := range allSlugs {
		if n := s.count("/haber/" + slug); n > 1 {
			t.Errorf("second crawl fetched %s again (%d fetches)", slug, n)
		}
	}
	if !strings.Contains(out, "yerel-rss") {
		t.Errorf("crawl summary does not name the sources:\n%s", out)
	}

	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, cfg)
	checkSearch(t, base, s)
	checkArticle(t, base)
	stop()

	// The index is derived: delete it and it is rebuilt from the archive.
	if err := os.RemoveAll(filepath.Join(cfg.DataDir, "index")); err != nil {
		t.Fatal(err)
	}
	base, stop = startServe(t, cfg)
	defer stop()
	if got := searchURLs(t, base, "kilicdaroglu"); !containsSlug(got, "ajans-calistay") {
		t.Errorf("after deleting the index, kilicdaroglu finds %v", got)
	}
}

// checkSearch asserts the Turkish query forms of the issue.
func checkSearch(t *testing.T, base string, s *site) {
	t.Helper()
	var all api.SearchResponse
	getJSON(t, base+"/api/v1/search?q=", 200, &all)
	if all.Total != uint64(len(allSlugs)) {
		t.Errorf("empty query: total %d, want %d", all.Total, len(allSlugs))
	}
	tests := map[string]struct {
		query, want string
	}{
		"inflected form finds the stem": {"belediye", "ajans-calistay"},
		"stem finds inflected form":     {"belediyelerine", "ajans-calistay"},
		"apostrophe suffix":             {"İstanbul'da", "ajans-calistay"},
		"capitals with dotted İ":        {"İSTANBUL", "ajans-calistay"},
		"no Turkish letters":            {"kilicdaroglu", "ajans-calistay"},
		"capitals and apostrophe":       {"KILIÇDAROĞLU'NUN", "ajans-calistay"},
		"windows-1254 feed, Turkish":    {"başladı", "siyaset-c3"},
		"windows-1254 feed, folded":     {"BASLADI", "siyaset-c3"},
		"atom feed item":                {"dermatoloji", "saglik-c5"},
		"html list page item":           {"yolculuğun", "teknoloji-c11"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := searchURLs(t, base, tc.query); !containsSlug(got, tc.want) {
				t.Errorf("q=%q: hits %v, want %s among them", tc.query, got, tc.want)
			}
		})
	}
	var res api.SearchResponse
	getJSON(t, base+"/api/v1/search?q="+url.QueryEscape("çalıştay"), 200, &res)
	clusters := map[string]string{}
	for _, h := range res.Hits {
		clusters[h.URL[strings.LastIndex(h.URL, "/")+1:]] = h.ClusterID
	}
	if a, b := clusters["ajans-calistay"], clusters["kopya-calistay"]; a == "" || a != b {
		t.Errorf("same text at two URLs: clusters %q and %q, want one", a, b)
	}
}

// checkArticle asserts an article's body, metadata and captures.
func checkArticle(t *testing.T, base string) {
	t.Helper()
	var res api.SearchResponse
	getJSON(t, base+"/api/v1/search?q=Yenikap%C4%B1", 200, &res)
	if len(res.Hits) == 0 {
		t.Fatal("no hit for Yenikapı")
	}
	var a api.ArticleResponse
	getJSON(t, base+"/api/v1/articles/"+res.Hits[0].ID, 200, &a)
	if !strings.Contains(a.Body, "Avrasya Gösteri ve Sanat Merkezi") || strings.Count(a.Body, "\n\n") < 3 {
		t.Errorf("body lacks the article or its paragraphs:\n%s", a.Body)
	}
	for _, c := range chrome {
		if strings.Contains(a.Body, c) {
			t.Errorf("body contains page chrome %q", c)
		}
	}
	if a.Agency != "İHA" {
		t.Errorf("agency %q, want İHA", a.Agency)
	}
	if got := time.Time(a.PublishedAt); got.IsZero() || got.Year() != 2020 {
		t.Errorf("published_at %v", got)
	}
	if len(a.Captures) == 0 || a.Captures[0].Status != 200 || a.Captures[0].Digest == "" {
		t.Errorf("captures %+v", a.Captures)
	}
	getJSON(t, base+"/api/v1/articles/no-such-id", 404, nil)
	getJSON(t, base+"/api/v1/search?q=x&size=abc", 400, nil)
}

// haberci runs the CLI in-process and checks its exit code.
func haberci(t *testing.T, want int, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if got := run(args, &stdout, &stderr); got != want {
		t.Fatalf("haberci %v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, got, want, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func writeConfig(t *testing.T, siteURL string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := fmt.Sprintf(`data_dir: %s/data
listen: 127.0.0.1:%d
crawl: {per_host_interval: 5ms, timeout: 5s}
sources:
  - {id: yerel-rss, name: Yerel RSS, type: feed, url: "%[3]s/rss.xml", schedule: "@every 1h"}
  - {id: yerel-1254, name: Yerel RSS 1254, type: feed, url: "%[3]s/rss-1254.xml", schedule: "@every 1h", fulltext: false}
  - {id: yerel-atom, name: Yerel Atom, type: feed, url: "%[3]s/atom.xml", schedule: "@every 1h"}
  - {id: yerel-liste, name: Yerel liste, type: html, url: "%[3]s/haberler", links: "a.news-item", schedule: "@every 1h"}
`, dir, freePort(t), siteURL)
	path := filepath.Join(dir, "haberci.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// startServe runs "haberci serve" in-process until stop is called.
func startServe(t *testing.T, cfg *config.Config) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() { done <- serve(ctx, cfg, &syncWriter{w: &logs}) }()
	base = "http://" + cfg.Listen
	for i := 0; ; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, logs.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	return base, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}
}

func searchURLs(t *testing.T, base, q string) []string {
	t.Helper()
	var res api.SearchResponse
	getJSON(t, base+"/api/v1/search?size=20&q="+url.QueryEscape(q), 200, &res)
	var urls []string
	for _, h := range res.Hits {
		urls = append(urls, h.URL)
	}
	return urls
}

func getJSON(t *testing.T, u string, status int, out any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d", u, resp.StatusCode, status)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
	}
}

func containsSlug(urls []string, slug string) bool {
	for _, u := range urls {
		if strings.HasSuffix(u, "/haber/"+slug) {
			return true
		}
	}
	return false
}

// freePort returns a free port below Linux's ephemeral range (32768–60999).
// A daemon under test is started (and restarted after a kill) on it later;
// a port from the ephemeral range could meanwhile become the source port of
// any outgoing connection of a test running in parallel.
func freePort(t *testing.T) int {
	t.Helper()
	for range 200 {
		p := 20000 + rand.IntN(12000)
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err == nil {
			l.Close()
			return p
		}
	}
	t.Fatal("no free port between 20000 and 32000")
	return 0
}
