package fetch

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
)

// Request is one GET, optionally conditional.
type Request struct {
	URL          string
	ETag         string // sent as If-None-Match when set
	LastModified string // sent as If-Modified-Since when set
	Accept       string // optional Accept header
	// Ready, when set, is called once the request's turn at its host has
	// come, just before it is sent (not for redirects or robots.txt): an
	// error from it ends the Get unsent, wrapped. Several nodes claim a
	// URL here, so that a claim is not held while the request waits.
	Ready func(ctx context.Context) error
}

// Result is a fetched response.
type Result struct {
	URL         string // final URL after redirects
	Status      int
	Header      http.Header
	ContentType string // media type, lower case, no parameters
	Charset     string // the charset Body was decoded from ("utf-8", "windows-1254", …)
	// Raw is the response for the WARC archive: the payload after content
	// decoding, before charset conversion.
	Raw article.Response
	// Body is the payload converted to UTF-8; an XML declaration's encoding
	// is rewritten to utf-8 so feed parsers do not decode twice. Nil unless
	// the status is 2xx. It may share memory with Raw.Body.
	Body         []byte
	NotModified  bool // 304
	ETag         string
	LastModified string
	// Duration runs from sending the final request to the end of its body.
	Duration time.Duration
}

// Get fetches r.URL, following redirects, after robots.txt allows it (when
// Options.Robots) and in the host's turn. A 304 gives a Result with
// NotModified and no error. Any other status outside 2xx gives a
// *StatusError together with the Result, so the caller may still archive
// the response.
func (c *Client) Get(ctx context.Context, r Request) (*Result, error) {
	u, err := parseTarget(r.URL)
	if err != nil {
		return nil, err
	}
	resp, started, err := c.follow(ctx, u, c.header(r), c.opts.MaxRedirects, c.opts.Robots, r.Ready)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	res := &Result{
		URL:          resp.Request.URL.String(),
		Status:       resp.StatusCode,
		Header:       resp.Header,
		ContentType:  mediaType(resp.Header.Get("Content-Type")),
		NotModified:  resp.StatusCode == http.StatusNotModified,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	var payload []byte
	if resp.StatusCode != http.StatusNotModified && resp.StatusCode != http.StatusNoContent {
		if resp.ContentLength > c.opts.MaxBodyBytes {
			// Refuse without reading what we would throw away.
			return nil, fmt.Errorf("%w: GET %s: Content-Length %d > %d", ErrTooLarge, res.URL, resp.ContentLength, c.opts.MaxBodyBytes)
		}
		payload, err = readBody(resp, c.opts.MaxBodyBytes)
		if errors.Is(err, ErrTooLarge) {
			return nil, fmt.Errorf("%w: GET %s: more than %d bytes", ErrTooLarge, res.URL, c.opts.MaxBodyBytes)
		}
		if err != nil {
			return nil, fmt.Errorf("fetch: GET %s: %w", res.URL, err)
		}
	}
	// The host is ours until the body is closed: free it for the next
	// request now that the response is in, not after decoding it.
	resp.Body.Close()
	res.Duration = time.Since(started)
	res.Raw = rawResponse(resp, started, payload)

	switch {
	case res.NotModified:
		return res, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		se := &StatusError{URL: res.URL, Code: resp.StatusCode}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			se.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return res, se
	}
	res.Body, res.Charset, err = ToUTF8(payload, resp.Header.Get("Content-Type"))
	if err != nil {
		return nil, fmt.Errorf("fetch: GET %s: %w", res.URL, err)
	}
	return res, nil
}

// header builds the request headers every hop of r carries.
func (c *Client) header(r Request) http.Header {
	h := http.Header{}
	h.Set("User-Agent", c.opts.UserAgent)
	// Asked for by us, so the transport leaves decompression (and its cap) to us.
	h.Set("Accept-Encoding", "gzip")
	if r.Accept != "" {
		h.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		h.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		h.Set("If-Modified-Since", r.LastModified)
	}
	return h
}

// mediaType returns a Content-Type's media type in lower case, without parameters.
func mediaType(contentType string) string {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
