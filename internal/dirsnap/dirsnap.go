// Package dirsnap records the files of a directory so that a test can
// prove an operation left them byte for byte as they were (an archive a
// newer version wrote must be refused untouched).
package dirsnap

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Snapshot is every regular file under a directory: path → bytes.
type Snapshot struct {
	dir   string
	files map[string]string
}

// Take reads every file under dir.
func Take(tb testing.TB, dir string) Snapshot {
	tb.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = string(b)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return Snapshot{dir: dir, files: files}
}

// Unchanged reads the directory again and fails tb for every file that
// was added, removed or changed since s was taken.
func (s Snapshot) Unchanged(tb testing.TB) {
	tb.Helper()
	now := Take(tb, s.dir).files
	for path, b := range s.files {
		got, ok := now[path]
		switch {
		case !ok:
			tb.Errorf("%s removed", path)
		case got != b:
			tb.Errorf("%s changed", path)
		}
	}
	for path := range now {
		if _, ok := s.files[path]; !ok {
			tb.Errorf("%s added", path)
		}
	}
}
