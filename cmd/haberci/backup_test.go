package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

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

// TestDatedBackups: backup --dated writes a new dated directory, and
// --keep removes the oldest dated ones past the count and nothing else.
func TestDatedBackups(t *testing.T) {
	cfgPath, _ := crawled(t)
	parent := t.TempDir()
	for _, name := range []string{"2026-01-01T000000Z", "2026-01-02T000000Z", "2026-01-03T000000Z", "notes"} {
		if err := os.Mkdir(filepath.Join(parent, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A file with a dated name is not a backup: never removed.
	if err := os.WriteFile(filepath.Join(parent, "2025-12-31T000000Z"), []byte("not a backup"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := haberci(t, 0, "backup", "--config", cfgPath, "--dated", "--keep", "2", parent)
	if !strings.Contains(out, "backed up 8 articles") || strings.Count(out, "removed the older backup") != 2 {
		t.Errorf("backup said %q", out)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 4 || names[0] != "2025-12-31T000000Z" || names[1] != "2026-01-03T000000Z" || names[3] != "notes" {
		t.Fatalf("after --keep 2: %v, want the file, 2026-01-03, the new backup and notes", names)
	}
	if _, err := time.Parse(datedLayout, names[2]); err != nil {
		t.Fatalf("new backup named %q: %v", names[2], err)
	}
	if _, err := os.Stat(filepath.Join(parent, names[2], "haberci.db")); err != nil {
		t.Errorf("the dated backup holds no archive: %v", err)
	}
	for name, args := range map[string][]string{
		"keep without dated": {"backup", "--keep", "3", parent},
		"negative keep":      {"backup", "--dated", "--keep", "-1", parent},
	} {
		if code, _, _ := runCLI(append(args, "--config", cfgPath)...); code != 2 {
			t.Errorf("%s: exit %d, want 2", name, code)
		}
	}
}
