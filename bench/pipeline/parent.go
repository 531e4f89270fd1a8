package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// setup is a store setup the benchmark measures: the store of record and
// how many node processes crawl into it.
type setup struct {
	name  string
	nodes int
	pg    bool
}

// setups are those -stores chooses from, in the table's order.
var setups = []setup{{"sqlite", 1, false}, {"pg1", 1, true}, {"pg2", 2, true}}

// rawSetup names the raw Bleve baseline in the table.
const rawSetup = "raw"

// parseStores reads -stores: setup names, comma-separated.
func parseStores(s string) ([]setup, error) {
	var out []setup
	for _, name := range strings.Split(s, ",") {
		i := slices.IndexFunc(setups, func(st setup) bool { return st.name == strings.TrimSpace(name) })
		if i < 0 {
			return nil, fmt.Errorf("pipeline: -stores: unknown store setup %q (have sqlite, pg1, pg2)", name)
		}
		if !slices.Contains(out, setups[i]) {
			out = append(out, setups[i])
		}
	}
	slices.SortFunc(out, func(a, b setup) int { return slices.Index(setups, a) - slices.Index(setups, b) })
	return out, nil
}

// bench is one benchmark run's shared parts.
type bench struct {
	o      options
	work   string  // per-phase directories live under it
	docs   string  // the pipeline's extracted documents, raw Bleve's input
	sites  []*site // served by this process for every phase
	pg     *pgServer
	stderr io.Writer
}

// run measures o.runs times, each phase in child processes, and prints the
// table.
func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	if o.n < 1 || o.hosts < 1 || o.runs < 1 {
		return fmt.Errorf("pipeline: -n, -hosts and -runs must be at least 1")
	}
	stores, err := parseStores(o.stores)
	if err != nil {
		return err
	}
	stories, err := loadStories(o.data, o.n)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp(o.tmp, "haberci-bench-")
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	defer os.RemoveAll(work)
	b := &bench{o: o, work: work, docs: filepath.Join(work, "docs.json"), sites: newSites(stories, o.hosts), stderr: stderr}
	defer func() {
		for _, s := range b.sites {
			s.Close()
		}
	}()
	if slices.ContainsFunc(stores, func(s setup) bool { return s.pg }) {
		if b.pg, err = openPG(ctx, o.database); err != nil {
			return err
		}
		defer b.pg.close()
	}
	var runs [][]result
	for i := range o.runs {
		r, err := b.measure(ctx, stores, i)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		runs = append(runs, r)
	}
	printTable(stdout, o, runs)
	return nil
}

// measure does run i: each store setup, then raw Bleve, in fresh
// directories. Raw Bleve needs the pipeline's extracted documents, so the
// first run starts with a pipeline; later runs rotate the order, so that no
// setup always runs on a warmer or busier machine. Profiles are taken of
// the first run's first pipeline. The results are in the table's order.
func (b *bench) measure(ctx context.Context, stores []setup, i int) ([]result, error) {
	steps := append(slices.Clone(stores), setup{name: rawSetup, nodes: 1})
	k := i % len(steps)
	steps = append(steps[k:], steps[:k]...)
	var out []result
	for j, s := range steps {
		r, err := b.phase(ctx, s, i, i == 0 && j == 0)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b result) int { return order(a.setup) - order(b.setup) })
	return out, nil
}

// order is a setup's place in the table, raw Bleve last.
func order(name string) int {
	if i := slices.IndexFunc(setups, func(s setup) bool { return s.name == name }); i >= 0 {
		return i
	}
	return len(setups)
}

// phase measures setup s (or raw Bleve) once: one child process per node,
// all started together once each is set up.
func (b *bench) phase(ctx context.Context, s setup, i int, profile bool) (result, error) {
	dir := filepath.Join(b.work, fmt.Sprintf("%s-%d", s.name, i))
	defer os.RemoveAll(dir)
	if s.name == rawSetup {
		res, err := runChildren(ctx, b.o, []phaseReq{{Phase: phaseRaw, Dir: dir, Docs: b.docs}}, b.stderr, nil)
		if err != nil {
			return result{}, err
		}
		return newResult(s.name, b.o.n, res, nil, 0), nil
	}
	var database string
	if s.pg {
		db, drop, err := b.pg.create(ctx)
		if err != nil {
			return result{}, err
		}
		defer drop()
		database = db
	}
	reqs := make([]phaseReq, s.nodes)
	for k := range reqs {
		name := nodeName(k)
		reqs[k] = phaseReq{Phase: phasePipeline, Sites: siteURLs(b.sites), N: b.o.n, Database: database,
			Node: name, Nodes: s.nodes, Dir: filepath.Join(dir, name)}
	}
	reqs[0].Docs = b.docs
	if profile {
		reqs[0].CPUProfile, reqs[0].BlockProfile, reqs[0].MemProfile = b.o.cpuProfile, b.o.blockProfile, b.o.memProfile
	}
	pagesServed(b.sites) // count this phase's fetches only
	var cpu0, dbCPU time.Duration
	var c *clock
	if s.pg {
		c = &clock{started: func() { cpu0 = b.pg.cpu() }, stopped: func() { dbCPU = b.pg.cpu() - cpu0 }}
	}
	res, err := runChildren(ctx, b.o, reqs, b.stderr, c)
	if err != nil {
		return result{}, err
	}
	return newResult(s.name, b.o.n, res, pagesServed(b.sites), dbCPU), nil
}

// clock is told when the children's clocks start (all are set up) and
// stop (the last one stopped).
type clock struct{ started, stopped func() }

// child is one running phase process.
type child struct {
	req   phaseReq
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// event is a line a child said on its stdout, or its end (eof).
type event struct {
	k    int
	line string
	eof  bool
}

// runChildren runs one process of o.exe per request and reads their
// results. All are started; once each said it is ready, their stdin is
// closed, which starts their clocks together; once each said done, c is
// told. A child that fails ends the others.
func runChildren(ctx context.Context, o options, reqs []phaseReq, stderr io.Writer, c *clock) ([]phaseRes, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex // the children's stderr copiers write at once
	shared := stderr
	stderr = writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return shared.Write(p)
	})
	out := &lines{events: make(chan event, 3*len(reqs)), n: len(reqs), ended: map[int]bool{}}
	kids := make([]child, 0, len(reqs))
	defer func() {
		cancel() // kills the children still running after a failure
		for _, k := range kids {
			k.cmd.Wait()
		}
	}()
	for k, req := range reqs {
		req.Result = req.Dir + ".result.json"
		kid, stdout, err := startChild(ctx, o, req, stderr)
		if err != nil {
			return nil, err
		}
		kids = append(kids, kid)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				out.events <- event{k: k, line: sc.Text()}
			}
			out.events <- event{k: k, eof: true}
		}()
	}
	failed := func() ([]phaseRes, error) {
		cancel()
		for _, k := range kids {
			k.cmd.Wait()
		}
		errs := []error{errors.New("pipeline: a phase process ended early")}
		for _, k := range kids {
			if _, err := readResult(k.req); err != nil {
				errs = append(errs, err)
			}
		}
		kids = nil
		return nil, errors.Join(errs...)
	}
	if !out.await(msgReady) {
		return failed()
	}
	if c != nil && c.started != nil {
		c.started()
	}
	for _, k := range kids {
		k.stdin.Close()
	}
	if !out.await(msgDone) {
		return failed()
	}
	if c != nil && c.stopped != nil {
		c.stopped()
	}
	if !out.drain() { // each child's stdout read to its end before Wait
		return failed()
	}
	var res []phaseRes
	for _, k := range kids {
		if err := k.cmd.Wait(); err != nil {
			return nil, fmt.Errorf("pipeline: %s phase: %w", k.req.Phase, err)
		}
		r, err := readResult(k.req)
		if err != nil {
			return nil, err
		}
		res = append(res, r)
	}
	kids = nil
	return res, nil
}

// lines gathers what the children say on their stdout.
type lines struct {
	events chan event
	n      int
	ended  map[int]bool // children whose stdout ended
}

// await reads events until each child said want; false when one said
// something else, or ended before it said it.
func (l *lines) await(want string) bool {
	if len(l.ended) > 0 {
		return false
	}
	said := map[int]bool{}
	for len(said) < l.n {
		e := <-l.events
		switch {
		case e.eof && said[e.k]:
			l.ended[e.k] = true
		case e.eof || e.line != want || said[e.k]:
			return false
		default:
			said[e.k] = true
		}
	}
	return true
}

// drain reads until every child's stdout ended; false when one said more.
func (l *lines) drain() bool {
	for len(l.ended) < l.n {
		e := <-l.events
		if !e.eof {
			return false
		}
		l.ended[e.k] = true
	}
	return true
}

// writerFunc is a func as an io.Writer.
type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// startChild starts a process of o.exe for req, its stdin and stdout piped.
func startChild(ctx context.Context, o options, req phaseReq, stderr io.Writer) (child, io.Reader, error) {
	enc, err := json.Marshal(req)
	if err != nil {
		return child{}, nil, err
	}
	cmd := exec.CommandContext(ctx, o.exe, o.exeArgs...)
	cmd.Env = append(os.Environ(), phaseEnv+"="+string(enc))
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return child{}, nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return child{}, nil, err
	}
	if err := cmd.Start(); err != nil {
		return child{}, nil, fmt.Errorf("pipeline: %s phase: %w", req.Phase, err)
	}
	return child{req: req, cmd: cmd, stdin: stdin}, stdout, nil
}

// readResult reads what a child reported.
func readResult(req phaseReq) (phaseRes, error) {
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
