package fetch

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
)

// readBody returns resp's payload with its gzip content coding undone. It
// stops after limit decoded bytes: then it returns the first limit bytes
// and ErrTooLarge, so a gzip bomb costs at most limit bytes of memory.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	coding := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	var r io.Reader = resp.Body
	switch coding {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if errors.Is(err, io.EOF) {
			return nil, nil // an empty body labelled gzip
		}
		if err != nil {
			return nil, fmt.Errorf("fetch: gzip: %w", err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("%w: %q", ErrContentEncoding, coding)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(b)) > limit {
		return b[:limit], ErrTooLarge
	}
	if err != nil {
		return b, fmt.Errorf("fetch: read body: %w", err)
	}
	return b, nil
}

// rawResponse is resp as the WARC archive keeps it: the decoded payload,
// with headers saying so (no Content-Encoding, Content-Length of payload).
// http.Header forgets the received order, so keys are sorted.
func rawResponse(resp *http.Response, fetchedAt time.Time, payload []byte) article.Response {
	keys := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		if k != "Content-Encoding" && k != "Content-Length" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	header := make([][2]string, 0, len(keys)+1)
	for _, k := range keys {
		for _, v := range resp.Header[k] {
			header = append(header, [2]string{k, v})
		}
	}
	header = append(header, [2]string{"Content-Length", strconv.Itoa(len(payload))})
	return article.Response{
		URL:       resp.Request.URL.String(),
		FetchedAt: fetchedAt.UTC(),
		Status:    resp.StatusCode,
		Proto:     resp.Proto,
		Header:    header,
		Body:      payload,
	}
}
