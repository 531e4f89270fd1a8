package warc

import (
	"fmt"
	"os"
	"path/filepath"
)

// Probe reports whether the Writer could append about n more bytes: it
// grows the current file by n zero bytes, cuts them off again and syncs.
// A full disk, a read-only file system or a file size limit fail it as they
// would fail the next record. Without a current file it writes a scratch
// file in the directory instead. A crash in the middle leaves zeros after
// the last record, which the repair on open cuts away.
func (w *Writer) Probe(n int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if w.f == nil {
		return probeScratch(w.dir, n)
	}
	_, werr := w.f.Write(make([]byte, n))
	terr := w.f.Truncate(w.size)
	serr := w.f.Sync()
	for _, err := range []error{werr, terr, serr} {
		if err != nil {
			return fmt.Errorf("warc: probe %s: %w", w.name, err)
		}
	}
	return nil
}

// probeScratch writes, syncs and removes an n-byte file in dir.
func probeScratch(dir string, n int) error {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return fmt.Errorf("warc: probe: %w", err)
	}
	defer os.Remove(f.Name())
	_, werr := f.Write(make([]byte, n))
	serr := f.Sync()
	cerr := f.Close()
	for _, err := range []error{werr, serr, cerr} {
		if err != nil {
			return fmt.Errorf("warc: probe %s: %w", filepath.Base(f.Name()), err)
		}
	}
	return nil
}
