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

// row is one run's measurements.
type row struct {
	docs            int
	pipe, raw       time.Duration
	crawl           time.Duration // part of pipe until the last article was archived
	close           time.Duration // archive.Close after pipe, not part of it
	pipeUse, rawUse use
}

func (r row) pipeRate() float64 { return rate(r.docs, r.pipe) }
func (r row) rawRate() float64  { return rate(r.docs, r.raw) }
func (r row) ratio() float64    { return r.pipeRate() / r.rawRate() }

// printTable writes one line per run and the medians.
func printTable(w io.Writer, o options, rows []row) {
	fmt.Fprintf(w, "haberci pipeline benchmark: %d docs (TTC-3600), %d sites, %s, GOMAXPROCS=%d, %s/%s\n",
		o.n, o.hosts, runtime.Version(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "command: go run ./bench/pipeline %s\n\n", strings.Join(os.Args[1:], " "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tdocs\tpipeline s\tcrawl s\tclose s\tart/s\tCPU s\theap MB\tRSS MB\t\traw bleve s\tdocs/s\tCPU s\theap MB\tRSS MB\t\tratio\t")
	for i, r := range rows {
		line(tw, fmt.Sprint(i+1), r)
	}
	if len(rows) > 1 {
		line(tw, "median", medianRow(rows))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nratio = pipeline art/s ÷ raw Bleve docs/s (goal ≥ 0.50); crawl s = until the last article was archived,")
	fmt.Fprintln(w, "the rest of pipeline s is the index catching up; close s = archive.Close afterwards, untimed as raw Bleve's Close is")
	fmt.Fprintln(w, "(it writes the LSH bands still pending). Each phase runs in a process of its own: CPU = its user+system;")
	fmt.Fprintln(w, "heap = peak live heap sampled every 5 ms; RSS = peak resident set (VmHWM, reset before each phase).")
	fmt.Fprintln(w, "The median row takes each column's median on its own; its ratio is that of the median rates.")
}

func line(w io.Writer, label string, r row) {
	fmt.Fprintf(w, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.0f\t%.2f\t%.0f\t%.0f\t\t%.2f\t%.0f\t%.2f\t%.0f\t%.0f\t\t%.2f\t\n", label, r.docs,
		r.pipe.Seconds(), r.crawl.Seconds(), r.close.Seconds(), r.pipeRate(), r.pipeUse.CPU.Seconds(), mb(r.pipeUse.Heap), mb(r.pipeUse.RSS),
		r.raw.Seconds(), r.rawRate(), r.rawUse.CPU.Seconds(), mb(r.rawUse.Heap), mb(r.rawUse.RSS), r.ratio())
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// medianRow takes the median of every column on its own.
func medianRow(rows []row) row {
	pick := func(f func(row) uint64) uint64 {
		v := make([]uint64, len(rows))
		for i, r := range rows {
			v[i] = f(r)
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	dur := func(f func(row) time.Duration) time.Duration {
		return time.Duration(pick(func(r row) uint64 { return uint64(f(r)) }))
	}
	return row{
		docs:  rows[0].docs,
		pipe:  dur(func(r row) time.Duration { return r.pipe }),
		raw:   dur(func(r row) time.Duration { return r.raw }),
		crawl: dur(func(r row) time.Duration { return r.crawl }),
		close: dur(func(r row) time.Duration { return r.close }),
		pipeUse: use{
			Heap: pick(func(r row) uint64 { return r.pipeUse.Heap }),
			RSS:  pick(func(r row) uint64 { return r.pipeUse.RSS }),
			CPU:  dur(func(r row) time.Duration { return r.pipeUse.CPU }),
		},
		rawUse: use{
			Heap: pick(func(r row) uint64 { return r.rawUse.Heap }),
			RSS:  pick(func(r row) uint64 { return r.rawUse.RSS }),
			CPU:  dur(func(r row) time.Duration { return r.rawUse.CPU }),
		},
	}
}
