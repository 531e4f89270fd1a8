package main

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"syscall"
	"time"

	"github.com/haberci/haberci/internal/procmem"
)

// heapSample is the runtime metric sampled for the peak live heap; reading
// it does not stop the world, unlike runtime.ReadMemStats.
const heapSample = "/memory/classes/heap/objects:bytes"

// meter records the peak heap, peak resident set and CPU time of one phase.
type meter struct {
	stop chan struct{}
	wg   sync.WaitGroup
	heap uint64
	cpu0 time.Duration
	// rssReset says whether the kernel's high-water mark was reset at the
	// start, so that peak RSS belongs to this phase alone.
	rssReset bool
}

// startMeter returns memory to the OS, resets the RSS high-water mark
// (Linux: /proc/self/clear_refs) and samples the heap every 5 ms.
func startMeter() *meter {
	debug.FreeOSMemory()
	m := &meter{stop: make(chan struct{}), cpu0: cpuTime()}
	m.rssReset = procmem.ResetPeak()
	s := []metrics.Sample{{Name: heapSample}}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			m.heap = max(m.heap, s[0].Value.Uint64())
			select {
			case <-m.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

// done stops sampling and returns the phase's use: peak heap and peak RSS
// in bytes (RSS 0 where /proc/self/status is unreadable) and CPU time.
func (m *meter) done() use {
	cpu := cpuTime() - m.cpu0
	close(m.stop)
	m.wg.Wait()
	return use{Heap: m.heap, RSS: procmem.PeakRSS(), CPU: cpu}
}

// use is what one phase consumed; a child process reports it as JSON.
type use struct {
	Heap, RSS uint64
	CPU       time.Duration // user + system, every thread of the process
}

// cpuTime is the process's CPU time so far, 0 where getrusage fails.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
