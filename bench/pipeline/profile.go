package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profiles collects the optional CPU profile of a pipeline phase and the
// blocking and allocation profiles of its process.
type profiles struct {
	cpu        *os.File
	cpuPath    string
	block, mem string
	parts      int
}

// startProfiles turns on the blocking profile at once; the CPU profile
// runs only between resume and pause.
func startProfiles(cpu, block, mem string) (*profiles, error) {
	p := &profiles{cpuPath: cpu, block: block, mem: mem}
	if p.block != "" {
		runtime.SetBlockProfileRate(int(1e5)) // one event per 100 µs blocked
	}
	if p.cpuPath != "" {
		f, err := os.Create(p.cpuPath)
		if err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		p.cpu = f
	}
	return p, nil
}

// resume starts CPU profiling of the first pipeline phase only: pprof
// writes one profile per Start, so later phases are not added.
func (p *profiles) resume() {
	if p.cpu != nil && p.parts == 0 {
		if err := pprof.StartCPUProfile(p.cpu); err == nil {
			p.parts++
		}
	}
}

func (p *profiles) pause() {
	if p.cpu != nil && p.parts == 1 {
		pprof.StopCPUProfile()
		p.parts++
	}
}

// stop writes the blocking and allocation profiles and closes the CPU
// profile.
func (p *profiles) stop() {
	if p.cpu != nil {
		p.pause()
		p.cpu.Close()
	}
	for _, w := range []struct{ path, name string }{{p.block, "block"}, {p.mem, "allocs"}} {
		if w.path == "" {
			continue
		}
		if f, err := os.Create(w.path); err == nil {
			pprof.Lookup(w.name).WriteTo(f, 0)
			f.Close()
		}
	}
}
