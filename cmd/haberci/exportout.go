package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// output is where an export goes: stdout, or a file written under a
// temporary name and renamed into place only once it is complete, so a
// failed or interrupted export never leaves a plausible-looking half file.
type output struct {
	bw   *bufio.Writer
	f    *os.File // nil for stdout
	path string
	n    int64 // bytes written, for WARC offsets
}

func openOutput(path string, stdout io.Writer) (*output, error) {
	if path == "" || path == "-" {
		return &output{bw: bufio.NewWriterSize(stdout, 64<<10)}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &output{bw: bufio.NewWriterSize(f, 64<<10), f: f, path: path}, nil
}

// Write counts the bytes it passes on. output has no ReadFrom on purpose:
// io.Copy must come through here for the count to hold.
func (o *output) Write(p []byte) (int, error) {
	n, err := o.bw.Write(p)
	o.n += int64(n)
	return n, err
}

// commit flushes, syncs and renames the file into place.
func (o *output) commit() error {
	if err := o.bw.Flush(); err != nil {
		o.abort()
		return fmt.Errorf("export: %w", err)
	}
	if o.f == nil {
		return nil
	}
	err := o.f.Sync()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.f.Name(), o.path)
	}
	if err != nil {
		os.Remove(o.f.Name())
		return fmt.Errorf("export: %s: %w", o.path, err)
	}
	return nil
}

// abort drops a file export's temporary file.
func (o *output) abort() {
	if o.f != nil {
		o.f.Close()
		os.Remove(o.f.Name())
	}
}
