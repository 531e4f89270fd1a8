package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDirHoldsTheData(t *testing.T) {
	p := Path(t, "README.md")
	if filepath.Base(filepath.Dir(p)) != "data" {
		t.Fatalf("Path = %s, want a file under shared/data", p)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
}

// TestMissingFailsInCI runs Missing in a sub-test with CI=true and checks that
// it failed rather than skipped.
func TestMissingFailsInCI(t *testing.T) {
	for name, tc := range map[string]struct {
		ci       string
		wantFail bool
	}{
		"ci":        {ci: "true", wantFail: true},
		"developer": {ci: "", wantFail: false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			var rec recorder
			done := make(chan struct{})
			go func() {
				defer close(done)
				Path(&rec, "no/such/file")
			}()
			<-done
			if rec.failed != tc.wantFail || rec.skipped == tc.wantFail {
				t.Fatalf("failed=%v skipped=%v, want failed=%v", rec.failed, rec.skipped, tc.wantFail)
			}
		})
	}
}

// recorder is a testing.TB that records how the test ended; Fatal and Skip
// end the goroutine as the real ones do.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper() {}
func (r *recorder) Fatal(args ...any) {
	r.failed = true
	runtimeGoexit()
}
func (r *recorder) Skip(args ...any) {
	r.skipped = true
	runtimeGoexit()
}

func runtimeGoexit() { runtime.Goexit() }
