// Command search measures Haberci's index at scale against raw Bleve
// (issue 4). It loads the whole 42bin corpus (Milliyet news, ~42k
// articles), replicates it with new ids up to -n articles, and builds two
// indexes of the same documents in the same run: ours (Turkish analysis,
// folded twins, through index.Apply) and raw Bleve with its default
// mapping. It reports each build's rate and size per article, then the
// p50/p99 latency of five query kinds with highlighting on both, and
// prints a markdown table. Our facet cache is off unless -facetcache says
// otherwise, so that every search counts its facets, as raw Bleve's do.
//
// From the repository root (the corpus is ../shared/data/kemik-42bin-haber):
//
//	go run ./bench/search -n 0        # the corpus once (41,983 articles)
//	go run ./bench/search -n 400000 -dir /tmp/hb-search400k   # replicated to 400k, indexes kept
//
// With -dir, a later run reuses the indexes (builds go to DIR/NAME.tmp and
// are renamed when done); ours is built again when its mapping changed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/haberci/haberci/index"
)

// options are the command-line settings.
type options struct {
	data, dir, cpuProfile         string
	n, queries, rounds, facetKeep int
	settle                        bool
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", "../shared/data", "shared data directory holding kemik-42bin-haber/")
	flag.IntVar(&o.n, "n", 0, "articles to index (0: the corpus once); beyond the corpus, copies with new ids")
	flag.IntVar(&o.queries, "queries", 100, "distinct queries per kind")
	flag.IntVar(&o.rounds, "rounds", 3, "timed runs of each query (after one untimed warm-up run)")
	flag.StringVar(&o.dir, "dir", "", "reuse or keep the indexes here (default: a new temp dir, removed at the end)")
	flag.IntVar(&o.facetKeep, "facetcache", 0, "facet cache size of our index (0: off, so every search counts its facets as raw Bleve does)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of our query phase to this file")
	flag.BoolVar(&o.settle, "settle", true, "before timing, wait until Bleve has stopped merging our index's segments (a fresh build leaves dozens)")
	flag.Parse()
	if err := run(context.Background(), o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run builds both indexes (unless -dir already holds them) and times the
// query kinds on each.
func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	corpus, err := loadCorpus(o.data)
	if err != nil {
		return err
	}
	if o.n <= 0 {
		o.n = len(corpus)
	}
	fmt.Fprintf(stderr, "corpus: %d articles; indexing %d\n", len(corpus), o.n)
	dir := o.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "haberci-bench-search-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	oursDir, rawDir := filepath.Join(dir, fmt.Sprintf("ours-%d", o.n)), filepath.Join(dir, fmt.Sprintf("raw-%d", o.n))
	oursB, err := ensureBuilt(oursDir, "ours", stderr, func(d string) (built, error) { return buildOurs(d, corpus, o.n) })
	if err != nil {
		return err
	}
	rawB, err := ensureBuilt(rawDir, "raw", stderr, func(d string) (built, error) { return buildRaw(d, corpus, o.n) })
	if err != nil {
		return err
	}

	opened := time.Now()
	ix, err := index.Open(oursDir)
	if err != nil {
		return err
	}
	defer ix.Close()
	ix.SetFacetCacheSize(o.facetKeep)
	fmt.Fprintf(stderr, "ours: opened in %s, %d segments\n", time.Since(opened).Round(time.Millisecond), ix.Segments())
	if o.settle {
		waited := settle(ix)
		fmt.Fprintf(stderr, "ours: %d segments, steady for %s after %s\n", ix.Segments(), settleQuiet, waited.Round(time.Second))
	}
	bi, err := bleve.Open(rawDir)
	if err != nil {
		return fmt.Errorf("search: raw bleve: %w", err)
	}
	defer bi.Close()

	wl := newWorkload(corpus, o.queries)
	var rows []latencyRow
	for _, k := range kinds(wl) {
		r := latencyRow{kind: k.name}
		if r.ours, r.oursHits, err = timeQueries(o, func(i int) (uint64, error) { return k.ours(ctx, ix, i) }); err != nil {
			return fmt.Errorf("search: %s (ours): %w", k.name, err)
		}
		if r.raw, r.rawHits, err = timeQueries(o, func(i int) (uint64, error) { return k.raw(ctx, bi, i) }); err != nil {
			return fmt.Errorf("search: %s (raw): %w", k.name, err)
		}
		rows = append(rows, r)
		fmt.Fprintf(stderr, "%s done\n", k.name)
	}
	fmt.Fprintf(stderr, "ours: %d segments after the queries\n", ix.Segments())
	if o.cpuProfile != "" {
		if err := profileOurs(o, ctx, ix, kinds(wl)); err != nil {
			return err
		}
	}
	printTable(stdout, o, len(corpus), oursB, rawB, rows)
	return nil
}

// profileOurs runs our query kinds again under the CPU profiler.
func profileOurs(o options, ctx context.Context, ix *index.Index, ks []kind) error {
	f, err := os.Create(o.cpuProfile)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	for _, k := range ks {
		for i := 0; i < o.queries; i++ {
			if _, err := k.ours(ctx, ix, i); err != nil {
				return err
			}
		}
	}
	return nil
}
