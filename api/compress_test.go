package api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// rawClient sends Accept-Encoding as the test says and never decodes, so
// the test sees the bytes on the wire.
var rawClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// rawGet requests url with method and headers and returns the answer and
// its body as sent.
func rawGet(t *testing.T, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	return request(t, rawClient, method, url, header)
}

// gunzip decodes one gzip stream, failing the test when it is not one.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v (%q…)", err, b[:min(len(b), 40)])
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCompress: which answers are gzipped, over real HTTP, and that the
// decoded body is the handler's.
func TestCompress(t *testing.T) {
	page := []byte("<!doctype html><title>Haber</title>" + strings.Repeat("<p>İstanbul'da çalıştay yapıldı.</p>", 200))
	small := []byte(`{"error":{"code":"not_found","message":"yok"}}`)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1, 2, 3}, 1000)...)
	pre := gzipped(t, page)
	write := func(ct string, status int, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			w.WriteHeader(status)
			_, _ = w.Write(body)
		}
	}
	inPieces := func(w http.ResponseWriter, r *http.Request) { // no type set, written 10 bytes at a time
		for b := page; len(b) > 0; b = b[min(10, len(b)):] {
			_, _ = w.Write(b[:min(10, len(b))])
		}
	}
	static := func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "app.css", time.Time{}, bytes.NewReader(page))
	}
	gz := map[string]string{"Accept-Encoding": "gzip, deflate, br"}
	cases := map[string]struct {
		h        http.HandlerFunc
		method   string
		header   map[string]string
		status   int
		gzip     bool   // the body arrives gzipped
		vary     bool   // Vary: Accept-Encoding
		body     []byte // the decoded body
		encoding string // Content-Encoding when not gzipped by us
	}{
		"page, gzip accepted":        {h: write("text/html; charset=utf-8", 200, page), header: gz, status: 200, gzip: true, vary: true, body: page},
		"page, no Accept-Encoding":   {h: write("text/html; charset=utf-8", 200, page), status: 200, vary: true, body: page},
		"page, gzip;q=0":             {h: write("text/html; charset=utf-8", 200, page), header: map[string]string{"Accept-Encoding": "br, gzip;q=0"}, status: 200, vary: true, body: page},
		"page, GZIP;q=0.5":           {h: write("text/html; charset=utf-8", 200, page), header: map[string]string{"Accept-Encoding": "GZIP;q=0.5"}, status: 200, gzip: true, vary: true, body: page},
		"error page 404":             {h: write("text/html; charset=utf-8", 404, page), header: gz, status: 404, gzip: true, vary: true, body: page},
		"written in pieces, sniffed": {h: inPieces, header: gz, status: 200, gzip: true, vary: true, body: page},
		"small JSON":                 {h: write("application/json; charset=utf-8", 404, small), header: gz, status: 404, vary: true, body: small},
		"large JSON":                 {h: write("application/json; charset=utf-8", 200, page), header: gz, status: 200, gzip: true, vary: true, body: page},
		"CSV":                        {h: write("text/csv; charset=utf-8", 200, page), header: gz, status: 200, gzip: true, vary: true, body: page},
		"Atom":                       {h: write("application/atom+xml; charset=utf-8", 200, page), header: gz, status: 200, gzip: true, vary: true, body: page},
		"SVG":                        {h: write("image/svg+xml", 200, page), header: gz, status: 200, gzip: true, vary: true, body: page},
		"PNG":                        {h: write("image/png", 200, png), header: gz, status: 200, body: png},
		"HEAD":                       {h: write("text/html; charset=utf-8", 200, page), method: http.MethodHead, header: gz, status: 200},
		"304":                        {h: write("text/html; charset=utf-8", 304, nil), header: gz, status: 304},
		"204":                        {h: write("application/json", 204, nil), header: gz, status: 204},
		"already gzipped": {h: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			write("text/plain", 200, pre)(w, r)
		}, header: gz, status: 200, body: pre, encoding: "gzip"},
		"file with Content-Length":     {h: static, header: gz, status: 200, gzip: true, vary: true, body: page},
		"file, Range request":          {h: static, header: map[string]string{"Accept-Encoding": "gzip", "Range": "bytes=0-9"}, status: 206, body: page[:10]},
		"file, If-None-Match answered": {h: func(w http.ResponseWriter, r *http.Request) { w.Header().Set("ETag", `"v1"`); static(w, r) }, header: map[string]string{"Accept-Encoding": "gzip", "If-None-Match": `"v1"`}, status: 304},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(Compress(c.h))
			defer srv.Close()
			method := c.method
			if method == "" {
				method = http.MethodGet
			}
			resp, body := rawGet(t, method, srv.URL, c.header)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
			}
			enc := resp.Header.Get("Content-Encoding")
			if c.gzip {
				// A length, when net/http sets one, is the encoded body's.
				if enc != "gzip" || resp.ContentLength >= 0 && resp.ContentLength != int64(len(body)) || resp.Header.Get("Accept-Ranges") != "" {
					t.Fatalf("headers %v (%d bytes): want gzip, no ranges", resp.Header, len(body))
				}
				body = gunzip(t, body)
			} else if enc != c.encoding {
				t.Fatalf("Content-Encoding %q, want %q", enc, c.encoding)
			}
			if !bytes.Equal(body, c.body) {
				t.Errorf("body %d bytes (%q…), want %d bytes", len(body), body[:min(len(body), 40)], len(c.body))
			}
			if got := strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding"); got != c.vary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", resp.Header.Values("Vary"), c.vary)
			}
		})
	}
}

// TestCompressAPI: the API behind Compress (as the daemon serves it): a
// search is gzipped and decodes to the same JSON, its errors stay JSON,
// /metrics is gzipped once (promhttp gzips itself) and counts statuses,
// and net/http's own refusals are still rewritten by JSONErrors.
func TestCompressAPI(t *testing.T) {
	f := newFixture(t, "", nil)
	srv := &http.Server{Handler: Compress(f.api.Handler())}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(JSONErrors(srv, ln)) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	gz := map[string]string{"Accept-Encoding": "gzip"}

	resp, body := rawGet(t, "GET", base+"/api/v1/search?q=%C3%A7al%C4%B1%C5%9Ftay", gz)
	_, plain := rawGet(t, "GET", base+"/api/v1/search?q=%C3%A7al%C4%B1%C5%9Ftay", nil)
	if resp.Header.Get("Content-Encoding") != "gzip" || len(plain) < minCompress {
		t.Fatalf("search: %d bytes plain, encoding %q", len(plain), resp.Header.Get("Content-Encoding"))
	}
	var a, b struct {
		Total int `json:"total"`
		Hits  []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(gunzip(t, body), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(plain, &b); err != nil || a.Total != 2 || len(a.Hits) != len(b.Hits) || a.Hits[0].ID != b.Hits[0].ID {
		t.Errorf("gzipped search %+v, plain %+v (%v)", a, b, err)
	}

	resp, body = rawGet(t, "GET", base+"/api/v1/nope", gz)
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != 404 || e.Error.Code != "not_found" {
		t.Errorf("unknown endpoint: %d %q (%v)", resp.StatusCode, body, err)
	}

	resp, body = rawGet(t, "GET", base+"/metrics", gz)
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("metrics: encoding %q", resp.Header.Get("Content-Encoding"))
	}
	if m := gunzip(t, body); !bytes.Contains(m, []byte(`haberci_http_requests_total{code="200",route="GET /api/v1/search"} 2`)) {
		t.Errorf("metrics, once decoded:\n%.2000s", m)
	}

	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, "GET /api/v1/search?q=%C3%A7al%C4%B1%C5%9Ftay HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\nMERHABA\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	for i, want := range []struct {
		status int
		enc    string
	}{{200, "gzip"}, {400, ""}} {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("reply %d: %v", i+1, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want.status || resp.Header.Get("Content-Encoding") != want.enc {
			t.Fatalf("reply %d: %d %q, want %d %q", i+1, resp.StatusCode, resp.Header.Get("Content-Encoding"), want.status, want.enc)
		}
		if want.enc == "" && !json.Valid(body) {
			t.Errorf("reply %d: not JSON: %q", i+1, body)
		}
	}
}
