// Command pipeline measures Haberci's whole pipeline against raw Bleve
// (issue 2), on SQLite and on PostgreSQL with one and two nodes (issue 21).
// It serves the first N TTC-3600 texts as article pages from several local
// sites (httptest on 127.0.0.1, one RSS feed each, served by this process),
// crawls them into a new store — fetch, extract, archive, index (Turkish
// mapping) by the index writer following the archive's change stream, as
// `haberci serve` wires them — and indexes the same extracted documents
// (title, body) into a new Bleve index with the default mapping, in batches
// of 500. The store setups (-stores):
//
//   - sqlite: one node, the SQLite archive (synchronous=FULL) and WARC
//     files in its data directory; RunAll over every source.
//   - pg1: one node on PostgreSQL (pgarchive.Open with WithWARC), the
//     crawler one node of a cluster (crawler.WithCluster: source leases,
//     host slots and URL claims in the database), scheduled by lease.
//   - pg2: two such node processes on one database, each with half the
//     crawl slots (sources ÷ 2), so that each leases half the sources, and
//     each with its own Bleve index following the change stream: each node
//     indexes every article, as every node of a cluster serves searches.
//
// The clock runs from the start of the crawl until every article is
// archived and every node's index watermark has reached the archive's
// LastChange. The sites count the article pages they serve to each node
// (by User-Agent): each URL must be fetched once across the nodes.
//
// Each phase of each run is a new process (this program again, see
// child.go), one per node, so that no side runs on another's heap and
// caches: in one process the baseline ran about 5 % slower after our
// pipeline. The nodes of a setup are set up first, then started together.
// PostgreSQL is a server internal/pgtest starts (fsync on), or -database's,
// with a new database per phase; its processes' CPU time is read from
// /proc while the clock runs.
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
	flag.StringVar(&o.stores, "stores", "sqlite,pg1,pg2", "store setups to measure, comma-separated: sqlite, pg1 (PostgreSQL, one node), pg2 (two nodes)")
	flag.StringVar(&o.database, "database", "", "PostgreSQL server to use (a postgres:// URL of a role that may create databases); default: start one with internal/pgtest")
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
	stores, database         string
	cpuProfile, blockProfile string
	memProfile               string
	n, hosts, runs           int
	exe                      string   // the program a phase runs in: this one
	exeArgs                  []string // its arguments (a test binary's)
}
