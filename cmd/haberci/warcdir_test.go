package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With warc_dir set, crawl writes the captures there and nothing under
// data_dir/warc; check reads them back, export copies them, and backup
// takes them into its copy, which checks clean on its own.
func TestWARCDirConfig(t *testing.T) {
	s := newSite(t)
	base := writeConfig(t, s.URL)
	warcDir := filepath.Join(t.TempDir(), "warc-paylasilan")
	cfgPath := configWith(t, base, "warc_dir: "+warcDir+"\n")
	haberci(t, 0, "crawl", "--config", cfgPath)
	files, _ := filepath.Glob(filepath.Join(warcDir, "*.warc.gz"))
	if len(files) == 0 {
		t.Fatalf("no WARC file in warc_dir %s", warcDir)
	}
	dataDir := filepath.Join(filepath.Dir(base), "data")
	if others, _ := filepath.Glob(filepath.Join(dataDir, "warc", "*.warc.gz")); len(others) > 0 {
		t.Errorf("WARC files under data_dir/warc: %v", others)
	}
	if out := haberci(t, 0, "check", "--config", cfgPath); !strings.Contains(out, "0 problem(s)") {
		t.Errorf("check:\n%s", out)
	}

	out := filepath.Join(t.TempDir(), "x.warc.gz")
	haberci(t, 0, "export", "--format", "warc", "--out", out, "--config", cfgPath)
	// Export copies each capture's member from its WARC file: it fails
	// when it looks for them elsewhere.
	cdx, err := os.ReadFile(filepath.Join(filepath.Dir(out), "x.cdx"))
	if n := strings.Count(string(cdx), "\n"); err != nil || n < 2 {
		t.Errorf("export's CDX has %d lines: %v", n, err)
	}

	dst := filepath.Join(t.TempDir(), "yedek")
	haberci(t, 0, "backup", "--config", cfgPath, dst)
	copied, _ := filepath.Glob(filepath.Join(dst, "warc", "*.warc.gz"))
	if len(copied) != len(files) {
		t.Errorf("backup holds %d WARC files, warc_dir %d", len(copied), len(files))
	}
	// The copy is a data_dir of its own: its WARC files in DIR/warc.
	restored := configAt(t, base, dst)
	if out := haberci(t, 0, "check", "--config", restored); !strings.Contains(out, "0 problem(s)") {
		t.Errorf("check of the backup:\n%s", out)
	}
}

// configWith writes a copy of the config at base with lines put before
// its own (top-level keys base does not have).
func configWith(t *testing.T, base, lines string) string {
	t.Helper()
	b, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "haberci.yaml")
	if err := os.WriteFile(path, []byte(lines+string(b)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
