// Command pipeline measures Haberci's whole pipeline against raw Bleve
// (issue 2). It serves the first N TTC-3600 texts as article pages from
// several local sites (httptest on 127.0.0.1, one RSS feed each), crawls
// them into a new data directory — fetch, extract, archive (SQLite + WARC,
// synchronous=FULL), index (Turkish mapping) by the following index writer,
// as `haberci serve` wires them — and times it from the start of RunAll
// until the index watermark reaches the archive's MaxSeq. In the same run it
// indexes the same extracted documents (title, body) into a new Bleve index
// with the default mapping, in batches of 500. It prints both rates, their
// ratio and each phase's peak heap and RSS, per run and the medians.
//
// From the repository root (the corpus is ../shared/data/ttc-3600):
//
//	go run ./bench/pipeline -n 2000 -hosts 8 -runs 3
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"
)

func main() {
	var o options
	flag.StringVar(&o.data, "data", "../shared/data", "shared data directory holding ttc-3600/")
	flag.IntVar(&o.n, "n", 2000, "number of articles (first N texts of TTC-3600)")
	flag.IntVar(&o.hosts, "hosts", 8, "local sites (host:port), crawled in parallel")
	flag.IntVar(&o.runs, "runs", 3, "runs; the table ends with the medians")
	flag.StringVar(&o.tmp, "tmp", "", "parent of the per-run data directories (default: the system temp dir)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the pipeline phases to this file")
	flag.StringVar(&o.blockProfile, "blockprofile", "", "write a blocking profile of the whole program to this file")
	flag.StringVar(&o.memProfile, "memprofile", "", "write an allocation profile of the whole program to this file")
	flag.Parse()
	if err := run(context.Background(), o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// options are the command-line settings.
type options struct {
	data, tmp                string
	cpuProfile, blockProfile string
	memProfile               string
	n, hosts, runs           int
}

// run loads the corpus, starts the sites and measures o.runs times.
func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	if o.n < 1 || o.hosts < 1 || o.runs < 1 {
		return fmt.Errorf("pipeline: -n, -hosts and -runs must be at least 1")
	}
	stories, err := loadStories(o.data, o.n)
	if err != nil {
		return err
	}
	sites := newSites(stories, o.hosts)
	defer func() {
		for _, s := range sites {
			s.Close()
		}
	}()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	prof, err := startProfiles(o)
	if err != nil {
		return err
	}
	defer prof.stop()
	var rows []row
	var docs []rawDoc
	for i := range o.runs {
		r, err := measure(ctx, o, sites, &docs, i%2 == 1, prof, log)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		rows = append(rows, r)
	}
	printTable(stdout, o, rows)
	return nil
}

// measure does one run in a fresh directory. Raw Bleve needs the pipeline's
// extracted documents, so the first run crawls first; later odd runs index
// raw first, so neither side always runs on a warmer process.
func measure(ctx context.Context, o options, sites []*site, docs *[]rawDoc, rawFirst bool, prof *profiles, log *slog.Logger) (row, error) {
	dir, err := os.MkdirTemp(o.tmp, "haberci-bench-")
	if err != nil {
		return row{}, fmt.Errorf("pipeline: %w", err)
	}
	defer os.RemoveAll(dir)
	r := row{docs: o.n}
	raw := func() error {
		m := startMeter()
		var err error
		r.raw, err = runRaw(dir, *docs)
		r.rawUse = m.done()
		return err
	}
	pipe := func() error {
		m := startMeter()
		prof.resume()
		res, err := runPipeline(ctx, dir, sites, o.n, log)
		prof.pause()
		r.pipeUse = m.done()
		r.pipe, r.crawl, *docs = res.elapsed, res.crawl, res.docs
		return err
	}
	steps := []func() error{pipe, raw}
	if rawFirst && len(*docs) > 0 {
		steps = []func() error{raw, pipe}
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return r, err
		}
	}
	return r, nil
}

// rate is items per second.
func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
