// Package procmem reads a process's memory figures from Linux's /proc,
// for the benchmark commands that report peak resident memory.
package procmem

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Self is the pid that names the calling process.
const Self = 0

// Status reads a "kB" field of /proc/PID/status ("VmHWM:", "VmRSS:") in
// bytes; 0 when the field or the file is absent (another system).
func Status(pid int, field string) uint64 {
	path := "/proc/self/status"
	if pid != Self {
		path = fmt.Sprintf("/proc/%d/status", pid)
	}
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// PeakRSS is the calling process's peak resident set in bytes (VmHWM).
func PeakRSS() uint64 { return Status(Self, "VmHWM:") }

// ResetPeak resets the calling process's peak resident set to what is
// resident now (clear_refs "5"), so that PeakRSS then measures what
// follows only. It reports whether the kernel took it.
func ResetPeak() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}
