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
// -raw=false skips raw Bleve, to time two builds of ours on one index.
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
	"github.com/haberci/haberci/internal/procmem"
)

// options are the command-line settings.
type options struct {
	data, dir, cpuProfile, kinds  string
	n, queries, rounds, facetKeep int
	settle, raw                   bool
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
	flag.StringVar(&o.kinds, "kinds", "", "time only these query kinds, comma-separated (default: all)")
	flag.BoolVar(&o.raw, "raw", true, "build and time raw Bleve too; false times ours alone (to compare two builds of ours on one index)")
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
	oursB, err := ensureBuilt(oursDir, "ours", o.n, stderr, func(d string) (built, error) { return buildOurs(d, corpus, o.n) })
	if err != nil {
		return err
	}
	var rawB built
	if o.raw {
		if rawB, err = ensureBuilt(rawDir, "raw", o.n, stderr, func(d string) (built, error) { return buildRaw(d, corpus, o.n) }); err != nil {
			return err
		}
	}
	wl := newWorkload(corpus, o.queries)
	corpusSize := len(corpus)
	corpus = nil // only the queries are needed from here on: not counted in the peak RSS
	ks, err := selectKinds(kinds(wl), o.kinds)
	if err != nil {
		return err
	}

	// One index open at a time, so that each one's peak RSS is its own.
	fmt.Fprintf(stderr, "resident before opening ours: %.0f MiB\n", float64(resetPeakRSS())/(1<<20))
	ours, err := queryOurs(ctx, o, oursDir, ks, stderr)
	if err != nil {
		return err
	}
	raw := phase{lat: make([][]time.Duration, len(ks)), hits: make([]uint64, len(ks))}
	if o.raw {
		fmt.Fprintf(stderr, "resident before opening raw: %.0f MiB\n", float64(resetPeakRSS())/(1<<20))
		if raw, err = queryRaw(ctx, o, rawDir, ks, stderr); err != nil {
			return err
		}
	}
	rows := make([]latencyRow, len(ks))
	for i, k := range ks {
		rows[i] = latencyRow{kind: k.name, ours: ours.lat[i], oursHits: ours.hits[i], raw: raw.lat[i], rawHits: raw.hits[i]}
	}
	oursB.peakRSS, rawB.peakRSS = ours.peakRSS, raw.peakRSS
	printTable(stdout, o, corpusSize, oursB, rawB, rows)
	return nil
}

// phase is one index's query timings, by kind, and the process's peak
// resident memory while it was open and queried.
type phase struct {
	lat     [][]time.Duration
	hits    []uint64
	peakRSS uint64
}

// queryOurs opens our index, waits for its merges to settle, times every
// query kind and closes it.
func queryOurs(ctx context.Context, o options, dir string, ks []kind, log io.Writer) (phase, error) {
	opened := time.Now()
	ix, err := index.Open(dir)
	if err != nil {
		return phase{}, err
	}
	defer ix.Close()
	ix.SetFacetCacheSize(o.facetKeep)
	fmt.Fprintf(log, "ours: opened in %s, %d segments\n", time.Since(opened).Round(time.Millisecond), ix.Segments())
	if o.settle {
		waited := settle(ix)
		fmt.Fprintf(log, "ours: %d segments, steady for %s after %s\n", ix.Segments(), settleQuiet, waited.Round(time.Second))
	}
	p, err := timeKinds(o, ks, "ours", log, func(k kind, i int) (uint64, error) { return k.ours(ctx, ix, i) })
	if err != nil {
		return p, err
	}
	fmt.Fprintf(log, "ours: %d segments after the queries\n", ix.Segments())
	if o.cpuProfile != "" {
		if err := profileOurs(o, ctx, ix, ks); err != nil {
			return p, err
		}
	}
	return p, nil
}

// queryRaw times every query kind on raw Bleve's index.
func queryRaw(ctx context.Context, o options, dir string, ks []kind, log io.Writer) (phase, error) {
	bi, err := bleve.Open(dir)
	if err != nil {
		return phase{}, fmt.Errorf("search: raw bleve: %w", err)
	}
	defer bi.Close()
	return timeKinds(o, ks, "raw", log, func(k kind, i int) (uint64, error) { return k.raw(ctx, bi, i) })
}

// timeKinds times each kind's queries with q and reads the peak RSS at the end.
func timeKinds(o options, ks []kind, name string, log io.Writer, q func(k kind, i int) (uint64, error)) (phase, error) {
	var p phase
	for _, k := range ks {
		lat, hits, err := timeQueries(o, func(i int) (uint64, error) { return q(k, i) })
		if err != nil {
			return p, fmt.Errorf("search: %s (%s): %w", k.name, name, err)
		}
		p.lat, p.hits = append(p.lat, lat), append(p.hits, hits)
		fmt.Fprintf(log, "%s: %s done, mean %s ms\n", name, k.name, ms(mean(lat)))
	}
	p.peakRSS = procmem.PeakRSS()
	return p, nil
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
