package main

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// resetPeakRSS returns freed memory to the system and resets the kernel's
// peak resident set of this process (Linux's clear_refs "5"), so that the
// next peakRSS reads the high-water mark of what follows only. Elsewhere
// it does nothing and peakRSS then reports the whole run's peak. It
// returns the resident set it reset to: the floor under the next peak.
func resetPeakRSS() int64 {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return peakRSS()
}

// peakRSS is the process's peak resident set in bytes (VmHWM: heap plus
// the index files' pages mapped in), 0 when the system does not say.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
