package warc

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// countingReader counts the bytes its consumer took. It is an io.ByteReader,
// so compress/flate reads exactly up to the end of a member and the count is
// the member boundary. err keeps a real read failure apart from a torn end.
type countingReader struct {
	r   *bufio.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.note(err)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	c.note(err)
	return b, err
}

func (c *countingReader) note(err error) {
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
}

// wholeMembers returns the length of the longest prefix of r made of whole,
// checksum-valid gzip members.
func wholeMembers(r io.Reader) (int64, error) {
	cr := &countingReader{r: bufio.NewReader(r)}
	var zr gzip.Reader
	var good int64
	for {
		err := zr.Reset(cr)
		if err == nil {
			zr.Multistream(false)
			_, err = io.Copy(io.Discard, &zr)
		}
		if cr.err != nil {
			return 0, fmt.Errorf("warc: read: %w", cr.err)
		}
		if errors.Is(err, io.EOF) && cr.n == good {
			return good, nil // clean end of file on a member boundary
		}
		if err != nil {
			return good, nil // torn or corrupt member: everything from here goes
		}
		good = cr.n
	}
}

// repair truncates the file at path after its last whole gzip member and
// returns the resulting size.
func repair(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, fmt.Errorf("warc: %w", err)
	}
	defer f.Close()
	good, err := wholeMembers(f)
	if err != nil {
		return 0, err
	}
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, fmt.Errorf("warc: %w", err)
	}
	if good == end {
		return good, nil
	}
	if err := f.Truncate(good); err != nil {
		return 0, fmt.Errorf("warc: repair %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("warc: repair %s: %w", path, err)
	}
	return good, nil
}
