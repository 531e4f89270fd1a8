package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/haberci/haberci/internal/pgtest"
)

// With database: in the config the commands run on PostgreSQL: crawl
// stores the local site's articles there (WARC files in warc_dir, named
// for the node), check reads them back and finds the index in step, and
// backup points at PostgreSQL's own tools. The SQLite archive of the same
// crawl holds the same number of articles.
func TestPostgresStore(t *testing.T) {
	s := newSite(t)
	base := writeConfig(t, s.URL)
	warcDir := filepath.Join(t.TempDir(), "warc")
	cfgPath := configWith(t, base, "database: "+pgtest.URL(t)+"\nnode: dugum-1\nwarc_dir: "+warcDir+"\n")
	haberci(t, 0, "crawl", "--config", cfgPath)
	files, _ := filepath.Glob(filepath.Join(warcDir, "haberci-dugum-1-*.warc.gz"))
	if len(files) == 0 {
		t.Errorf("no WARC file of node dugum-1 in %s", warcDir)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(base), "data", "haberci.db")); err == nil {
		t.Errorf("crawl on PostgreSQL made an SQLite archive in data_dir")
	}
	out := haberci(t, 0, "check", "--config", cfgPath)
	articles := regexp.MustCompile(`(?m)^ok +postgresql: .*, (\d+) articles$`).FindStringSubmatch(out)
	if articles == nil || !strings.Contains(out, "PostgreSQL schema step") || !strings.Contains(out, "0 problem(s)") {
		t.Fatalf("check on PostgreSQL:\n%s", out)
	}

	// The same site crawled into SQLite: as many articles.
	haberci(t, 0, "crawl", "--config", base)
	sqlOut := haberci(t, 0, "check", "--config", base)
	if want := regexp.MustCompile(`(?m)^ok +sqlite: .*, (\d+) articles$`).FindStringSubmatch(sqlOut); want == nil || want[1] != articles[1] {
		t.Errorf("PostgreSQL holds %s articles, SQLite %v", articles[1], want)
	}

	code, _, errOut := runCLI("backup", "--config", cfgPath, t.TempDir())
	if code != 1 || !strings.Contains(errOut, "pg_dump") {
		t.Errorf("backup on PostgreSQL: exit %d, %q", code, errOut)
	}
}
