package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/internal/pgtest"
)

// Two serve nodes on one PostgreSQL database, each with its own data_dir
// (index) and one shared warc_dir, crawl the local site: every article
// page is fetched once in the cluster, both nodes' search finds every
// article, the WARC files carry the node ids, and check is clean.
func TestTwoNodesOneDatabase(t *testing.T) {
	s := newSite(t)
	db, warcDir := pgtest.URL(t), filepath.Join(t.TempDir(), "warc")
	var cfgs []*config.Config
	var paths []string
	for _, node := range []string{"dugum-a", "dugum-b"} {
		// writeConfig gives each node its own data_dir and listener.
		path := configWith(t, writeConfig(t, s.URL), fmt.Sprintf("database: %s\nwarc_dir: %s\nnode: %s\nlease_ttl: 3s\n", db, warcDir, node))
		cfg, err := config.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		cfgs, paths = append(cfgs, cfg), append(paths, path)
	}
	var bases []string
	var stops []func()
	for _, cfg := range cfgs {
		base, stop := startServe(t, cfg)
		bases, stops = append(bases, base), append(stops, stop)
	}
	want := uint64(len(allSlugs))
	deadline := time.Now().Add(90 * time.Second)
	for i, base := range bases {
		for {
			var res api.SearchResponse
			getJSON(t, base+"/api/v1/search?size=1", 200, &res)
			if res.Total == want {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("node %d's search finds %d articles, want %d", i, res.Total, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	s.mu.Lock()
	for _, slug := range allSlugs {
		if n := s.hits["/haber/"+slug]; n > 1 {
			t.Errorf("/haber/%s fetched %d times in the cluster", slug, n)
		}
	}
	s.mu.Unlock()
	files, _ := filepath.Glob(filepath.Join(warcDir, "haberci-dugum-[ab]-*.warc.gz"))
	if len(files) == 0 {
		t.Errorf("no node's WARC file in %s", warcDir)
	}
	for _, stop := range stops {
		stop()
	}
	for _, path := range paths {
		if out := haberci(t, 0, "check", "--config", path); !strings.Contains(out, "0 problem(s)") {
			t.Errorf("check:\n%s", out)
		}
	}
}
