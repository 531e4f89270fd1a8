package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
)

// Crash test figures: feeds × items pages, kills SIGKILLs.
const (
	crashFeeds = 6
	crashItems = 500
	crashKills = 22
)

// TestCrashSafety runs the real binary's serve on a local site of a few
// thousand pages and kills it with SIGKILL at random moments. After each
// kill: check is clean, and after each restart every article the API had
// returned before is still served.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it for about a minute")
	}
	start := time.Now()
	bin := filepath.Join(t.TempDir(), "haberci")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := newCrashSite(t, crashItems, nil)
	cfgPath := writeCrashConfig(t, site.URL, crashItems)
	base := "http://" + crashListen(t, cfgPath)
	rng := rand.New(rand.NewPCG(6, 2026))
	acked := map[string]bool{}
	var lastLog string
	client := &http.Client{Timeout: 10 * time.Second}
	for kill := range crashKills {
		logs := filepath.Join(t.TempDir(), "serve.log")
		logf, err := os.Create(logs)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "serve", "--config", cfgPath)
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if err := waitHealthy(client, base, 60*time.Second); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			b, _ := os.ReadFile(logs)
			t.Fatalf("restart %d: %v\n%s", kill, err, b)
		}
		for id := range acked {
			resp, err := client.Get(base + "/api/v1/articles/" + id)
			if err != nil {
				t.Fatalf("restart %d: %v", kill, err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("restart %d: acknowledged article %s answers %d", kill, id, resp.StatusCode)
			}
		}
		// Let it crawl for 0.3–2 s, noting what the API acknowledges.
		deadline := time.Now().Add(300*time.Millisecond + time.Duration(rng.Int64N(int64(1700*time.Millisecond))))
		for time.Now().Before(deadline) {
			ackNewest(client, base, acked)
			time.Sleep(time.Duration(20+rng.IntN(80)) * time.Millisecond)
		}
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		cmd.Wait()
		logf.Close()
		lastLog = logs
		if out, err := exec.Command(bin, "check", "--config", cfgPath).CombinedOutput(); err != nil {
			t.Fatalf("check after kill %d: %v\n%s", kill+1, err, out)
		}
	}
	out, err := exec.Command(bin, "check", "--config", cfgPath).CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	if len(acked) < 100 {
		b, _ := os.ReadFile(lastLog)
		t.Errorf("only %d articles acknowledged over %d runs: the crawl barely ran; last log:\n%.3000s", len(acked), crashKills, b)
	}
	t.Logf("%d SIGKILLs, %d articles acknowledged and found after every restart, %d pages on the site, %s\n%s",
		crashKills, len(acked), crashFeeds*crashItems, time.Since(start).Round(time.Second), out)
}

// ackNewest notes the newest articles the API returns, paging back until a
// page holds nothing new (at most five pages).
func ackNewest(c *http.Client, base string, acked map[string]bool) {
	after := ""
	for range 5 {
		var res api.SearchResponse
		if getQuiet(c, base+"/api/v1/search?size=100&sort=newest&after="+after, &res) != nil {
			return
		}
		fresh := false
		for _, h := range res.Hits {
			fresh = fresh || !acked[h.ID]
			acked[h.ID] = true
		}
		if !fresh || res.Next == "" {
			return
		}
		after = res.Next
	}
}

// waitHealthy polls /healthz until it answers 200.
func waitHealthy(c *http.Client, base string, limit time.Duration) error {
	end := time.Now().Add(limit)
	for time.Now().Before(end) {
		if resp, err := c.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no healthy daemon at %s after %s", base, limit)
}

// getQuiet fetches JSON, returning errors instead of failing the test: the
// daemon may be busy starting.
func getQuiet(c *http.Client, u string, out any) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// newCrashSite serves crashFeeds RSS feeds of items article pages each,
// their text cut from the real TTC-3600 and İHA fixtures; count, if not
// nil, is called with every request's path.
func newCrashSite(t *testing.T, items int, count func(path string)) *httptest.Server {
	t.Helper()
	var paras []string
	files, _ := filepath.Glob("testdata/ttc/*.txt")
	for _, f := range files {
		paras = append(paras, readTTC(t, f)...)
	}
	paras = append(paras, readSeed(t)...)
	pageOf := func(f, i int) page {
		var ps []string
		for k := range 4 {
			ps = append(ps, paras[(f*items+i*3+k)%len(paras)])
		}
		ps = append(ps, fmt.Sprintf("Bu haber %d numaralı akışın %d numaralı haberidir.", f, i))
		return page{slug: fmt.Sprintf("%d-%d", f, i), title: fmt.Sprintf("Haber %d-%d: %s", f, i, cutTitle(ps[0])),
			published: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(f*items+i) * time.Minute), paras: ps}
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count != nil {
			count(r.URL.Path)
		}
		var f, i int
		switch {
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case strings.HasPrefix(r.URL.Path, "/feed/"):
			f, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/feed/"), ".xml"))
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			var b bytes.Buffer
			fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Akış %d</title><link>%s/</link><description>x</description>`, f, srv.URL)
			for i := range items {
				p := pageOf(f, i)
				fmt.Fprintf(&b, `<item><title>%s</title><link>%s/haber/%s</link><guid>%[2]s/haber/%[3]s</guid><pubDate>%s</pubDate></item>`,
					html.EscapeString(p.title), srv.URL, p.slug, p.published.Format(time.RFC1123Z))
			}
			b.WriteString(`</channel></rss>`)
			w.Write(b.Bytes())
		case func() bool { _, err := fmt.Sscanf(r.URL.Path, "/haber/%d-%d", &f, &i); return err == nil }():
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(pageOf(f, i)))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// writeCrashConfig writes the config of a daemon crawling the crash
// site's feeds of items articles.
func writeCrashConfig(t *testing.T, siteURL string, items int) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir: %s/data\nlisten: 127.0.0.1:%d\nmin_schedule_interval: 10s\ncrawl: {per_host_interval: 1ms, timeout: 5s, max_items: %d}\nsources:\n",
		dir, freePort(t), items)
	for f := range crashFeeds {
		fmt.Fprintf(&b, "  - {id: akis-%d, type: feed, url: \"%s/feed/%d.xml\", schedule: \"@every 10s\", fulltext: true}\n", f, siteURL, f)
	}
	path := filepath.Join(dir, "haberci.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// crashListen reads the listen address back from the config file.
func crashListen(t *testing.T, cfgPath string) string {
	t.Helper()
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "listen: "); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatal("no listen line")
	return ""
}
