package main

import (
	"runtime"
	"runtime/debug"

	"github.com/haberci/haberci/internal/procmem"
)

// resetPeakRSS returns freed memory to the system and resets the kernel's
// peak resident set, so that the next procmem.PeakRSS reads the
// high-water mark of what follows only. It returns the resident set it
// reset to: the floor under the next peak.
func resetPeakRSS() uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	procmem.ResetPeak()
	return procmem.PeakRSS()
}
