package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

// TestBesideDaemon runs export and backup while serve owns the data
// directory, then restores the backup by pointing data_dir at it.
func TestBesideDaemon(t *testing.T) {
	cfgPath, cfg := crawled(t)
	want, _ := archived(t, cfg.DataDir)
	_, stop := startServe(t, cfg)

	out := haberci(t, 0, "export", "--format", "jsonl", "--config", cfgPath)
	if n := strings.Count(out, "\n"); n != len(want) {
		t.Errorf("export beside the daemon: %d lines, want %d", n, len(want))
	}
	out = haberci(t, 0, "export", "--format", "jsonl", "--query", "dermatoloji", "--config", cfgPath)
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "/haber/saglik-c5") {
		t.Errorf("export --query through the daemon:\n%s", out)
	}
	if code, _, errOut := runCLI("check", "--config", cfgPath); code != 1 || !strings.Contains(errOut, "stop the daemon first") {
		t.Errorf("check beside the daemon: exit %d, %q", code, errOut)
	}
	dir := filepath.Join(t.TempDir(), "yedek")
	out = haberci(t, 0, "backup", "--config", cfgPath, dir)
	if !strings.Contains(out, "backed up 8 articles") {
		t.Errorf("backup said %q", out)
	}
	stop()

	// Restore: the same config with data_dir pointing at the backup.
	restored := configAt(t, cfgPath, dir)
	if code, out, errOut := runCLI("check", "--config", restored); code != 0 {
		t.Fatalf("check on the backup: exit %d\n%s%s", code, out, errOut)
	}
	got, _ := archived(t, dir)
	if len(got) != len(want) {
		t.Fatalf("backup holds %d articles, want %d", len(got), len(want))
	}
	rcfg, err := config.Load(restored)
	if err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, rcfg)
	defer stop()
	for _, a := range want {
		var res api.ArticleResponse
		getJSON(t, base+"/api/v1/articles/"+a.ID, 200, &res)
		if res.Title != a.Title || res.Body != a.Body {
			t.Errorf("restored article %s differs", a.ID)
		}
	}
	if urls := searchURLs(t, base, "dermatoloji"); !slices.ContainsFunc(urls, func(u string) bool { return strings.HasSuffix(u, "saglik-c5") }) {
		t.Errorf("search on the restored data finds %v", urls)
	}
}
