package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"
)

// phaseEnv carries a phaseReq, JSON-encoded, to a child process.
const phaseEnv = "HABERCI_PIPELINE_PHASE"

// The phases a child runs.
const (
	phasePipeline = "pipeline"
	phaseRaw      = "raw"
)

// phaseTimeout bounds one phase: a crawl that stalls fails instead of
// hanging the benchmark.
const phaseTimeout = 30 * time.Minute

// What a child says on its stdout, one line each: its clock may start
// (then it waits for its stdin to close), and its clock stopped.
const (
	msgReady = "ready"
	msgDone  = "done"
)

// phaseReq is what one child measures.
type phaseReq struct {
	Phase    string
	Sites    []string // the sites' base URLs (pipeline)
	N        int      // articles (pipeline)
	Database string   // PostgreSQL URL; "" for SQLite (pipeline)
	Node     string   // node id (pipeline)
	Nodes    int      // nodes of the setup (pipeline)
	Dir      string   // the phase's data directory, created by the child
	Docs     string   // extracted documents: written by the pipeline when set, read by raw
	Result   string   // where the child writes its phaseRes

	CPUProfile, BlockProfile, MemProfile string // pipeline only
}

// phaseRes is what a child reports.
type phaseRes struct {
	Elapsed, Crawl, Close time.Duration
	Use                   use
	Err                   string
}

// childMain runs the phase encoded in the environment and writes its
// result; the exit code says only whether the result could be written.
func childMain(ctx context.Context, enc string) int {
	var req phaseReq
	if err := json.Unmarshal([]byte(enc), &req); err != nil {
		fmt.Fprintln(os.Stderr, "pipeline: phase request:", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(ctx, phaseTimeout)
	defer cancel()
	g := gate{
		ready: func() { fmt.Println(msgReady); io.Copy(io.Discard, os.Stdin) },
		done:  func() { fmt.Println(msgDone) },
	}
	var res phaseRes
	var err error
	if err = os.MkdirAll(req.Dir, 0o755); err == nil {
		switch req.Phase {
		case phasePipeline:
			res, err = pipelinePhase(ctx, req, g)
		case phaseRaw:
			res, err = rawPhase(req, g)
		default:
			err = fmt.Errorf("pipeline: unknown phase %q", req.Phase)
		}
	}
	if err != nil {
		res.Err = err.Error()
	}
	b, _ := json.Marshal(res)
	if err := os.WriteFile(req.Result, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		return 2
	}
	return 0
}

// pipelinePhase crawls the sites as one node and writes the extracted
// documents for the raw phase when asked. CPU time, peak heap and RSS are
// those from the start of the clock to the store's Close.
func pipelinePhase(ctx context.Context, req phaseReq, g gate) (phaseRes, error) {
	prof, err := startProfiles(req.CPUProfile, req.BlockProfile, req.MemProfile)
	if err != nil {
		return phaseRes{}, err
	}
	defer prof.stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var m *meter
	timed := gate{
		ready: func() { g.ready(); m = startMeter(); prof.resume() },
		done:  func() { prof.pause(); g.done() },
	}
	n := node{dir: req.Dir, database: req.Database, name: req.Node, nodes: max(1, req.Nodes)}
	out, err := runPipeline(ctx, n, req.Sites, req.N, req.Docs != "", timed, log)
	res := phaseRes{Elapsed: out.elapsed, Crawl: out.crawl, Close: out.close}
	if m != nil {
		res.Use = m.done()
	}
	if err != nil || req.Docs == "" {
		return res, err
	}
	b, err := json.Marshal(out.docs)
	if err == nil {
		err = os.WriteFile(req.Docs, b, 0o644)
	}
	return res, err
}

// rawPhase indexes the pipeline's documents with raw Bleve.
func rawPhase(req phaseReq, g gate) (phaseRes, error) {
	b, err := os.ReadFile(req.Docs)
	if err != nil {
		return phaseRes{}, fmt.Errorf("pipeline: raw phase needs the pipeline's documents: %w", err)
	}
	var docs []rawDoc
	if err := json.Unmarshal(b, &docs); err != nil {
		return phaseRes{}, fmt.Errorf("pipeline: %s: %w", req.Docs, err)
	}
	g.ready()
	m := startMeter()
	took, err := runRaw(req.Dir, docs)
	g.done()
	return phaseRes{Elapsed: took, Use: m.done()}, err
}
