package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/index"
)

// crawled returns the path of a config whose data_dir holds the local
// site's articles, crawled once, and the loaded config.
func crawled(t *testing.T) (string, *config.Config) {
	t.Helper()
	s := newSite(t)
	cfgPath := writeConfig(t, s.URL)
	haberci(t, 0, "crawl", "--config", cfgPath)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	return cfgPath, cfg
}

// configAt writes a copy of the config at cfgPath with data_dir set to dir.
func configAt(t *testing.T, cfgPath, dir string) string {
	t.Helper()
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^data_dir: .*$`).ReplaceAllString(string(b), "data_dir: "+dir)
	path := filepath.Join(t.TempDir(), "haberci.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runCLI runs the CLI in-process and returns its exit code and output.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr strings.Builder
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCheck(t *testing.T) {
	cfgPath, cfg := crawled(t)
	ctx := context.Background()
	tests := map[string]struct {
		damage     func(t *testing.T, cfg *config.Config)
		check      int    // exit code of check
		checkOut   string // in check's output
		repair     int    // exit code of check --repair
		after      int    // exit code of check after the repair
		repairsOut string
	}{
		"clean": {damage: func(*testing.T, *config.Config) {}, check: 0, checkOut: "0 problem(s), 0 fix(es)", repair: 0, after: 0},
		"index claims articles it lacks": {
			// An index that holds two articles but a watermark at the archive's
			// end: catching up cannot see the gap, check must.
			damage: func(t *testing.T, cfg *config.Config) {
				ar, err := archive.Open(ctx, cfg.DataDir)
				if err != nil {
					t.Fatal(err)
				}
				defer ar.Close()
				arts, err := ar.Changes(ctx, 0, 2)
				if err != nil {
					t.Fatal(err)
				}
				top, _ := ar.LastChange(ctx)
				os.RemoveAll(indexDir(cfg))
				ix, err := index.Open(indexDir(cfg))
				if err != nil {
					t.Fatal(err)
				}
				defer ix.Close()
				if err := ix.Apply(arts, top); err != nil {
					t.Fatal(err)
				}
			},
			check: 1, checkOut: "archived but not indexed", repair: 0, after: 0, repairsOut: "FIXED",
		},
		"damaged WARC record": {
			damage: func(t *testing.T, cfg *config.Config) {
				ar, err := archive.OpenReader(ctx, cfg.DataDir, archive.WithWARCDir(cfg.WARC()))
				if err != nil {
					t.Fatal(err)
				}
				defer ar.Close()
				var path string
				var off, n int64
				// The first article with a capture (a feed-only article has none).
				ar.Iterate(ctx, archive.Filter{}, func(_ *article.Article, caps []article.Capture) error {
					if path == "" && len(caps) > 0 {
						path, off, n = ar.WARCPath(caps[0].WARCFile), caps[0].Offset, caps[0].Length
					}
					return nil
				})
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				b[off+n/2] ^= 0x20
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
			},
			// Bytes are never invented: the damage stays reported.
			check: 1, checkOut: "PROBLEM  capture", repair: 1, after: 1,
		},
		"band rows lost": {
			damage: func(t *testing.T, cfg *config.Config) {
				res, err := rawDB(t, cfg).ExecContext(ctx, `DELETE FROM lsh_band WHERE band = 7`)
				if err != nil {
					t.Fatal(err)
				}
				if n, _ := res.RowsAffected(); n == 0 {
					t.Fatal("the crawled archive has no band rows to lose")
				}
			},
			check: 1, checkOut: "lack LSH band rows", repair: 0, after: 0, repairsOut: "re-derived from their signatures",
		},
		"articles archived before sketches existed": {
			damage: func(t *testing.T, cfg *config.Config) {
				db := rawDB(t, cfg)
				for _, stmt := range []string{`DELETE FROM lsh_band`, `DELETE FROM article_sketch`} {
					if _, err := db.ExecContext(ctx, stmt); err != nil {
						t.Fatal(err)
					}
				}
			},
			check: 1, checkOut: "have no near-duplicate sketch", repair: 0, after: 0, repairsOut: "sketched",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			// Each case damages its own copy of the crawled data directory.
			dir := filepath.Join(t.TempDir(), "data")
			if _, err := archive.Backup(ctx, cfg.DataDir, cfg.WARC(), dir); err != nil {
				t.Fatal(err)
			}
			cfg := *cfg
			cfg.DataDir = dir
			cfgPath := configAt(t, cfgPath, dir)
			haberci(t, 0, "reindex", "--config", cfgPath)
			tc.damage(t, &cfg)
			code, out, errOut := runCLI("check", "--config", cfgPath)
			if code != tc.check || !strings.Contains(out, tc.checkOut) {
				t.Fatalf("check: exit %d, want %d, output lacks %q:\n%s%s", code, tc.check, tc.checkOut, out, errOut)
			}
			code, out, _ = runCLI("check", "--repair", "--config", cfgPath)
			if code != tc.repair || !strings.Contains(out, tc.repairsOut) {
				t.Fatalf("check --repair: exit %d, want %d, output lacks %q:\n%s", code, tc.repair, tc.repairsOut, out)
			}
			if code, out, _ = runCLI("check", "--config", cfgPath); code != tc.after {
				t.Errorf("check after repair: exit %d, want %d:\n%s", code, tc.after, out)
			}
		})
	}
}

// rawDB opens the archive's database directly, as damage does, closed at
// the end of the test.
func rawDB(t *testing.T, cfg *config.Config) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(cfg.DataDir, "haberci.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
