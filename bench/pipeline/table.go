package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// result is one setup's measurement in one run: one process per node
// (raw Bleve: one), the clock that of the last node to stop.
type result struct {
	setup   string
	docs    int
	elapsed time.Duration // the last node's clock
	crawl   time.Duration // until every article was archived, as the first node saw it
	close   time.Duration // the slowest store Close after the clock
	cpu     time.Duration // the nodes' processes together
	dbCPU   time.Duration // the PostgreSQL server's while the clocks ran
	fetched int           // article pages the sites served, to anyone
	nodes   []nodeRun
}

// nodeRun is what one node process used and fetched.
type nodeRun struct {
	use     use
	fetched int
}

// nodeName is the k-th node's id (from 0).
func nodeName(k int) string { return fmt.Sprintf("node-%d", k+1) }

// newResult gathers a phase's children's results; served counts the
// article pages the sites served by User-Agent (nil for raw Bleve).
func newResult(name string, docs int, res []phaseRes, served map[string]int, dbCPU time.Duration) result {
	r := result{setup: name, docs: docs, dbCPU: dbCPU, crawl: res[0].Crawl}
	for _, n := range served {
		r.fetched += n
	}
	for k, c := range res {
		r.elapsed, r.close = max(r.elapsed, c.Elapsed), max(r.close, c.Close)
		r.crawl = min(r.crawl, c.Crawl)
		r.cpu += c.Use.CPU
		r.nodes = append(r.nodes, nodeRun{use: c.Use, fetched: served[userAgent(nodeName(k))]})
	}
	return r
}

func (r result) rate() float64 { return rate(r.docs, r.elapsed) }

// printTable writes one line per setup and run, then each setup's medians.
func printTable(w io.Writer, o options, runs [][]result) {
	fmt.Fprintf(w, "haberci pipeline benchmark: %d docs (TTC-3600), %d sites, %s, GOMAXPROCS=%d, %s/%s\n",
		o.n, o.hosts, runtime.Version(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "command: go run ./bench/pipeline %s\n\n", strings.Join(os.Args[1:], " "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tsetup\tnodes\tdocs\ts\tarchived s\tclose s\tdocs/s\t×sqlite\t×raw\tCPU s\tdb CPU s\theap MB\tRSS MB\tfetched\t")
	for i, rs := range runs {
		for _, r := range rs {
			line(tw, fmt.Sprint(i+1), r, rs)
		}
	}
	if len(runs) > 1 {
		var med []result
		for k := range runs[0] {
			col := make([]result, len(runs))
			for i, rs := range runs {
				col[i] = rs[k]
			}
			med = append(med, medianResult(col))
		}
		for _, r := range med {
			line(tw, "median", r, med)
		}
	}
	tw.Flush()
	fmt.Fprint(w, `
s = the clock: from the start of the crawl until every article is archived and every node's index watermark has
reached the archive's LastChange (each node indexes every article); raw = Bleve's default mapping, batches of 500,
the same extracted documents. archived s = until the archive held every article; close s = the store's Close
afterwards, untimed as raw Bleve's Close is (SQLite writes the LSH bands still pending). ×sqlite, ×raw = docs/s
over that of SQLite's pipeline, of raw Bleve in the same run (goal ≥ 0.50 ×raw). CPU s = the node processes'
user+system from the start of the clock to Close, together; db CPU s = the PostgreSQL server's processes' while
the clock ran. heap = peak live heap sampled every 5 ms, RSS = peak resident set (VmHWM), per process (node 1/node 2).
fetched = article pages the sites served, in all (per node); each URL is fetched once when it equals docs.
The median rows take each column's median on its own; their ratios are those of the median rates.
`)
}

// line writes r; run holds the same run's results, for the ratios.
func line(w io.Writer, label string, r result, run []result) {
	ratio := func(name string) string {
		i := slices.IndexFunc(run, func(o result) bool { return o.setup == name })
		if i < 0 || run[i].rate() == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", r.rate()/run[i].rate())
	}
	pipe := func(format string, v float64) string {
		if r.setup == rawSetup {
			return "-"
		}
		return fmt.Sprintf(format, v)
	}
	dbCPU := "-"
	if r.dbCPU > 0 {
		dbCPU = fmt.Sprintf("%.2f", r.dbCPU.Seconds())
	}
	fetched := pipe("%.0f", float64(r.fetched))
	if len(r.nodes) > 1 {
		fetched += " (" + perNode(r.nodes, "%d", func(n nodeRun) any { return n.fetched }) + ")"
	}
	fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%.2f\t%s\t%s\t%.0f\t%s\t%s\t%.2f\t%s\t%s\t%s\t%s\t\n",
		label, r.setup, len(r.nodes), r.docs, r.elapsed.Seconds(), pipe("%.2f", r.crawl.Seconds()), pipe("%.2f", r.close.Seconds()),
		r.rate(), ratio("sqlite"), ratio(rawSetup), r.cpu.Seconds(), dbCPU,
		perNode(r.nodes, "%.0f", func(n nodeRun) any { return mb(n.use.Heap) }),
		perNode(r.nodes, "%.0f", func(n nodeRun) any { return mb(n.use.RSS) }), fetched)
}

// perNode formats one value per node, slash-separated.
func perNode(nodes []nodeRun, format string, f func(nodeRun) any) string {
	s := make([]string, len(nodes))
	for k, n := range nodes {
		s[k] = fmt.Sprintf(format, f(n))
	}
	return strings.Join(s, "/")
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// medianResult takes the median of every column on its own.
func medianResult(rs []result) result {
	pick := func(f func(result) int64) int64 {
		v := make([]int64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	dur := func(f func(result) time.Duration) time.Duration {
		return time.Duration(pick(func(r result) int64 { return int64(f(r)) }))
	}
	m := result{setup: rs[0].setup, docs: rs[0].docs,
		elapsed: dur(func(r result) time.Duration { return r.elapsed }),
		crawl:   dur(func(r result) time.Duration { return r.crawl }),
		close:   dur(func(r result) time.Duration { return r.close }),
		cpu:     dur(func(r result) time.Duration { return r.cpu }),
		dbCPU:   dur(func(r result) time.Duration { return r.dbCPU }),
		fetched: int(pick(func(r result) int64 { return int64(r.fetched) })),
	}
	for k := range rs[0].nodes {
		m.nodes = append(m.nodes, nodeRun{
			use: use{
				Heap: uint64(pick(func(r result) int64 { return int64(r.nodes[k].use.Heap) })),
				RSS:  uint64(pick(func(r result) int64 { return int64(r.nodes[k].use.RSS) })),
				CPU:  dur(func(r result) time.Duration { return r.nodes[k].use.CPU }),
			},
			fetched: int(pick(func(r result) int64 { return int64(r.nodes[k].fetched) })),
		})
	}
	return m
}
