package procmem

import (
	"runtime"
	"testing"
)

// sink keeps the allocation alive until the peak is read.
var sink []byte

func TestPeakFollowsAnAllocationAndResets(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads Linux's /proc")
	}
	if PeakRSS() == 0 || Status(Self, "VmRSS:") == 0 {
		t.Fatal("VmHWM or VmRSS not read")
	}
	if !ResetPeak() {
		t.Skip("this kernel does not reset the peak")
	}
	before := PeakRSS()
	sink = make([]byte, 64<<20)
	for i := range sink { // touch every page so it becomes resident
		sink[i] = 1
	}
	if after := PeakRSS(); after < before+60<<20 {
		t.Errorf("peak %d bytes after touching 64 MiB, %d before", after, before)
	}
	sink = nil
	if Status(1<<30, "VmHWM:") != 0 {
		t.Error("a pid that does not exist has no status")
	}
}
