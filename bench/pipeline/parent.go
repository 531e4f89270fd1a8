package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// run measures o.runs times, each phase in a child process, and prints the
// table.
func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	if o.n < 1 || o.hosts < 1 || o.runs < 1 {
		return fmt.Errorf("pipeline: -n, -hosts and -runs must be at least 1")
	}
	work, err := os.MkdirTemp(o.tmp, "haberci-bench-")
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	defer os.RemoveAll(work)
	docs := filepath.Join(work, "docs.json") // the pipeline's output, raw Bleve's input
	var rows []row
	for i := range o.runs {
		r, err := measure(ctx, o, work, docs, i, stderr)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		rows = append(rows, r)
	}
	printTable(stdout, o, rows)
	return nil
}

// measure does run i in fresh directories under work. Raw Bleve needs the
// pipeline's extracted documents, so the first run crawls first; later odd
// runs index raw first, so neither side always runs on a warmer machine.
// Profiles are taken of the first run's pipeline.
func measure(ctx context.Context, o options, work, docs string, i int, stderr io.Writer) (row, error) {
	r := row{docs: o.n}
	pipe := phaseReq{Phase: phasePipeline, Data: o.data, N: o.n, Hosts: o.hosts,
		Dir: filepath.Join(work, fmt.Sprintf("pipe-%d", i)), Docs: docs}
	if i == 0 {
		pipe.CPUProfile, pipe.BlockProfile, pipe.MemProfile = o.cpuProfile, o.blockProfile, o.memProfile
	}
	raw := phaseReq{Phase: phaseRaw, Dir: filepath.Join(work, fmt.Sprintf("raw-%d", i)), Docs: docs}
	steps := []phaseReq{pipe, raw}
	if i%2 == 1 {
		steps = []phaseReq{raw, pipe}
	}
	for _, req := range steps {
		res, err := runChild(ctx, o, req, stderr)
		if err != nil {
			return r, err
		}
		if req.Phase == phasePipeline {
			r.pipe, r.crawl, r.close, r.pipeUse = res.Elapsed, res.Crawl, res.Close, res.Use
		} else {
			r.raw, r.rawUse = res.Elapsed, res.Use
		}
		os.RemoveAll(req.Dir)
	}
	return r, nil
}

// runChild runs one phase in a new process of o.exe and reads its result.
func runChild(ctx context.Context, o options, req phaseReq, stderr io.Writer) (phaseRes, error) {
	req.Result = req.Dir + ".result.json"
	enc, err := json.Marshal(req)
	if err != nil {
		return phaseRes{}, err
	}
	cmd := exec.CommandContext(ctx, o.exe, o.exeArgs...)
	cmd.Env = append(os.Environ(), phaseEnv+"="+string(enc))
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		return phaseRes{}, fmt.Errorf("pipeline: %s phase: %w", req.Phase, err)
	}
	b, err := os.ReadFile(req.Result)
	if err != nil {
		return phaseRes{}, fmt.Errorf("pipeline: %s phase: %w", req.Phase, err)
	}
	var res phaseRes
	if err := json.Unmarshal(b, &res); err != nil {
		return phaseRes{}, fmt.Errorf("pipeline: %s phase: %w", req.Phase, err)
	}
	if res.Err != "" {
		return res, fmt.Errorf("pipeline: %s phase: %s", req.Phase, res.Err)
	}
	return res, nil
}

// rate is items per second.
func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
