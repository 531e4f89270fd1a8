package warc

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/haberci/haberci/article"
)

// writeThree writes three records, closes the writer and returns their captures.
func writeThree(t *testing.T, dir string, body []byte) []article.Capture {
	t.Helper()
	w, err := OpenWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	var caps []article.Capture
	for _, u := range []string{"https://example.org/1", "https://example.org/2", "https://example.org/3"} {
		c, err := w.WriteResponse(article.Response{URL: u, Status: 200, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		caps = append(caps, c)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return caps
}

func TestTornTailIsRepaired(t *testing.T) {
	body := fixture(t, "mozilla-2.html")
	tests := map[string]struct {
		damage  func(path string, last article.Capture) error
		keepAll bool // the damage left whole members only
	}{
		"cut in the middle of the last member": {
			damage: func(p string, last article.Capture) error { return os.Truncate(p, last.Offset+last.Length/2) },
		},
		"cut inside the last member's gzip header": {
			damage: func(p string, last article.Capture) error { return os.Truncate(p, last.Offset+5) },
		},
		"last member lost its trailer": {
			damage: func(p string, last article.Capture) error { return os.Truncate(p, last.Offset+last.Length-3) },
		},
		"garbage after the last member": {
			damage: func(p string, _ article.Capture) error {
				f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
				if err != nil {
					return err
				}
				defer f.Close()
				_, err = f.Write([]byte("\x1f\x8b\x08\x00torn"))
				return err
			},
			keepAll: true,
		},
		"zeros left by a probe cut short": {
			damage: func(p string, _ article.Capture) error {
				f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
				if err != nil {
					return err
				}
				defer f.Close()
				_, err = f.Write(make([]byte, 64<<10))
				return err
			},
			keepAll: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			caps := writeThree(t, dir, body)
			path := filepath.Join(dir, caps[2].WARCFile)
			if err := tc.damage(path, caps[2]); err != nil {
				t.Fatal(err)
			}
			w, err := OpenWriter(dir, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			wantSize := caps[2].Offset
			if tc.keepAll {
				wantSize = caps[2].Offset + caps[2].Length
			}
			if st, err := os.Stat(path); err != nil || st.Size() != wantSize {
				t.Fatalf("size after repair = %v (%v), want %d", st.Size(), err, wantSize)
			}
			for _, c := range caps[:2] {
				rec, err := ReadRecord(path, c.Offset, c.Length)
				if err != nil || !bytes.Equal(rec.Payload, body) {
					t.Errorf("record at %d after repair: %v", c.Offset, err)
				}
			}
			// The writer appends to the repaired file, right after the last whole record.
			c, err := w.WriteResponse(article.Response{URL: "https://example.org/4", Status: 200, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			if c.WARCFile != caps[2].WARCFile || c.Offset != wantSize {
				t.Errorf("new record at %s:%d, want %s:%d", c.WARCFile, c.Offset, caps[2].WARCFile, wantSize)
			}
			if _, err := ReadRecord(path, c.Offset, c.Length); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestEmptyNewestFileIsReplaced(t *testing.T) {
	dir := t.TempDir()
	caps := writeThree(t, dir, []byte("gövde"))
	path := filepath.Join(dir, caps[0].WARCFile)
	if err := os.Truncate(path, 3); err != nil { // a crash while the warcinfo was written
		t.Fatal(err)
	}
	w, err := OpenWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("empty file still there: %v", err)
	}
	c, err := w.WriteResponse(article.Response{URL: "https://example.org/5", Status: 200, Body: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if c.WARCFile == caps[0].WARCFile || c.Offset == 0 {
		t.Errorf("new record at %s:%d, want a new file with a warcinfo record first", c.WARCFile, c.Offset)
	}
}

func TestDirectoryLock(t *testing.T) {
	dir := t.TempDir()
	w, err := OpenWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenWriter(dir, 0); !errors.Is(err, ErrLocked) {
		t.Errorf("second OpenWriter: %v, want ErrLocked", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteResponse(article.Response{URL: "https://example.org/"}); !errors.Is(err, ErrClosed) {
		t.Errorf("write after Close: %v, want ErrClosed", err)
	}
	w2, err := OpenWriter(dir, 0)
	if err != nil {
		t.Fatalf("OpenWriter after Close: %v", err)
	}
	w2.Close()
}
