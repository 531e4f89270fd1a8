package archive

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// CopyWARC puts the archive's WARC files into another directory, skips a
// file already there whole, replaces one cut short, never overwrites a
// different file, and leaves the archive's own directory alone; every
// capture reads back from the copy.
func TestCopyWARC(t *testing.T) {
	ctx := context.Background()
	a, dataDir := openTemp(t)
	putSeries(t, a, 6)
	names, err := a.WARCFiles(ctx)
	if err != nil || len(names) == 0 {
		t.Fatalf("WARC files %v, %v", names, err)
	}
	src, err := os.ReadFile(a.WARCPath(names[0]))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		before       func(t *testing.T, dir string) // what dir holds before the copy
		files, skips int
		err          error
	}{
		"empty":         {before: func(*testing.T, string) {}, files: len(names)},
		"already whole": {before: func(t *testing.T, dir string) { write(t, filepath.Join(dir, names[0]), src) }, skips: 1, files: len(names) - 1},
		"cut short": {before: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, names[0]), src[:len(src)/2])
			write(t, filepath.Join(dir, "."+names[0]+".123.tmp"), src[:10]) // an interrupted run's
		}, files: len(names)},
		"another file": {before: func(t *testing.T, dir string) {
			other := append([]byte{}, src[:len(src)/2]...)
			other[len(other)-1] ^= 1
			write(t, filepath.Join(dir, names[0]), other)
		}, err: ErrWARCClash},
		"larger": {before: func(t *testing.T, dir string) { write(t, filepath.Join(dir, names[0]), append(src, 0)) }, err: ErrWARCClash},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "warc")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			tc.before(t, dir)
			st, err := a.CopyWARC(ctx, dir, nil)
			if !errors.Is(err, tc.err) {
				t.Fatalf("copy: %v, want %v", err, tc.err)
			}
			if tc.err != nil {
				return
			}
			if st.Files != tc.files || st.Skipped != tc.skips {
				t.Errorf("copied %d, skipped %d; want %d, %d", st.Files, st.Skipped, tc.files, tc.skips)
			}
			caps, err := a.CapturesAfter(ctx, 0, MaxPage)
			if err != nil || len(caps) == 0 {
				t.Fatalf("captures %d, %v", len(caps), err)
			}
			for _, c := range caps {
				if err := VerifyCapture(filepath.Join(dir, c.WARCFile), c.Capture); err != nil {
					t.Errorf("capture %d in the copy: %v", c.ID, err)
				}
			}
			if tmp, _ := filepath.Glob(filepath.Join(dir, ".*")); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
			if st, err := a.CopyWARC(ctx, dir, nil); err != nil || st.Files != 0 || st.Skipped != len(names) {
				t.Errorf("a second copy: %+v, %v; want every file skipped", st, err)
			}
		})
	}
	if st, err := a.CopyWARC(ctx, filepath.Join(dataDir, "warc"), nil); err != nil || st != (WARCCopy{}) {
		t.Errorf("copy into its own directory: %+v, %v", st, err)
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
