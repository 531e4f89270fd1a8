// Command pipeline measures Haberci's whole pipeline against raw Bleve
// (issue 2). It serves the first N TTC-3600 texts as article pages from
// several local sites (httptest on 127.0.0.1, one RSS feed each), crawls
// them into a new data directory — fetch, extract, archive (SQLite + WARC,
// synchronous=FULL), index (Turkish mapping) by the following index writer,
// as `haberci serve` wires them — and times it from the start of RunAll
// until the index watermark reaches the archive's LastChange. In the same run it
// indexes the same extracted documents (title, body) into a new Bleve index
// with the default mapping, in batches of 500. It prints both rates, their
// ratio and each phase's peak heap and RSS, per run and the medians.
//
// Each phase of each run is a new process (this program again, see
// child.go), so that neither side runs on the other's heap and caches: in
// one process the baseline ran about 5 % slower after our pipeline.
//
// From the repository root (the corpus is ../shared/data/ttc-3600):
//
//	go run ./bench/pipeline -n 2000 -hosts 8 -runs 3
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

func main() {
	var o options
	flag.StringVar(&o.data, "data", "../shared/data", "shared data directory holding ttc-3600/")
	flag.IntVar(&o.n, "n", 2000, "number of articles (first N texts of TTC-3600)")
	flag.IntVar(&o.hosts, "hosts", 8, "local sites (host:port), crawled in parallel")
	flag.IntVar(&o.runs, "runs", 3, "runs; the table ends with the medians")
	flag.StringVar(&o.tmp, "tmp", "", "parent of the per-run data directories (default: the system temp dir)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the first run's pipeline phase to this file")
	flag.StringVar(&o.blockProfile, "blockprofile", "", "write a blocking profile of the first run's pipeline process to this file")
	flag.StringVar(&o.memProfile, "memprofile", "", "write an allocation profile of the first run's pipeline process to this file")
	flag.Parse()
	if phase := os.Getenv(phaseEnv); phase != "" {
		os.Exit(childMain(context.Background(), phase))
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	o.exe = exe
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
	exe                      string   // the program a phase runs in: this one
	exeArgs                  []string // its arguments (a test binary's)
}
