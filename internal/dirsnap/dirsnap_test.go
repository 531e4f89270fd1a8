package dirsnap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder keeps the errors a check reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Errorf(format string, args ...any) { r.errs = append(r.errs, format) }

func TestUnchanged(t *testing.T) {
	for name, tc := range map[string]struct {
		edit func(dir string) error
		want string // "" for no report
	}{
		"untouched": {func(string) error { return nil }, ""},
		"changed":   {func(d string) error { return os.WriteFile(filepath.Join(d, "a"), []byte("B"), 0o644) }, "changed"},
		"added":     {func(d string) error { return os.WriteFile(filepath.Join(d, "sub", "c"), nil, 0o644) }, "added"},
		"removed":   {func(d string) error { return os.Remove(filepath.Join(d, "sub", "b")) }, "removed"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"a", "sub/b"} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("A"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s := Take(t, dir)
			if err := tc.edit(dir); err != nil {
				t.Fatal(err)
			}
			r := &recorder{TB: t}
			s.Unchanged(r)
			got := strings.Join(r.errs, ",")
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("reports %q, want %q", got, tc.want)
			}
		})
	}
}
