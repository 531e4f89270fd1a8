// Command load is issue 6's load test: a real `haberci serve` with -n
// archived articles (default 50,000, made from the 42bin corpus and
// replicated with new URLs beyond its 41,992 files) answers -c concurrent
// search clients for -d on 127.0.0.1 while it crawls local news sites.
// It prints throughput, latency percentiles, errors, the daemon's peak RSS
// (VmHWM) and how many articles were crawled during the run, as markdown.
//
// The data_dir is prepared in-process (archive.Put from several goroutines,
// then the index built with CatchUp), not over HTTP. With -dir it is kept
// under DIR/data-N and reused by later runs; their crawls add a few hundred
// articles each, so "articles" reports what the index held at the start.
//
// From the repository root:
//
//	go run ./bench/load -n 50000 -c 8 -d 60s -dir /tmp/haberci-load
//
// With -pages the web pages join the mix (see pageKinds).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

// options are the command-line settings.
type options struct {
	n, clients, workers, sites int
	duration, startup          time.Duration
	data, dir, root            string
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 50000, "archived articles to prepare")
	flag.IntVar(&o.clients, "c", 8, "concurrent search clients")
	flag.DurationVar(&o.duration, "d", 60*time.Second, "how long the clients run")
	flag.IntVar(&o.workers, "workers", 16, "goroutines putting articles while preparing")
	flag.IntVar(&o.sites, "sites", 3, "local news sites crawled during the run")
	flag.DurationVar(&o.startup, "startup", 10*time.Minute, "how long the daemon may take to become healthy")
	flag.StringVar(&o.data, "data", "../shared/data", "shared data directory holding kemik-42bin-haber/")
	flag.StringVar(&o.dir, "dir", "", "keep and reuse the prepared data_dir here (default: a temp dir, removed)")
	flag.StringVar(&o.root, "root", ".", "module root to build ./cmd/haberci from")
	withPages := flag.Bool("pages", false, "add the web pages (search, one per story, article) to the mix")
	flag.Parse()
	if *withPages {
		kinds = append(kinds, pageKinds...)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run prepares the data, starts the sites and the daemon, loads it and
// prints the tables.
func run(ctx context.Context, o options, stdout, log io.Writer) error {
	if o.n <= 0 || o.clients <= 0 || o.duration <= 0 || o.workers <= 0 || o.sites <= 0 {
		return fmt.Errorf("load: -n, -c, -d, -workers and -sites must be positive")
	}
	tmp, err := os.MkdirTemp("", "haberci-load-")
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer os.RemoveAll(tmp)
	bin, err := buildBinary(ctx, o.root, tmp)
	if err != nil {
		return err
	}
	dataDir := filepath.Join(tmp, "data")
	if o.dir != "" {
		dataDir = filepath.Join(o.dir, "data-"+strconv.Itoa(o.n))
	}
	corpus := filepath.Join(o.data, corpusFile)
	took, err := prepare(ctx, dataDir, corpus, o.n, o.workers, log)
	if err != nil {
		return err
	}
	if took > 0 {
		fmt.Fprintf(log, "prepared %d articles in %s\n", o.n, took.Round(time.Second))
	}
	vb := newVocabBuilder(o.n)
	if err := walkCorpus(corpus, func(d doc) error { vb.add(d); return nil }); err != nil {
		return err
	}
	v := vb.done()
	if err := checkVocab(&v); err != nil {
		return err
	}
	return loadDaemon(ctx, o, bin, tmp, dataDir, &v, stdout, log)
}

// loadDaemon runs the daemon against the local sites, measures the load
// and stops the daemon with SIGTERM.
func loadDaemon(ctx context.Context, o options, bin, tmp, dataDir string, v *vocab, stdout, log io.Writer) error {
	var pages atomic.Int64
	sites, err := startSites(v.stories, o.sites, &pages)
	if err != nil {
		return err
	}
	defer stopSites(sites)
	listen, err := freeAddr()
	if err != nil {
		return err
	}
	cfg, logPath := filepath.Join(tmp, "haberci.yaml"), filepath.Join(tmp, "serve.log")
	if o.dir != "" {
		logPath = filepath.Join(o.dir, "serve.log") // kept for reading after the run
	}
	if err := writeConfig(cfg, dataDir, listen, strconv.FormatInt(time.Now().Unix(), 36), sites); err != nil {
		return err
	}
	d, err := startDaemon(bin, cfg, listen, logPath, o.startup)
	if err != nil {
		return err
	}
	rss := sampleRSS(d.cmd.Process.Pid, 100*time.Millisecond)
	r, err := measure(ctx, o, d, v, &pages, log)
	r.peakRSS = rss.finish()
	if serr := d.stop(30 * time.Second); serr != nil {
		fmt.Fprintln(log, serr)
	} else {
		r.cleanExit = true
	}
	if err != nil {
		return err
	}
	printTable(stdout, r)
	if !r.cleanExit {
		return fmt.Errorf("load: the daemon did not exit cleanly; see %s", logPath)
	}
	return nil
}

// measure runs the clients and reads the daemon's counters around them.
func measure(ctx context.Context, o options, d *daemon, v *vocab, pages *atomic.Int64, log io.Writer) (result, error) {
	const stored, rssMetric = "haberci_articles_stored_total", "process_resident_memory_bytes"
	r := result{clients: o.clients}
	var err error
	if r.articles, err = indexed(ctx, d.base); err != nil {
		return r, err
	}
	before, err := metrics(ctx, d.base, stored)
	if err != nil {
		return r, err
	}
	pages0 := pages.Load()
	fmt.Fprintf(log, "daemon healthy with %d articles indexed; %d clients for %s\n", r.articles, o.clients, o.duration)
	var fe firstErr
	start := time.Now()
	r.samples = runClients(ctx, d.base, v, o.clients, o.duration, &fe)
	r.wall = time.Since(start)
	r.pages = pages.Load() - pages0
	if fe.msg != "" {
		fmt.Fprintf(log, "first failed request: %s\n", fe.msg)
	}
	after, err := metrics(ctx, d.base, stored, rssMetric)
	if err != nil {
		return r, err
	}
	r.crawled, r.processRSSAtEnd = after[stored]-before[stored], after[rssMetric]
	n, err := indexed(ctx, d.base)
	r.indexedDuring = n - r.articles
	return r, err
}
