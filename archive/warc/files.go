package warc

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// warcinfoFields is the body of every file's leading warcinfo record.
const warcinfoFields = "software: Haberci\r\n" +
	"format: WARC File Format 1.1\r\n" +
	"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"

// newest returns the base name and serial number of the newest WARC file in
// dir whose name matches names (its group is the serial number, which
// orders files even when the wall clock steps back), or "" and 0 when there
// is none.
func newest(dir string, names *regexp.Regexp) (name string, serial int, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", 0, fmt.Errorf("warc: %w", err)
	}
	for _, e := range entries {
		m := names.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		n, err := strconv.Atoi(m[1])
		if err == nil && n > serial {
			name, serial = e.Name(), n
		}
	}
	return name, serial, nil
}

// resume repairs the newest file and makes it the current one. An empty
// newest file (a crash before its warcinfo was whole) is removed instead.
func (w *Writer) resume() error {
	name, serial, err := newest(w.dir, w.names)
	if err != nil || name == "" {
		return err
	}
	w.serial = serial
	path := filepath.Join(w.dir, name)
	size, err := repair(path)
	if err != nil {
		return err
	}
	if size == 0 {
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("warc: %w", err)
		}
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("warc: %w", err)
	}
	w.f, w.name, w.size, w.infoSize = f, name, size, 0
	return nil
}

// rotate closes the current file and starts the next one with a warcinfo
// record. The caller holds w.mu.
func (w *Writer) rotate() error {
	if w.f != nil {
		err := w.f.Sync()
		if cerr := w.f.Close(); err == nil {
			err = cerr
		}
		w.f = nil
		if err != nil {
			return fmt.Errorf("warc: close %s: %w", w.name, err)
		}
	}
	w.serial++
	name := fmt.Sprintf("%s%s-%05d.warc.gz", w.prefix, time.Now().UTC().Format("20060102150405"), w.serial)
	path := filepath.Join(w.dir, name)
	block := []byte(warcinfoFields)
	fields := []field{
		{"WARC-Type", "warcinfo"},
		{"WARC-Record-ID", newRecordID()},
		{"WARC-Date", time.Now().UTC().Format(time.RFC3339)},
		{"WARC-Filename", name},
		{"Content-Type", "application/warc-fields"},
		{"WARC-Block-Digest", Digest(block)},
		{"Content-Length", strconv.Itoa(len(block))},
	}
	var info bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	if err := encodeMember(zw, &info, fields, block); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("warc: %w", err)
	}
	if _, err := f.Write(info.Bytes()); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("warc: write %s: %w", name, err)
	}
	// The new directory entry must survive a crash as well as its bytes.
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("warc: sync %s: %w", name, err)
	}
	if err := syncDir(w.dir); err != nil {
		f.Close()
		return err
	}
	w.f, w.name, w.size, w.infoSize = f, name, int64(info.Len()), int64(info.Len())
	return nil
}

// syncDir fsyncs a directory so that files created in it persist.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("warc: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("warc: sync dir: %w", err)
	}
	return nil
}
