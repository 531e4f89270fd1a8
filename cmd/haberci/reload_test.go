package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

// oneItemSite serves an RSS feed of one item with its text, at /rss.xml.
func oneItemSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/rss.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Yeni</title>
<item><title>Meclis toplandı</title><link>http://%s/haber/meclis</link><guid>meclis-1</guid>
<description>Belediye meclisi bugün olağanüstü toplandı ve bütçeyi görüştü.</description></item></channel></rss>`, r.Host)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// startServeLogged is startServe that also returns the daemon's log.
func startServeLogged(t *testing.T, cfg *config.Config) (base string, logs *syncWriter, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs = &syncWriter{w: &strings.Builder{}}
	go func() { done <- serve(ctx, cfg, logs) }()
	base = "http://" + cfg.Listen
	for {
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
	return base, logs, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}
}

// waitLog waits until the log holds want.
func waitLog(t *testing.T, logs *syncWriter, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logs.String(), want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("log never said %q:\n%s", want, logs.String())
		}
	}
}

// TestSIGHUPReloads: SIGHUP makes a running daemon read its config file
// again: a source added there is crawled at once, a bad file is refused
// with its line-numbered error and the daemon goes on, a source removed is
// unscheduled.
func TestSIGHUPReloads(t *testing.T) {
	old, fresh := emptyFeedSite(t), oneItemSite(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "haberci.yaml")
	port := freePort(t)
	eski := `{id: eski, type: feed, url: "` + old.URL + `/rss.xml", schedule: "@every 1h"}`
	yeni := `{id: yeni, type: feed, url: "` + fresh.URL + `/rss.xml", schedule: "@every 1h", fulltext: false}`
	cfg := writeDaemonConfig(t, path, filepath.Join(dir, "data"), port, eski)
	base, logs, stop := startServeLogged(t, cfg)
	defer stop()

	writeDaemonConfig(t, path, filepath.Join(dir, "data"), port, eski, yeni)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitLog(t, logs, `msg="config reloaded"`)
	waitLog(t, logs, `added=[yeni]`)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if urls := searchURLs(t, base, "meclis"); len(urls) == 1 && strings.HasSuffix(urls[0], "/haber/meclis") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the added source's article never came:\n%s", logs.String())
		}
	}

	if err := os.WriteFile(path, []byte("sources:\n  - {id: kirik, type: feed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	waitLog(t, logs, `msg="config reload refused, the running config stays"`)
	if !strings.Contains(logs.String(), "haberci.yaml:") {
		t.Errorf("the refusal names no file and line:\n%s", logs.String())
	}

	writeDaemonConfig(t, path, filepath.Join(dir, "data"), port, yeni)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	waitLog(t, logs, `removed=[eski]`)
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("daemon after three reloads: %v", err)
	} else {
		resp.Body.Close()
	}
}

// TestImportToFileReloadsDaemon: "sources import --config" beside a running
// daemon appends the feeds to its file and sends it SIGHUP: the daemon
// lists and crawls them without a restart, and its API calls the file's
// new source configured.
func TestImportToFileReloadsDaemon(t *testing.T) {
	site := oneItemSite(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "haberci.yaml")
	cfg := writeDaemonConfig(t, path, filepath.Join(dir, "data"), freePort(t))
	base, logs, stop := startServeLogged(t, cfg)
	defer stop()

	opml := filepath.Join(dir, "liste.opml")
	doc := `<?xml version="1.0"?><opml version="2.0"><body><outline text="Yerel Meclis" xmlUrl="` + site.URL + `/rss.xml"/></body></opml>`
	if err := os.WriteFile(opml, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	out := haberci(t, 0, "sources", "import", "--config", path, opml)
	if !strings.Contains(out, "added    yerel-meclis") || !strings.Contains(out, fmt.Sprintf("asked the daemon (pid %d) to reload", os.Getpid())) {
		t.Fatalf("import:\n%s", out)
	}
	waitLog(t, logs, `added=[yerel-meclis]`)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var res api.SourcesResponse
		getJSON(t, base+"/api/v1/sources", 200, &res)
		if len(res.Sources) == 1 && res.Sources[0].ID == "yerel-meclis" && res.Sources[0].Origin == "config" && res.Sources[0].LastStatus == 200 {
			break // listed as the file's, and crawled at once
		}
		if time.Now().After(deadline) {
			t.Fatalf("the imported source was not listed and crawled: %+v\n%s", res.Sources, logs.String())
		}
	}
	code, _, errOut := runCLI("sources", "rm", "--config", path, "yerel-meclis")
	if code != 1 || !strings.Contains(errOut, "edit the config file") {
		t.Errorf("rm of the file's new source through the daemon: exit %d %s", code, errOut)
	}
}
