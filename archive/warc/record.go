package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/haberci/haberci/article"
)

// version is the WARC version line this package writes.
const version = "WARC/1.1"

// field is one WARC named field; a slice of them keeps the written order.
type field struct{ name, value string }

// Digest returns the WARC digest of b: "sha1:" followed by the base32 SHA-1,
// the form used by WARC-Block-Digest, WARC-Payload-Digest and CDX files.
func Digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// newRecordID returns a WARC-Record-ID holding a random (version 4) UUID.
func newRecordID() string {
	var u [16]byte
	rand.Read(u[:]) // never fails since Go 1.24: it crashes the program instead
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// clean keeps a header value on one line: a stray CR or LF would end the
// header block early and make the record unreadable.
func clean(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// httpBlock renders r as an HTTP/1.x response message: status line, headers
// in their received order, a blank line and the payload.
func httpBlock(r article.Response) []byte {
	proto := r.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	var b bytes.Buffer
	b.Grow(256 + len(r.Body))
	b.WriteString(clean(proto) + " " + strconv.Itoa(r.Status) + " " + http.StatusText(r.Status) + "\r\n")
	for _, h := range r.Header {
		b.WriteString(clean(h[0]) + ": " + clean(h[1]) + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(r.Body)
	return b.Bytes()
}

// headerValue returns the first value of the named header, case-insensitively.
func headerValue(h [][2]string, name string) string {
	for _, kv := range h {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

// encodeMember compresses one record (version line, fields, blank line,
// block, two CRLFs) as a single gzip member into buf, reusing zw.
func encodeMember(zw *gzip.Writer, buf *bytes.Buffer, fields []field, block []byte) error {
	buf.Reset()
	zw.Reset(buf)
	var h strings.Builder
	h.WriteString(version + "\r\n")
	for _, f := range fields {
		h.WriteString(f.name + ": " + clean(f.value) + "\r\n")
	}
	h.WriteString("\r\n")
	for _, part := range [][]byte{[]byte(h.String()), block, []byte("\r\n\r\n")} {
		if _, err := zw.Write(part); err != nil {
			return fmt.Errorf("warc: compress: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("warc: compress: %w", err)
	}
	return nil
}
