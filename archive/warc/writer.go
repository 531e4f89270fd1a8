// Package warc writes and reads the WARC/1.1 capture files of Haberci's
// archive. Every record is its own gzip member, so a record can be read from
// its offset and compressed length alone, and a torn tail left by a crash can
// be cut off at the last whole member.
package warc

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"sync"

	"github.com/haberci/haberci/article"
)

// DefaultMaxBytes is the size at which a WARC file is rotated when OpenWriter
// is given no positive limit.
const DefaultMaxBytes int64 = 1 << 30

// ErrClosed is returned by a Writer used after Close.
var ErrClosed = errors.New("warc: writer closed")

// Writer appends records to rotating files named
// DIR/haberci-YYYYMMDDhhmmss-NNNNN.warc.gz, or with a node's writer
// DIR/haberci-NODE-YYYYMMDDhhmmss-NNNNN.warc.gz. It is safe for concurrent
// use; records are written one at a time.
type Writer struct {
	dir      string
	maxBytes int64
	prefix   string         // file names start with it: "haberci-" or "haberci-NODE-"
	names    *regexp.Regexp // this writer's file names; the group is the serial number
	lock     *os.File       // held for the Writer's life: one writer per directory and node

	mu       sync.Mutex
	f        *os.File // current file, nil until the first record
	name     string   // base name of f
	size     int64    // bytes in f
	infoSize int64    // size of f when it held only its warcinfo record
	serial   int      // highest file serial number in dir
	closed   bool
}

// OpenWriter opens dir (creating it) for appending. It locks the directory
// against other writers and repairs the newest file: a torn last record,
// left by a crash in the middle of a write, is truncated away.
func OpenWriter(dir string, maxBytes int64) (*Writer, error) {
	return openWriter(dir, "", maxBytes)
}

// nodeID is what a node id may be: it goes into file names.
var nodeID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)

// ErrNodeID is returned by OpenNodeWriter for a node id that cannot be part
// of a file name.
var ErrNodeID = errors.New("warc: node id must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit")

// OpenNodeWriter is OpenWriter for one of several nodes sharing dir (a
// network file system): the node's files carry its id in their names
// (haberci-NODE-…), its lock is DIR/.lock-NODE, and it resumes and repairs
// only its own files, so no two nodes append to one file. Each node needs
// an id of its own.
func OpenNodeWriter(dir, node string, maxBytes int64) (*Writer, error) {
	if err := CheckNodeID(node); err != nil {
		return nil, err
	}
	return openWriter(dir, node, maxBytes)
}

// CheckNodeID returns an error wrapping ErrNodeID when node cannot be a
// node id, so a config can refuse it before any writer is opened.
func CheckNodeID(node string) error {
	if !nodeID.MatchString(node) {
		return fmt.Errorf("%w: %q", ErrNodeID, node)
	}
	return nil
}

func openWriter(dir, node string, maxBytes int64) (*Writer, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	prefix, lockName := "haberci-", ".lock"
	if node != "" {
		prefix, lockName = "haberci-"+node+"-", ".lock-"+node
	}
	lock, err := lockDir(dir, lockName)
	if err != nil {
		return nil, err
	}
	w := &Writer{dir: dir, maxBytes: maxBytes, prefix: prefix, lock: lock,
		names: regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `\d{14}-(\d{5,})\.warc\.gz$`)}
	if err := w.resume(); err != nil {
		lock.Close()
		return nil, err
	}
	return w, nil
}

// WriteResponse writes r as one "response" record and returns where it went.
// The record is not durable until Sync returns.
func (w *Writer) WriteResponse(r article.Response) (article.Capture, error) {
	rec, err := Encode(r)
	if err != nil {
		return article.Capture{}, err
	}
	return w.Append(rec)
}

// Append writes an encoded record and returns where it went. The record
// is not durable until Sync returns.
func (w *Writer) Append(rec *Encoded) (article.Capture, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	off, err := w.append(rec.member)
	if err != nil {
		return article.Capture{}, err
	}
	c := rec.capture
	c.WARCFile, c.Offset, c.Length = w.name, off, rec.Size()
	return c, nil
}

// append writes one gzip member to the current file, rotating first when
// it would push a file that already holds captures past maxBytes.
// The caller holds w.mu.
func (w *Writer) append(member []byte) (off int64, err error) {
	if w.closed {
		return 0, ErrClosed
	}
	if w.f == nil || (w.size > w.infoSize && w.size+int64(len(member)) > w.maxBytes) {
		if err := w.rotate(); err != nil {
			return 0, err
		}
	}
	off = w.size
	if _, err := w.f.Write(member); err != nil {
		// Cut a partial member off so the next record starts on a boundary.
		_ = w.f.Truncate(off)
		return 0, fmt.Errorf("warc: write %s: %w", w.name, err)
	}
	w.size += int64(len(member))
	return off, nil
}

// Sync makes every record written so far durable.
func (w *Writer) Sync() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if w.f == nil {
		return nil
	}
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("warc: sync %s: %w", w.name, err)
	}
	return nil
}

// Close syncs and closes the current file and releases the directory lock.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	var errs []error
	if w.f != nil {
		errs = append(errs, w.f.Sync(), w.f.Close())
	}
	errs = append(errs, w.lock.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("warc: close: %w", err)
	}
	return nil
}
