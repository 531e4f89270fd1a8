package warc

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"sync"
	"time"

	"github.com/haberci/haberci/article"
)

// Encoded is a response record compressed and ready to append: the costly
// part of writing (HTTP rendering, digests, gzip) done without the
// Writer's lock, so that many goroutines can encode while one appends.
type Encoded struct {
	member  []byte          // one whole gzip member
	capture article.Capture // all but WARCFile, Offset and Length
}

// Size is the record's compressed length in bytes.
func (r *Encoded) Size() int64 { return int64(len(r.member)) }

// gzipWriters reuses compressors: each holds several hundred KiB of
// state, far more than the records it usually compresses.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzipLevel) // a valid level: no error
	return zw
}}

// gzipLevel trades a little disk for the crawl's CPU. On 100 real news
// pages (article-extraction-benchmark) level 3 compresses at 103 MB/s to
// 22.5 % of the page; the default level, 6, at 56 MB/s to 20.5 %.
const gzipLevel = 3

// Encode renders r as one WARC/1.1 "response" record, compressed as its
// own gzip member. It is safe for concurrent use.
func Encode(r article.Response) (*Encoded, error) {
	fetched := r.FetchedAt.UTC()
	if r.FetchedAt.IsZero() {
		fetched = time.Now().UTC()
	}
	block := httpBlock(r)
	payloadDigest := Digest(r.Body)
	fields := []field{
		{"WARC-Type", "response"},
		{"WARC-Record-ID", newRecordID()},
		{"WARC-Date", fetched.Format(time.RFC3339Nano)},
		{"WARC-Target-URI", r.URL},
		{"Content-Type", "application/http;msgtype=response"},
		{"WARC-Payload-Digest", payloadDigest},
		{"WARC-Block-Digest", Digest(block)},
		{"Content-Length", strconv.Itoa(len(block))},
	}
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	var buf bytes.Buffer
	if err := encodeMember(zw, &buf, fields, block); err != nil {
		return nil, err
	}
	return &Encoded{member: buf.Bytes(), capture: article.Capture{
		URL:         r.URL,
		FetchedAt:   fetched,
		Status:      r.Status,
		ContentType: headerValue(r.Header, "Content-Type"),
		Digest:      payloadDigest,
	}}, nil
}
