package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// latencyRow is one query kind's latencies on both indexes.
type latencyRow struct {
	kind              string
	ours, raw         []time.Duration // sorted
	oursHits, rawHits uint64          // total matches over one round
}

// timeQueries runs query 0..o.queries-1 once untimed, then o.rounds times
// timed, and returns the sorted latencies and the matches of one round.
func timeQueries(o options, q func(i int) (uint64, error)) ([]time.Duration, uint64, error) {
	var hits uint64
	for i := 0; i < o.queries; i++ {
		n, err := q(i)
		if err != nil {
			return nil, 0, err
		}
		hits += n
	}
	lat := make([]time.Duration, 0, o.queries*o.rounds)
	for r := 0; r < o.rounds; r++ {
		for i := 0; i < o.queries; i++ {
			start := time.Now()
			if _, err := q(i); err != nil {
				return nil, 0, err
			}
			lat = append(lat, time.Since(start))
		}
	}
	slices.Sort(lat)
	return lat, hits, nil
}

// mean returns the mean of latencies, steadier than a quantile for
// comparing two builds.
func mean(lat []time.Duration) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	return sum / time.Duration(len(lat))
}

// quantile returns the q-quantile (nearest rank) of sorted latencies.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

// printTable writes the build and latency figures as markdown.
func printTable(w io.Writer, o options, corpus int, ours, raw built, rows []latencyRow) {
	fmt.Fprintf(w, "### Search at %d articles (42bin corpus, %d articles, ×%.1f)\n\n", o.n, corpus, float64(o.n)/float64(corpus))
	fmt.Fprintf(w, "`go run ./bench/search %s` — %s, GOMAXPROCS=%d, %s/%s; %d queries × %d rounds per kind\n\n",
		strings.Join(os.Args[1:], " "), runtime.Version(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, o.queries, o.rounds)
	fmt.Fprintln(w, "| index | build s | build CPU s | docs/s | bytes/article | peak RSS while queried |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, b := range []struct {
		name string
		b    built
	}{{"haberci (tr + folded)", ours}, {"raw Bleve (default mapping)", raw}} {
		build, cpu, rate := "not kept", "not kept", ""
		if b.b.Took > 0 {
			build, rate = fmt.Sprintf("%.1f", b.b.Took.Seconds()), fmt.Sprintf("%.0f", b.b.rate())
		}
		if b.b.CPU > 0 {
			cpu = fmt.Sprintf("%.1f", b.b.CPU.Seconds())
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.0f | %.0f MiB |\n", b.name, build, cpu, rate, b.b.perDoc(), float64(b.b.peakRSS)/(1<<20))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| query kind | ours p50 ms | ours p99 ms | raw p50 ms | raw p99 ms | p99 ratio | ours hits/q | raw hits/q |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		p99o, p99r := quantile(r.ours, 0.99), quantile(r.raw, 0.99)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.2f | %d | %d |\n", r.kind, ms(quantile(r.ours, 0.5)), ms(p99o),
			ms(quantile(r.raw, 0.5)), ms(p99r), float64(p99o)/float64(p99r),
			r.oursHits/uint64(o.queries), r.rawHits/uint64(o.queries))
	}
}
