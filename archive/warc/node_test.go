package warc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// Nodes sharing one directory write at once, each to files of its own
// named for it, beside a single-node writer; every record reads back from
// where its capture says, and reopening a node resumes its own newest file
// only, repairing a torn tail there and nowhere else.
func TestNodeWritersShareDirectory(t *testing.T) {
	dir := t.TempDir()
	nodes := []string{"node-a", "node-b", "10.0.0.7"}
	writers := map[string]*Writer{}
	for _, n := range nodes {
		w, err := OpenNodeWriter(dir, n, 0)
		if err != nil {
			t.Fatal(err)
		}
		writers[n] = w
	}
	single, err := OpenWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	writers[""] = single

	var mu sync.Mutex
	caps := map[string][]article.Capture{}
	var wg sync.WaitGroup
	for n, w := range writers {
		wg.Go(func() {
			for i := range 20 {
				c, err := w.WriteResponse(article.Response{URL: fmt.Sprintf("http://127.0.0.1/%s/%d", n, i),
					FetchedAt: time.Now(), Status: 200, Body: []byte("haber " + n)})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				caps[n] = append(caps[n], c)
				mu.Unlock()
			}
			if err := w.Close(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for n, cs := range caps {
		prefix := "haberci-" + n + "-"
		if n == "" {
			prefix = "haberci-2"
		}
		for _, c := range cs {
			if !strings.HasPrefix(c.WARCFile, prefix) {
				t.Errorf("node %q wrote to %s", n, c.WARCFile)
			}
			rec, err := ReadRecord(filepath.Join(dir, c.WARCFile), c.Offset, c.Length)
			if err != nil {
				t.Fatalf("node %q record at %s:%d: %v", n, c.WARCFile, c.Offset, err)
			}
			if string(rec.Payload) != "haber "+n {
				t.Errorf("node %q record payload %q", n, rec.Payload)
			}
		}
	}

	// node-a's newest file gets a torn tail; reopening node-a repairs it,
	// and node-b's file is left as it was.
	a, b := caps["node-a"], caps["node-b"]
	lastA, lastB := a[len(a)-1], b[len(b)-1]
	pathA, pathB := filepath.Join(dir, lastA.WARCFile), filepath.Join(dir, lastB.WARCFile)
	f, err := os.OpenFile(pathA, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("\x1f\x8b\x08\x00torn"))
	f.Close()
	sizeB, _ := os.Stat(pathB)
	w, err := OpenNodeWriter(dir, "node-a", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if st, _ := os.Stat(pathA); st.Size() != lastA.Offset+lastA.Length {
		t.Errorf("node-a's file is %d bytes after reopening, want %d", st.Size(), lastA.Offset+lastA.Length)
	}
	c, err := w.WriteResponse(article.Response{URL: "http://127.0.0.1/after", FetchedAt: time.Now(), Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	if c.WARCFile != lastA.WARCFile {
		t.Errorf("node-a resumed into %s, want its newest file %s", c.WARCFile, lastA.WARCFile)
	}
	if st, _ := os.Stat(pathB); st.Size() != sizeB.Size() {
		t.Errorf("reopening node-a changed node-b's file")
	}
}

// One node id, one writer: a second writer with the same id is locked out,
// another id is not.
func TestNodeWriterLock(t *testing.T) {
	dir := t.TempDir()
	w, err := OpenNodeWriter(dir, "n1", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := OpenNodeWriter(dir, "n1", 0); !errors.Is(err, ErrLocked) {
		t.Errorf("second writer for n1: %v, want ErrLocked", err)
	}
	w2, err := OpenNodeWriter(dir, "n2", 0)
	if err != nil {
		t.Fatalf("writer for n2: %v", err)
	}
	w2.Close()
}

func TestNodeWriterBadID(t *testing.T) {
	for name, id := range map[string]string{
		"empty": "", "slash": "a/b", "dot-dot": "..", "space": "node a", "leading dash": "-a",
		"too long": strings.Repeat("n", 64), "Turkish letter": "düğüm",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := OpenNodeWriter(t.TempDir(), id, 0); !errors.Is(err, ErrNodeID) {
				t.Errorf("OpenNodeWriter(%q): %v, want ErrNodeID", id, err)
			}
		})
	}
}
