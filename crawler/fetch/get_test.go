package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestGetConditional(t *testing.T) {
	const etag, lastMod = `"v42"`, "Mon, 01 Jun 2020 10:00:00 GMT"
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte("<rss/>"))
	}))
	tests := map[string]struct {
		req         Request
		notModified bool
		status      int
		body        string
	}{
		"no validators":       {Request{}, false, 200, "<rss/>"},
		"matching ETag":       {Request{ETag: etag}, true, 304, ""},
		"stale ETag":          {Request{ETag: `"v41"`}, false, 200, "<rss/>"},
		"matching date":       {Request{LastModified: lastMod}, true, 304, ""},
		"stale date":          {Request{LastModified: "Sun, 31 May 2020 10:00:00 GMT"}, false, 200, "<rss/>"},
		"both, ETag matching": {Request{ETag: etag, LastModified: "x"}, true, 304, ""},
	}
	c := New(testOptions())
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tc.req.URL = srv.URL + "/feed"
			res, err := c.Get(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if res.NotModified != tc.notModified || res.Status != tc.status || string(res.Body) != tc.body {
				t.Errorf("got NotModified=%v Status=%d Body=%q", res.NotModified, res.Status, res.Body)
			}
			if res.ETag != etag || res.LastModified != lastMod {
				t.Errorf("validators: got %q, %q", res.ETag, res.LastModified)
			}
		})
	}
}

func TestGetGzip(t *testing.T) {
	page := "<html><body><p>" + turkish(t) + "</p></body></html>"
	var gotUA, gotAE, gotAccept string
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAE, gotAccept = r.Header.Get("User-Agent"), r.Header.Get("Accept-Encoding"), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("X-Served-By", "test")
		zw := gzip.NewWriter(w)
		zw.Write([]byte(page))
		zw.Close()
	}))
	res, err := New(testOptions()).Get(context.Background(), Request{URL: srv.URL + "/haber", Accept: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	if gotUA != testAgent || gotAE != "gzip" || gotAccept != "text/html" {
		t.Errorf("request headers: User-Agent %q, Accept-Encoding %q, Accept %q", gotUA, gotAE, gotAccept)
	}
	if string(res.Body) != page || res.Charset != "utf-8" || res.ContentType != "text/html" {
		t.Errorf("got charset %q, type %q, body %q", res.Charset, res.ContentType, res.Body)
	}
	raw := res.Raw
	if string(raw.Body) != page || raw.Status != 200 || raw.Proto != "HTTP/1.1" || raw.URL != srv.URL+"/haber" {
		t.Errorf("raw: status %d proto %q url %q body %q", raw.Status, raw.Proto, raw.URL, raw.Body)
	}
	headers := map[string]string{}
	for _, kv := range raw.Header {
		headers[kv[0]] = kv[1]
	}
	if _, ok := headers["Content-Encoding"]; ok {
		t.Error("raw headers still say Content-Encoding")
	}
	if headers["Content-Length"] != strconv.Itoa(len(page)) || headers["X-Served-By"] != "test" {
		t.Errorf("raw headers: %v", raw.Header)
	}
}

// bomb is 16 MiB of zeros, gzipped to a few KiB.
var bomb = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(make([]byte, 16<<20))
	zw.Close()
	return buf.Bytes()
})

func TestGetBodyLimit(t *testing.T) {
	const limit = 1 << 20
	tests := map[string]struct {
		handler http.HandlerFunc
		wantErr error
	}{
		"gzip bomb stops at the cap": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb())
		}, ErrTooLarge},
		"Content-Length over the cap": {func(w http.ResponseWriter, r *http.Request) {
			w.Write(make([]byte, 2*limit))
		}, ErrTooLarge},
		"chunked over the cap": {func(w http.ResponseWriter, r *http.Request) {
			for range 3 {
				w.Write(make([]byte, limit/2+1))
				w.(http.Flusher).Flush()
			}
		}, ErrTooLarge},
		"exactly the cap": {func(w http.ResponseWriter, r *http.Request) {
			w.Write(make([]byte, limit))
		}, nil},
		"unasked content coding": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			w.Write([]byte("not really brotli"))
		}, ErrContentEncoding},
	}
	o := testOptions()
	o.MaxBodyBytes = limit
	c := New(o)
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, tc.handler)
			res, err := c.Get(context.Background(), Request{URL: srv.URL})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("got error %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && len(res.Body) != limit {
				t.Errorf("got %d bytes, want %d", len(res.Body), limit)
			}
		})
	}
}

func TestGetTimeout(t *testing.T) {
	tests := map[string]http.HandlerFunc{
		"slow headers": func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		},
		"slow body": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("<html><body>"))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		},
	}
	o := testOptions()
	o.Timeout = 300 * time.Millisecond
	c := New(o)
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, h)
			res, err := c.Get(context.Background(), Request{URL: srv.URL})
			var ne net.Error
			if res != nil || !errors.As(err, &ne) || !ne.Timeout() {
				t.Fatalf("got %v, %v; want a timeout error", res, err)
			}
		})
	}
}

func TestGetStatusError(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "sunucu hatası", http.StatusInternalServerError)
	}))
	res, err := New(testOptions()).Get(context.Background(), Request{URL: srv.URL + "/x"})
	var se *StatusError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *StatusError", err)
	}
	want := "fetch: GET " + srv.URL + "/x: 500 Internal Server Error"
	if se.Code != 500 || se.RetryAfter != 0 || err.Error() != want {
		t.Errorf("got %+v %q", se, err)
	}
	if res == nil || res.Status != 500 || !strings.Contains(string(res.Raw.Body), "sunucu hatası") || res.Body != nil {
		t.Errorf("result for archiving: %+v", res)
	}
}

func TestGetBadURL(t *testing.T) {
	tests := map[string]string{
		"ftp":       "ftp://example.org/file",
		"no scheme": "example.org/haber",
		"no host":   "http:///haber",
		"mailto":    "mailto:haber@example.org",
	}
	c := New(testOptions())
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := c.Get(context.Background(), Request{URL: raw}); err == nil || !strings.HasPrefix(err.Error(), "fetch: ") {
				t.Fatalf("got %v, want a fetch error", err)
			}
		})
	}
}

// TestGetReady: Request.Ready runs once, before the first hop is sent and
// not for its redirect; its error ends the Get with nothing sent.
func TestGetReady(t *testing.T) {
	refused := errors.New("not ours")
	tests := map[string]struct {
		ready     error
		wantErr   error
		wantPaths []string
	}{
		"allowed": {nil, nil, []string{"/old", "/new"}},
		"refused": {refused, refused, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var log hitLog
			srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				log.add(r)
				if r.URL.Path == "/old" {
					http.Redirect(w, r, "/new", http.StatusFound)
					return
				}
				w.Write([]byte("ok"))
			}))
			calls := 0
			req := Request{URL: srv.URL + "/old", Ready: func(context.Context) error { calls++; return tc.ready }}
			_, err := New(testOptions()).Get(t.Context(), req)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("got error %v, want %v", err, tc.wantErr)
			}
			log.mu.Lock()
			defer log.mu.Unlock()
			if calls != 1 || !slices.Equal(log.paths, tc.wantPaths) {
				t.Errorf("Ready called %d times, requests %q; want once, %q", calls, log.paths, tc.wantPaths)
			}
		})
	}
}
