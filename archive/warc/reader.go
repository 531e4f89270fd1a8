package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"strconv"
	"strings"
)

// Limits that bound the memory ReadRecord may use on a damaged or hostile file.
const (
	maxHeaderBytes = 1 << 20
	maxBlockBytes  = 256 << 20
)

// Errors returned by ReadRecord; test with errors.Is.
var (
	ErrDigest    = errors.New("warc: digest mismatch")
	ErrMalformed = errors.New("warc: malformed record")
	ErrTooLarge  = errors.New("warc: record too large")
)

// Record is one WARC record as read back from a file.
type Record struct {
	Header     textproto.MIMEHeader // named fields; Get is case-insensitive
	Block      []byte               // the record block, Content-Length bytes
	Payload    []byte               // the HTTP body of a response record, else the whole block
	HTTPStatus int                  // the HTTP status of a response record, else 0
}

// ReadRecord reads the record stored as the gzip member at offset with the
// given compressed length. It checks that the member is whole and exactly
// length bytes long, and verifies the sha1 block and payload digests
// (digests in other algorithms are not checked).
func ReadRecord(path string, offset, length int64) (*Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	defer f.Close()
	cr := &countingReader{r: bufio.NewReader(io.NewSectionReader(f, offset, length))}
	zr, err := gzip.NewReader(cr)
	if err != nil {
		return nil, fmt.Errorf("%w: at %d: %w", ErrMalformed, offset, err)
	}
	zr.Multistream(false)
	rec, err := parseRecord(zr)
	if err != nil {
		return nil, fmt.Errorf("%w (record at %d)", err, offset)
	}
	if cr.n != length {
		return nil, fmt.Errorf("%w: at %d: member is %d bytes, not %d", ErrMalformed, offset, cr.n, length)
	}
	return rec, nil
}

// parseRecord reads the version line, named fields, block and trailing CRLFs
// from one decompressed member, reads on to the member's end (which checks its
// CRC), then checks the digests.
func parseRecord(r io.Reader) (*Record, error) {
	tp := textproto.NewReader(bufio.NewReader(io.LimitReader(r, maxHeaderBytes)))
	line, err := tp.ReadLine()
	if err != nil || !strings.HasPrefix(line, "WARC/1.") {
		return nil, fmt.Errorf("%w: version line %q", ErrMalformed, line)
	}
	hdr, err := tp.ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrMalformed, err)
	}
	size, err := strconv.ParseInt(hdr.Get("Content-Length"), 10, 64)
	if err != nil || size < 0 {
		return nil, fmt.Errorf("%w: Content-Length %q", ErrMalformed, hdr.Get("Content-Length"))
	}
	if size > maxBlockBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, size)
	}
	// The header reader has buffered past the header block: read on from it,
	// then from r once the header limit is used up.
	rest := io.MultiReader(tp.R, r)
	block := make([]byte, size)
	if _, err := io.ReadFull(rest, block); err != nil {
		return nil, fmt.Errorf("%w: block: %w", ErrMalformed, err)
	}
	var end [4]byte
	if _, err := io.ReadFull(rest, end[:]); err != nil || string(end[:]) != "\r\n\r\n" {
		return nil, fmt.Errorf("%w: no CRLFCRLF after block", ErrMalformed)
	}
	if n, err := io.Copy(io.Discard, rest); err != nil || n != 0 {
		return nil, fmt.Errorf("%w: bad member end (%d bytes after the record, %v)", ErrMalformed, n, err)
	}
	rec := &Record{Header: hdr, Block: block, Payload: block}
	if err := checkDigest("block", hdr.Get("WARC-Block-Digest"), block); err != nil {
		return nil, err
	}
	if hdr.Get("WARC-Type") == "response" && strings.HasPrefix(hdr.Get("Content-Type"), "application/http") {
		if err := rec.splitHTTP(); err != nil {
			return nil, err
		}
		if err := checkDigest("payload", hdr.Get("WARC-Payload-Digest"), rec.Payload); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// splitHTTP finds the HTTP status and the payload inside a response block.
func (r *Record) splitHTTP() error {
	head, body, ok := bytes.Cut(r.Block, []byte("\r\n\r\n"))
	if !ok {
		return fmt.Errorf("%w: HTTP headers do not end", ErrMalformed)
	}
	status, _, _ := bytes.Cut(head, []byte("\r\n"))
	parts := strings.SplitN(string(status), " ", 3)
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "HTTP/") {
		return fmt.Errorf("%w: HTTP status line %q", ErrMalformed, status)
	}
	code, err := strconv.Atoi(parts[1])
	if err != nil {
		return fmt.Errorf("%w: HTTP status line %q", ErrMalformed, status)
	}
	r.HTTPStatus, r.Payload = code, body
	return nil
}

// checkDigest compares a sha1 digest field with b; other algorithms and an
// absent field are accepted unchecked.
func checkDigest(what, want string, b []byte) error {
	if len(want) < 5 || !strings.EqualFold(want[:5], "sha1:") {
		return nil
	}
	if got := Digest(b); !strings.EqualFold(got[5:], want[5:]) {
		return fmt.Errorf("%w: %s digest is %s, record says %s", ErrDigest, what, got, want)
	}
	return nil
}
