//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/haberci/haberci/api"
)

// diskFullLimit is the file size limit the daemon crawls under: a few
// hundred pages fit in the WARC file and the database, not all of them.
const (
	diskFullLimit = 1 << 20
	diskFullFeeds = 2
	diskFullItems = 250
)

// TestDiskFull runs the real binary's serve with a file size limit
// (RLIMIT_FSIZE: writes past it fail with EFBIG, as writes to a full disk
// fail with ENOSPC). The crawl stops with a clear error, /healthz says
// paused, nothing more is stored while the limit holds, and once it is
// lifted the crawl resumes and archives every page; check is then clean.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and crawls a local site")
	}
	bin := filepath.Join(t.TempDir(), "haberci")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := newCrashSite(t, crashItems, nil)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "haberci.yaml")
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "data_dir: %s/data\nlisten: 127.0.0.1:%d\nmin_schedule_interval: 10s\ncrawl: {per_host_interval: 1ms, timeout: 5s, max_items: %d}\nsources:\n",
		dir, freePort(t), diskFullItems)
	for f := range diskFullFeeds {
		fmt.Fprintf(&cfg, "  - {id: akis-%d, type: feed, url: \"%s/feed/%d.xml\", schedule: \"@every 10s\", fulltext: true}\n", f, site.URL, f)
	}
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	base := "http://" + crashListen(t, cfgPath)
	client := &http.Client{Timeout: 10 * time.Second}

	logs := &syncWriter{w: &bytes.Buffer{}} // a pipe, not a file: the limit must not cut the log
	cmd := exec.Command(bin, "serve", "--config", cfgPath)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	setFileLimit(t, cmd.Process.Pid, diskFullLimit)

	health := waitHealth(t, client, base, http.StatusServiceUnavailable, logs)
	if health["status"] != "paused" || !strings.Contains(fmt.Sprint(health["error"]), "cannot write") {
		t.Errorf("healthz while the limit holds: %v", health)
	}
	held := archivedCount(t, client, base)
	if held == 0 || held >= diskFullFeeds*diskFullItems {
		t.Fatalf("%d articles archived under the limit, want some but not all %d", held, diskFullFeeds*diskFullItems)
	}
	// Several cron ticks and a probe later, still nothing more is stored.
	time.Sleep(2 * probeWait)
	t.Logf("paused with %d of %d articles archived", held, diskFullFeeds*diskFullItems)
	if n := archivedCount(t, client, base); n != held {
		t.Errorf("%d articles archived while paused, want %d", n, held)
	}

	setFileLimit(t, cmd.Process.Pid, unix.RLIM_INFINITY)
	deadline := time.Now().Add(120 * time.Second)
	for archivedCount(t, client, base) < diskFullFeeds*diskFullItems {
		if time.Now().After(deadline) {
			t.Fatalf("crawl did not resume: %d of %d archived\n%s", archivedCount(t, client, base), diskFullFeeds*diskFullItems, tail(logs))
		}
		time.Sleep(200 * time.Millisecond)
	}
	waitHealth(t, client, base, http.StatusOK, logs)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v\n%s", err, tail(logs))
	}
	for _, want := range []string{"archive cannot write: crawling paused", "file too large", "crawling resumes"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	out, err := exec.Command(bin, "check", "--config", cfgPath).CombinedOutput()
	if err != nil {
		t.Fatalf("check after the disk filled: %v\n%s", err, out)
	}
	for line := range strings.Lines(logs.String()) {
		if strings.Contains(line, "crawling paused") || strings.Contains(line, "crawling resumes") {
			t.Log(strings.TrimSpace(line))
		}
	}
	t.Logf("check:\n%s", out)
}

// probeWait is longer than the crawler's probe interval.
const probeWait = 6 * time.Second

// setFileLimit sets the soft RLIMIT_FSIZE of process pid, keeping the hard
// limit, so that it can be raised again.
func setFileLimit(t *testing.T, pid int, limit uint64) {
	t.Helper()
	var old unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, nil, &old); err != nil {
		t.Fatal(err)
	}
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: min(limit, old.Max), Max: old.Max}, nil); err != nil {
		t.Fatal(err)
	}
}

// waitHealth polls /healthz until it answers status, and returns its body.
func waitHealth(t *testing.T, c *http.Client, base string, status int, logs *syncWriter) map[string]any {
	t.Helper()
	end := time.Now().Add(90 * time.Second)
	for time.Now().Before(end) {
		if resp, err := c.Get(base + "/healthz"); err == nil {
			var body map[string]any
			err := json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if err == nil && resp.StatusCode == status {
				return body
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("/healthz never answered %d\n%s", status, tail(logs))
	return nil
}

// archivedCount sums the sources' article counts.
func archivedCount(t *testing.T, c *http.Client, base string) int64 {
	t.Helper()
	var res api.SourcesResponse
	if err := getQuiet(c, base+"/api/v1/sources", &res); err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, s := range res.Sources {
		n += s.ArticleCount
	}
	return n
}

// tail is the end of the daemon's log, for failure messages.
func tail(logs *syncWriter) string {
	s := logs.String()
	return s[max(0, len(s)-4000):]
}
