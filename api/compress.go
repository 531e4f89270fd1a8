package api

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// minCompress is the smallest body Compress compresses: below it gzip's
// header and trailer, and the CPU, cost more than they save.
const minCompress = 1024

// compressible are the media types Compress compresses: pages, assets and
// the API's answers (JSON, CSV, Atom). Images other than SVG, WARC
// records and anything already encoded are left alone.
var compressible = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true, "application/javascript": true,
	"image/svg+xml": true, "application/json": true, "text/csv": true, "application/atom+xml": true,
	"text/plain": true, "application/xml": true, "text/xml": true,
}

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression) // a valid level never fails
	return w
}}

// Compress gzips h's text answers of at least minCompress bytes for a
// client that accepts gzip, and marks every text answer Vary:
// Accept-Encoding. It leaves alone HEAD, Range requests, answers without a
// body (1xx, 204, 304), partial content, and answers h encoded itself
// (such as /metrics, which promhttp gzips).
func Compress(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead || r.Header.Get("Range") != "" {
			h.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, accepts: acceptsGzip(r.Header.Values("Accept-Encoding")), status: http.StatusOK}
		h.ServeHTTP(cw, r)
		cw.close() // not deferred: after a panic nothing more is written
	})
}

// acceptsGzip reads Accept-Encoding values: gzip listed with a q above 0.
func acceptsGzip(values []string) bool {
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(item, ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
				continue
			}
			q := 1.0
			if k, val, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
					q = f
				}
			}
			return q > 0
		}
	}
	return false
}

// compressWriter holds back the status and the first minCompress bytes
// until it knows whether the answer is compressed.
type compressWriter struct {
	http.ResponseWriter
	accepts bool // the client takes gzip
	status  int
	headed  bool // the handler set a status (or wrote)
	decided bool // the status went out; gz is set when compressing
	gz      *gzip.Writer
	buf     []byte
}

func (c *compressWriter) WriteHeader(code int) {
	if c.decided {
		c.ResponseWriter.WriteHeader(code) // net/http reports the superfluous call
		return
	}
	if c.headed { // a second status while the first is held back: ignored, as net/http would
		return
	}
	if code < 200 { // informational: passed on, the real status follows
		c.ResponseWriter.WriteHeader(code)
		return
	}
	c.status, c.headed = code, true
	if !c.eligible() {
		c.decide(false)
		return
	}
	if n, err := strconv.Atoi(c.Header().Get("Content-Length")); err == nil && n < minCompress {
		c.decide(false)
	}
}

func (c *compressWriter) Write(p []byte) (int, error) {
	if !c.headed {
		if c.Header().Get("Content-Type") == "" { // as net/http would, before the type is judged
			c.Header().Set("Content-Type", http.DetectContentType(p))
		}
		c.WriteHeader(http.StatusOK)
	}
	if c.decided {
		if c.gz != nil {
			return c.gz.Write(p)
		}
		return c.ResponseWriter.Write(p)
	}
	c.buf = append(c.buf, p...)
	if len(c.buf) >= minCompress {
		if err := c.start(true); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// eligible tells, from the status and headers h set, whether the answer
// is one that varies with Accept-Encoding.
func (c *compressWriter) eligible() bool {
	h := c.Header()
	switch {
	case c.status == http.StatusNoContent || c.status == http.StatusNotModified || c.status == http.StatusPartialContent:
		return false
	case h.Get("Content-Encoding") != "" || h.Get("Content-Range") != "":
		return false
	}
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || !compressible[mt] {
		return false
	}
	h.Add("Vary", "Accept-Encoding")
	return c.accepts
}

// decide sends the status, compressed or not.
func (c *compressWriter) decide(compress bool) {
	c.decided = true
	if compress {
		h := c.Header()
		h.Del("Content-Length")
		h.Del("Accept-Ranges") // ranges would be of the encoded bytes
		h.Set("Content-Encoding", "gzip")
		if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
			h.Set("ETag", "W/"+et) // the bytes differ from the identity answer's
		}
		c.gz = gzipWriters.Get().(*gzip.Writer)
		c.gz.Reset(c.ResponseWriter)
	}
	c.ResponseWriter.WriteHeader(c.status)
}

// start decides and writes what was held back.
func (c *compressWriter) start(compress bool) error {
	c.decide(compress)
	buf := c.buf
	c.buf = nil
	if len(buf) == 0 {
		return nil
	}
	var err error
	if c.gz != nil {
		_, err = c.gz.Write(buf)
	} else {
		_, err = c.ResponseWriter.Write(buf)
	}
	return err
}

// Flush sends what is held back, compressed when the answer may be.
func (c *compressWriter) Flush() {
	if !c.headed {
		c.WriteHeader(http.StatusOK)
	}
	if !c.decided {
		_ = c.start(true)
	}
	if c.gz != nil {
		_ = c.gz.Flush()
	}
	_ = http.NewResponseController(c.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// close ends the answer: a short body goes out as it is, a compressed one
// gets gzip's trailer and its writer goes back to the pool.
func (c *compressWriter) close() {
	if !c.decided && c.headed {
		_ = c.start(false)
	}
	if c.gz != nil {
		_ = c.gz.Close()
		c.gz.Reset(io.Discard)
		gzipWriters.Put(c.gz)
		c.gz = nil
	}
}
