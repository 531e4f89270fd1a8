package main

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/pgarchive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// migratedTables are the tables migrate copies, compared by count.
var migratedTables = []string{"source", "cluster", "article", "capture", "revisit", "article_version",
	"watch", "watch_band", "watch_match", "watch_outbox", "watch_delivery", "watch_state"}

// migrate copies a crawled archive (with revisits, a replaced text and a
// watch) into a real PostgreSQL and its WARC files into the nodes'
// warc_dir, after a copy interrupted halfway: the run goes on where the
// interrupted one stopped, replaces a WARC file cut short, and verifies;
// a second run copies nothing more. Every table holds as many rows on both
// sides, check on PostgreSQL reads every capture back from warc_dir, and
// export gives the same JSON lines (times at microseconds) and the same
// WARC file byte for byte from both stores.
func TestMigrate(t *testing.T) {
	s := newSite(t)
	base := writeConfig(t, s.URL)
	b, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(t.TempDir(), "haberci.yaml")
	if err := os.WriteFile(cfgPath, []byte(strings.Replace(string(b), "timeout: 5s}", "timeout: 5s, revisit: [1h, 24h]}", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	haberci(t, 0, "crawl", "--config", cfgPath)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	addHistory(t, cfg)
	url := pgtest.URL(t)
	warcDir := filepath.Join(t.TempDir(), "warc")
	if code, _, errOut := runCLI("migrate", "--config", cfgPath); code != 2 || !strings.Contains(errOut, "postgres://") {
		t.Errorf("migrate without --to: exit %d, %q", code, errOut)
	}
	interruptedCopy(t, cfg, url, warcDir)

	out := haberci(t, 0, "migrate", "--config", cfgPath, "--to", url, "--warc-dir", warcDir)
	if !regexp.MustCompile(`copied \d+ sources, \d+ clusters, 0 articles, 0 captures, [1-9]\d* revisits, 1 article versions, 1 watches`).MatchString(out) ||
		!strings.Contains(out, "copied 1 WARC files") || !strings.Contains(out, ": 0 do not read back") || !strings.Contains(out, "verified") {
		t.Errorf("migrate after an interrupted one said %q", out)
	}
	out = haberci(t, 0, "migrate", "--config", cfgPath, "--to", url, "--warc-dir", warcDir)
	if !strings.Contains(out, " 0 articles, 0 captures") || !strings.Contains(out, "copied 0 WARC files (0 bytes)") ||
		!strings.Contains(out, "1 there already") || !strings.Contains(out, "verified") {
		t.Errorf("second migrate said %q", out)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(warcDir, ".*")); len(leftovers) > 0 {
		t.Errorf("temporary files left in warc_dir: %v", leftovers)
	}

	// Table by table, as many rows.
	ctx := context.Background()
	lite, err := sql.Open("sqlite", "file:"+filepath.Join(cfg.DataDir, "haberci.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close(ctx)
	for _, table := range migratedTables {
		var want, got int64
		if err := lite.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if err := pg.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want || (want == 0 && table != "watch_band" && !strings.HasPrefix(table, "watch_")) {
			t.Errorf("%s: %d rows in PostgreSQL, %d in SQLite", table, got, want)
		}
	}

	// The copy in use: check reads every capture back from warc_dir;
	// export gives what it gives on SQLite.
	pgPath := configAt(t, configWith(t, cfgPath, "database: "+url+"\nnode: dugum-1\nwarc_dir: "+warcDir+"\n"),
		filepath.Join(t.TempDir(), "data"))
	if out := haberci(t, 0, "check", "--config", pgPath); !strings.Contains(out, "0 problem(s)") {
		t.Errorf("check on the copy:\n%s", out)
	}
	want, got := exportJSONL(t, cfgPath), exportJSONL(t, pgPath)
	if len(want) < 5 || len(got) != len(want) {
		t.Fatalf("export: %d articles from PostgreSQL, %d from SQLite", len(got), len(want))
	}
	for i := range want {
		w, g := microRecord(want[i]), microRecord(got[i])
		if !reflect.DeepEqual(w, g) {
			t.Errorf("line %d:\nSQLite     %+v %+v\nPostgreSQL %+v %+v", i+1, w.Article, w.Captures, g.Article, g.Captures)
		}
	}
	for _, p := range []string{cfgPath, pgPath} {
		haberci(t, 0, "export", "--format", "warc", "--out", filepath.Join(filepath.Dir(p), "x.warc.gz"), "--config", p)
	}
	for _, name := range []string{"x.warc.gz", "x.cdx"} {
		w, err1 := os.ReadFile(filepath.Join(filepath.Dir(cfgPath), name))
		g, err2 := os.ReadFile(filepath.Join(filepath.Dir(pgPath), name))
		if err := errors.Join(err1, err2); err != nil || len(w) == 0 || string(w) != string(g) {
			t.Errorf("%s from PostgreSQL is not SQLite's byte for byte (%d and %d bytes, %v)", name, len(g), len(w), err)
		}
	}
}

// addHistory gives the crawled archive a revisit that changed an article
// (its text kept as a version) and a watch.
func addHistory(t *testing.T, cfg *config.Config) {
	t.Helper()
	ctx := context.Background()
	a, err := archive.Open(ctx, cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	arts, err := a.Since(ctx, 0, 1)
	if err != nil || len(arts) != 1 {
		t.Fatalf("articles %v, %v", arts, err)
	}
	at := time.Now().Add(-time.Minute)
	if err := a.Revisited(ctx, article.Revisited{ArticleID: arts[0].ID, SourceID: arts[0].SourceID, At: at,
		Changed:  &article.Article{Title: "Düzeltildi: " + arts[0].Title, Body: arts[0].Body + "\n\nDüzeltme."},
		NextStep: 1, NextAt: at.Add(24 * time.Hour), ETag: `"v2"`}); err != nil {
		t.Fatal(err)
	}
	w := archive.Watch{ID: "izmir", Name: "İzmir", Kind: archive.WatchQuery, Query: "izmir", FeedToken: "tok", CreatedAt: at}
	if err := a.AddWatch(ctx, &w, nil); err != nil {
		t.Fatal(err)
	}
}

// interruptedCopy copies into url until the captures are in, then stops
// (as a migrate killed there would), and leaves in warcDir the first WARC
// file cut short and a temporary file, as a copy killed while writing it.
func interruptedCopy(t *testing.T, cfg *config.Config, url, warcDir string) {
	t.Helper()
	ctx := context.Background()
	from, err := archive.Open(ctx, cfg.DataDir, archive.WithWARCDir(cfg.WARC()))
	if err != nil {
		t.Fatal(err)
	}
	defer from.Close()
	dst, err := pgarchive.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	stopped, stop := context.WithCancel(ctx)
	if _, err := dst.CopyFrom(stopped, from, func(what string, _ int64) {
		if what == "captures" {
			stop()
		}
	}); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted copy: %v", err)
	}
	names, err := from.WARCFiles(ctx)
	if err != nil || len(names) != 1 {
		t.Fatalf("WARC files %v, %v", names, err)
	}
	whole, err := os.ReadFile(from.WARCPath(names[0]))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(warcDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{names[0]: whole[:len(whole)/3], "." + names[0] + ".42.tmp": whole[:100]} {
		if err := os.WriteFile(filepath.Join(warcDir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// microRecord is rec as PostgreSQL keeps it: times at microseconds, without
// Seq (each store's own).
func microRecord(rec exportRecord) exportRecord {
	a := *rec.Article
	a.Seq = 0
	for _, tp := range []*time.Time{&a.PublishedAt, &a.FirstSeenAt, &a.UpdatedAt, &a.RemovedAt} {
		*tp = tp.Truncate(time.Microsecond)
	}
	caps := make([]article.Capture, len(rec.Captures))
	for i, c := range rec.Captures {
		c.FetchedAt = c.FetchedAt.Truncate(time.Microsecond)
		caps[i] = c
	}
	return exportRecord{Article: &a, SimHash: rec.SimHash, Captures: caps}
}
