package main

import (
	"context"
	"encoding/json"
	"fmt"
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

// phaseReq is what one child measures.
type phaseReq struct {
	Phase    string
	Data     string // corpus (pipeline)
	N, Hosts int    // articles and sites (pipeline)
	Dir      string // the phase's data directory, created by the child
	Docs     string // extracted documents: written by the pipeline, read by raw
	Result   string // where the child writes its phaseRes

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
	var res phaseRes
	var err error
	if err = os.MkdirAll(req.Dir, 0o755); err == nil {
		switch req.Phase {
		case phasePipeline:
			res, err = pipelinePhase(ctx, req)
		case phaseRaw:
			res, err = rawPhase(req)
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

// pipelinePhase starts the sites, crawls them and writes the extracted
// documents for the raw phase.
func pipelinePhase(ctx context.Context, req phaseReq) (phaseRes, error) {
	stories, err := loadStories(req.Data, req.N)
	if err != nil {
		return phaseRes{}, err
	}
	sites := newSites(stories, req.Hosts)
	defer func() {
		for _, s := range sites {
			s.Close()
		}
	}()
	prof, err := startProfiles(req.CPUProfile, req.BlockProfile, req.MemProfile)
	if err != nil {
		return phaseRes{}, err
	}
	defer prof.stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	m := startMeter()
	prof.resume()
	out, err := runPipeline(ctx, req.Dir, sites, req.N, log)
	prof.pause()
	res := phaseRes{Elapsed: out.elapsed, Crawl: out.crawl, Close: out.close, Use: m.done()}
	if err != nil {
		return res, err
	}
	b, err := json.Marshal(out.docs)
	if err == nil {
		err = os.WriteFile(req.Docs, b, 0o644)
	}
	return res, err
}

// rawPhase indexes the pipeline's documents with raw Bleve.
func rawPhase(req phaseReq) (phaseRes, error) {
	b, err := os.ReadFile(req.Docs)
	if err != nil {
		return phaseRes{}, fmt.Errorf("pipeline: raw phase needs the pipeline's documents: %w", err)
	}
	var docs []rawDoc
	if err := json.Unmarshal(b, &docs); err != nil {
		return phaseRes{}, fmt.Errorf("pipeline: %s: %w", req.Docs, err)
	}
	m := startMeter()
	took, err := runRaw(req.Dir, docs)
	return phaseRes{Elapsed: took, Use: m.done()}, err
}
