package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/haberci/haberci/internal/pgtest"
)

// The benchmark itself: go run ./bench/pipeline (see main.go). These tests
// run it on the six TTC-3600 texts in testdata.

// TestMain lets the test binary serve as the benchmark's child process.
func TestMain(m *testing.M) {
	if enc := os.Getenv(phaseEnv); enc != "" {
		os.Exit(childMain(context.Background(), enc))
	}
	os.Exit(pgtest.Main(m))
}

func TestLoadStories(t *testing.T) {
	tests := map[string]struct {
		n       int
		wantErr bool
	}{
		"all six":   {n: 6},
		"first two": {n: 2},
		"too many":  {n: 7, wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := loadStories("testdata", tc.n)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if len(got) != tc.n || got[0].slug != "ekonomi-235" {
				t.Fatalf("%d stories, first %q; want %d starting with ekonomi-235", len(got), got[0].slug, tc.n)
			}
			for _, s := range got {
				if s.title == "" || len(s.paras) < 2 || strings.ContainsAny(s.paras[0], "\ufeff\t\n") ||
					!strings.HasPrefix(s.paras[0], s.title) {
					t.Errorf("%s: title %q, %d paragraphs, first %q", s.slug, s.title, len(s.paras), s.paras[0])
				}
			}
		})
	}
}

func TestHeadline(t *testing.T) {
	long := strings.Repeat("çok uzun kelime ", 10)
	tests := map[string]struct{ in, want string }{
		"first sentence": {"Borsa güne yükselişle başladı. Endeks 80 bin puanı aştı", "Borsa güne yükselişle başladı"},
		"short, no stop": {"Kısa başlık", "Kısa başlık"},
		"cut at a space": {long, strings.TrimSpace(long[:strings.LastIndex(long[:90], " ")])},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := headline(tc.in); got != tc.want {
				t.Errorf("headline = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPipelineArchivesAndIndexesEveryStory crawls the six stories from two
// local sites and checks what the raw Bleve side is given: the extracted
// text of each story, without the page chrome.
func TestPipelineArchivesAndIndexesEveryStory(t *testing.T) {
	stories, err := loadStories("testdata", 6)
	if err != nil {
		t.Fatal(err)
	}
	sites := newSites(stories, 2)
	defer func() {
		for _, s := range sites {
			s.Close()
		}
	}()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	n := node{dir: t.TempDir(), name: "node-1", nodes: 1}
	res, err := runPipeline(context.Background(), n, siteURLs(sites), len(stories), true, gate{}, log)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.docs) != len(stories) || res.elapsed <= 0 || res.crawl > res.elapsed {
		t.Fatalf("%d docs, elapsed %v, crawl %v", len(res.docs), res.elapsed, res.crawl)
	}
	if got := pagesServed(sites); got[userAgent("node-1")] != len(stories) || len(got) != 1 {
		t.Errorf("pages served by User-Agent: %v, want %d to node-1", got, len(stories))
	}
	byTitle := map[string]rawDoc{}
	for _, d := range res.docs {
		byTitle[d.Title] = d
	}
	for _, s := range stories {
		d, ok := byTitle[s.title]
		if got := recall(strings.Join(s.paras, " "), d.Body); !ok || got < 0.95 ||
			strings.Contains(d.Body, "Tüm hakları saklıdır") || strings.Contains(d.Body, "İlgili Haberler") {
			t.Errorf("%s: found %v, word recall %.2f, body %q", s.slug, ok, got, d.Body)
		}
	}
	took, err := runRaw(t.TempDir(), res.docs)
	if err != nil || took <= 0 {
		t.Errorf("raw Bleve: %v, %v", took, err)
	}
}

func TestRunPrintsTable(t *testing.T) {
	var out, errs bytes.Buffer
	o := options{data: "testdata", n: 6, hosts: 3, runs: 2, tmp: t.TempDir(), stores: "sqlite",
		exe: os.Args[0], exeArgs: []string{"-test.run=^$"}}
	if err := run(context.Background(), o, &out, &errs); err != nil {
		t.Fatalf("run: %v (stderr %s)", err, errs.String())
	}
	lines := strings.Split(out.String(), "\n")
	var runs, median int
	for _, l := range lines {
		f := strings.Fields(l)
		switch {
		case len(f) > 4 && (f[0] == "1" || f[0] == "2") && f[1] == "sqlite" && f[3] == "6":
			runs++
		case len(f) > 4 && f[0] == "median" && f[1] == "sqlite":
			median++
		}
	}
	if runs != 2 || median != 1 {
		t.Errorf("table has %d run rows and %d median rows, want 2 and 1:\n%s", runs, median, out.String())
	}
}

// TestRunPostgres measures one and two nodes on PostgreSQL, on a server
// the benchmark starts and on one given by -database: every article is
// fetched once across the nodes, each node's index holds every article
// (the child fails otherwise), and the table says so.
func TestRunPostgres(t *testing.T) {
	tests := map[string]struct{ database func(testing.TB) string }{
		"own server":   {database: func(testing.TB) string { return "" }},
		"given server": {database: pgtest.URL},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out, errs bytes.Buffer
			o := options{data: "testdata", n: 6, hosts: 3, runs: 1, tmp: t.TempDir(), stores: "pg2,pg1",
				database: tc.database(t), exe: os.Args[0], exeArgs: []string{"-test.run=^$"}}
			err := run(context.Background(), o, &out, &errs)
			if errors.Is(err, pgtest.ErrNoPostgres) {
				pgtest.Unavailable(t, err)
			}
			if err != nil {
				t.Fatalf("run: %v (stderr %s)", err, errs.String())
			}
			rows := map[string][]string{}
			for _, l := range strings.Split(out.String(), "\n") {
				if f := strings.Fields(l); len(f) > 14 && f[0] == "1" {
					rows[f[1]] = f
				}
			}
			for setup, nodes := range map[string]string{"pg1": "1", "pg2": "2", "raw": "1"} {
				if f := rows[setup]; len(f) < 15 || f[2] != nodes || f[3] != "6" {
					t.Errorf("%s row %q, want %s nodes and 6 docs:\n%s", setup, f, nodes, out.String())
				}
			}
			if f := rows["pg1"]; len(f) != 15 || f[14] != "6" {
				t.Errorf("pg1 fetched %q, want 6 pages", f)
			}
			f := rows["pg2"]
			var a, b int
			if len(f) != 16 || f[14] != "6" {
				t.Errorf("pg2 fetched %q, want 6 pages and the per-node counts", f)
			} else if _, err := fmt.Sscanf(f[15], "(%d/%d)", &a, &b); err != nil || a+b != 6 {
				t.Errorf("pg2 per-node fetches %q (%v), want two adding up to 6", f[15], err)
			}
		})
	}
}

// recall is the share of want's words that occur in got.
func recall(want, got string) float64 {
	have := map[string]bool{}
	for _, w := range strings.Fields(got) {
		have[w] = true
	}
	words := strings.Fields(want)
	n := 0
	for _, w := range words {
		if have[w] {
			n++
		}
	}
	return float64(n) / float64(max(1, len(words)))
}

// TestChildReportsErrors: a phase that fails says why in its result.
func TestChildReportsErrors(t *testing.T) {
	dir := t.TempDir()
	o := options{exe: os.Args[0], exeArgs: []string{"-test.run=^$"}}
	req := phaseReq{Phase: phaseRaw, Dir: dir + "/raw", Docs: dir + "/missing.json"}
	_, err := runChildren(context.Background(), o, []phaseReq{req}, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "needs the pipeline's documents") {
		t.Errorf("raw phase without documents: %v", err)
	}
}
