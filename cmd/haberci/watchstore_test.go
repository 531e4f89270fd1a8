package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/haberci/haberci/api"
)

// TestWatchWithoutDaemon runs the watch commands on the stores, then the
// same commands through a daemon's API on the same archive: the answers
// must be the same bytes.
func TestWatchWithoutDaemon(t *testing.T) {
	site := newWatchSite(t)
	seed := readSeed(t)
	site.publish("ajans", page{slug: "ajans-calistay", title: "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı yapıldı", paras: seed})
	dir := t.TempDir()
	listen := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	cfgPath := filepath.Join(dir, "haberci.yaml")
	cfg := fmt.Sprintf(`data_dir: %s/data
listen: %s
allow_private_sources: true
crawl: {per_host_interval: 5ms, timeout: 5s}
sources:
  - {id: ajans, name: Ajans, type: feed, url: "%s/ajans.xml", schedule: "@every 1h"}
`, dir, listen, site.URL)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	haberci(t, 0, "crawl", "--config", cfgPath, "--source", "ajans")
	release := site.id(t, "ajans-calistay")

	out := haberci(t, 0, "watch", "add", "--config", cfgPath, "--name", "Çalıştay bülteni", "--article", release)
	id, rest, ok := strings.Cut(strings.TrimPrefix(out, "watch "), " (release) created\nfeed: http://"+listen+"/feeds/watches/")
	if !ok || id == "" || len(strings.TrimSpace(rest)) < 16 {
		t.Fatalf("watch add said %q", out)
	}
	haberci(t, 2, "watch", "add", "--config", cfgPath, "--name", "x", "--article", release, "--query", "çalıştay")
	byURL := haberci(t, 0, "watch", "add", "--config", cfgPath, "--json", "--name", "Sayfa", "--url", site.URL+"/haber/ajans-calistay")
	var fromURL api.WatchResponse
	if err := json.Unmarshal([]byte(byURL), &fromURL); err != nil || fromURL.Kind != "release" || fromURL.Title == "" {
		t.Fatalf("watch add --url: %v %s", err, byURL)
	}

	commands := map[string][]string{
		"ls":          {"ls"},
		"ls json":     {"ls", "--json"},
		"show":        {"show", id},
		"matches":     {"matches", id},
		"matches csv": {"matches", "--csv", id},
	}
	local := map[string]string{}
	for name, args := range commands {
		local[name] = haberci(t, 0, append([]string{"watch", args[0], "--config", cfgPath}, args[1:]...)...)
	}
	if !strings.Contains(local["ls"], id+"  release  Çalıştay bülteni  "+release) {
		t.Errorf("watch ls:\n%s", local["ls"])
	}
	var ms api.MatchesResponse
	if err := json.Unmarshal([]byte(local["matches"]), &ms); err != nil || len(ms.Matches) != 1 ||
		ms.Matches[0].ArticleID != release || ms.Matches[0].Relation != "original" {
		t.Fatalf("watch matches: %v\n%s", err, local["matches"])
	}
	if !strings.HasPrefix(local["matches csv"], "article_id,url,") || !strings.Contains(local["matches csv"], release+",") {
		t.Errorf("watch matches --csv:\n%s", local["matches csv"])
	}

	// A daemon owns the data directory now: the same commands go to its API.
	conf, err := loadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	ar, lock, err := openArchive(context.Background(), conf)
	if err != nil {
		t.Fatal(err)
	}
	stop := sync.OnceFunc(func() { ar.Close(); lock.release() })
	defer stop()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: api.New(conf, nil, ar, nil, nil).Handler()}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	for name, args := range commands {
		got := haberci(t, 0, append([]string{"watch", args[0], "--config", cfgPath}, args[1:]...)...)
		if got != local[name] {
			t.Errorf("watch %s: through the daemon\n%s\nwithout\n%s", name, got, local[name])
		}
	}
	haberci(t, 0, "watch", "rm", "--config", cfgPath, fromURL.ID)
	haberci(t, 1, "watch", "show", "--config", cfgPath, fromURL.ID)
	srv.Close()
	stop()
	haberci(t, 1, "watch", "show", "--config", cfgPath, fromURL.ID)
	haberci(t, 0, "watch", "rm", "--config", cfgPath, id)
	if out := haberci(t, 0, "watch", "ls", "--config", cfgPath); strings.Contains(out, id) {
		t.Errorf("watch ls after rm:\n%s", out)
	}
}
