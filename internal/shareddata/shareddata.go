// Package shareddata locates the project's shared test data: real public
// corpora, pages and treebanks kept beside the checkout in ../shared/data
// rather than in the repository. Quality gates read them; without them a
// developer's run skips those gates, but CI (CI=true) fails, so a CI that
// lacks the data can never go green with its gates unrun.
package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir is the shared data directory: ../shared/data relative to the module
// root, found from this file's location so that tests in any package agree.
func Dir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("..", "shared", "data")
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // internal/shareddata → module root
	return filepath.Join(filepath.Dir(root), "shared", "data")
}

// Path returns the shared data file or directory at rel (slash-separated,
// relative to Dir). When it does not exist the test is skipped, or, with
// CI=true, failed with where to get the data.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		Missing(tb, err)
	}
	return p
}

// Missing ends a test whose shared data could not be read: a skip on a
// developer's machine, a failure in CI.
func Missing(tb testing.TB, err error) {
	tb.Helper()
	msg := "shared test data missing (" + err.Error() + "): check out the project's shared/ directory beside this repository, so that ../shared/data holds the corpora"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
}
