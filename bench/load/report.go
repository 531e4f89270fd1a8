package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// stats summarises a set of samples.
type stats struct {
	requests, errors   int
	p50, p90, p99, max time.Duration
}

func summarise(ss []sample, keep func(sample) bool) stats {
	var st stats
	var lat []time.Duration
	for _, s := range ss {
		if !keep(s) {
			continue
		}
		st.requests++
		if !s.ok {
			st.errors++
		}
		lat = append(lat, s.took)
	}
	if len(lat) == 0 {
		return st
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	st.p50, st.p90, st.p99, st.max = q(0.50), q(0.90), q(0.99), lat[len(lat)-1]
	return st
}

// result is everything one run measured.
type result struct {
	articles        int64 // indexed when the load started
	clients         int
	wall            time.Duration // from the first request to the last answer
	samples         []sample
	peakRSS         uint64
	crawled         float64 // haberci_articles_stored_total growth during the load
	indexedDuring   int64   // index growth during the load
	pages           int64   // article pages the local sites served during the load
	cleanExit       bool
	processRSSAtEnd float64 // process_resident_memory_bytes on /metrics at the end
}

// printTable writes the markdown tables: the run, then each request kind.
func printTable(w io.Writer, r result) {
	all := summarise(r.samples, func(sample) bool { return true })
	fmt.Fprintln(w, "| articles | clients | duration | requests | req/s | p50 | p90 | p99 | max | errors | peak RSS | crawled during run |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	fmt.Fprintf(w, "| %d | %d | %s | %d | %.1f | %s | %s | %s | %s | %d | %s | %.0f stored, %d indexed |\n",
		r.articles, r.clients, r.wall.Round(100*time.Millisecond), all.requests, float64(all.requests)/r.wall.Seconds(),
		ms(all.p50), ms(all.p90), ms(all.p99), ms(all.max), all.errors, mib(r.peakRSS), r.crawled, r.indexedDuring)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| kind | requests | p50 | p90 | p99 | max | errors |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for i, k := range kinds {
		st := summarise(r.samples, func(s sample) bool { return s.kind == i })
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %d |\n", k.name, st.requests, ms(st.p50), ms(st.p90), ms(st.p99), ms(st.max), st.errors)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Local sites served %d article pages during the load; process_resident_memory_bytes at the end: %s; daemon exit after SIGTERM: %s.\n",
		r.pages, mib(uint64(r.processRSSAtEnd)), map[bool]string{true: "0 (clean)", false: "NOT clean"}[r.cleanExit])
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
