package warc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/haberci/haberci/article"
)

// TestProbeLeavesNoTrace: a probe grows the current file and cuts it back,
// so the next record lands right after the last one; without a current
// file it leaves no scratch file behind.
func TestProbeLeavesNoTrace(t *testing.T) {
	tests := map[string]struct{ records int }{
		"no file yet":       {0},
		"after one record":  {1},
		"after two records": {2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			w, err := OpenWriter(dir, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			var last article.Capture
			for i := range tc.records {
				if last, err = w.WriteResponse(article.Response{URL: "https://example.org/" + string(rune('a'+i)), Status: 200, Body: []byte("gövde")}); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := os.ReadDir(dir)
			if err := w.Probe(1 << 20); err != nil {
				t.Fatal(err)
			}
			after, _ := os.ReadDir(dir)
			if len(after) != len(before) {
				t.Fatalf("%d entries after the probe, want %d", len(after), len(before))
			}
			c, err := w.WriteResponse(article.Response{URL: "https://example.org/next", Status: 200, Body: []byte("sonraki")})
			if err != nil {
				t.Fatal(err)
			}
			if tc.records > 0 && (c.WARCFile != last.WARCFile || c.Offset != last.Offset+last.Length) {
				t.Fatalf("next record at %s:%d, want %s:%d", c.WARCFile, c.Offset, last.WARCFile, last.Offset+last.Length)
			}
			if st, err := os.Stat(filepath.Join(dir, c.WARCFile)); err != nil || st.Size() != c.Offset+c.Length {
				t.Fatalf("file size %v (%v), want %d", st.Size(), err, c.Offset+c.Length)
			}
		})
	}
}
