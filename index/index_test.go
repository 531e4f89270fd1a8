package index

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/haberci/haberci/article"
)

func TestOpenApplyWatermarkPersist(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if wm, err := ix.Watermark(); err != nil || wm != 0 {
		t.Fatalf("new index watermark = %d, %v; want 0", wm, err)
	}
	arts := fixtureArticles(t)
	if err := ix.Apply(arts[:4], 4); err != nil {
		t.Fatal(err)
	}
	// Re-applying an article replaces it rather than adding a document.
	if err := ix.Apply(arts[2:6], 6); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if wm, err := ix.Watermark(); err != nil || wm != 6 {
		t.Errorf("watermark after reopen = %d, %v; want 6", wm, err)
	}
	if n, err := ix.Count(); err != nil || n != 6 {
		t.Errorf("count after reopen = %d, %v; want 6", n, err)
	}
}

func TestOpenMappingChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// An index from an older Haberci carries another version.
	if err := ix.bi.SetInternal(keyMappingVersion, []byte("0")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrMappingChanged) {
		t.Fatalf("Open with old mapping version: %v, want ErrMappingChanged", err)
	}
	// The caller's rebuild: delete and open again.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatalf("Open after delete: %v", err)
	}
	ix.Close()
}

func TestOpenEmptyDir(t *testing.T) {
	dir := t.TempDir() // exists, empty: as a fresh data_dir/index might
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != 0 {
		t.Errorf("count = %d, %v; want 0", n, err)
	}
}

func TestApplyRejectsArticleWithoutID(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	tests := map[string][]*article.Article{
		"nil article": {nil},
		"empty id":    {{Title: "x"}},
	}
	for name, arts := range tests {
		t.Run(name, func(t *testing.T) {
			if err := ix.Apply(arts, 9); err == nil {
				t.Fatal("Apply succeeded, want error")
			}
			if wm, _ := ix.Watermark(); wm != 0 {
				t.Errorf("watermark moved to %d on a failed Apply", wm)
			}
		})
	}
}
