package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawReply is one answer read off the wire.
type rawReply struct {
	status int
	header http.Header
	body   []byte
}

// rawExchange sends raw on a fresh TCP connection to addr (from a
// goroutine, so that a server answering before it has read everything does
// not stall the test) and reads n replies.
func rawExchange(t *testing.T, addr, raw string, n int) []rawReply {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	go func() { _, _ = io.WriteString(c, raw) }()
	br := bufio.NewReader(c)
	var out []rawReply
	for range n {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("reply %d: %v", len(out)+1, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("reply %d body: %v", len(out)+1, err)
		}
		out = append(out, rawReply{resp.StatusCode, resp.Header, body})
	}
	return out
}

// checkJSONError fails unless r is the contract's error shape with status,
// a message containing msg, and an exact Content-Length.
func checkJSONError(t *testing.T, r rawReply, status int, msg string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status %d, want %d: %.300s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q: %.300s", ct, r.body)
	}
	if cl := r.header.Get("Content-Length"); cl != strconv.Itoa(len(r.body)) {
		t.Errorf("Content-Length %q for a body of %d bytes", cl, len(r.body))
	}
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code == "" || !strings.Contains(e.Error.Message, msg) {
		t.Errorf("body %.300s (%v), want the JSON error shape with a message containing %q", r.body, err, msg)
	}
}

// TestServerWritesJSONErrors: every error the daemon writes, net/http's
// refusals of requests no handler sees included, is the JSON error shape,
// sent as raw bytes to the real daemon.
func TestServerWritesJSONErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := writeDaemonConfig(t, filepath.Join(dir, "haberci.yaml"), filepath.Join(dir, "data"), freePort(t))
	_, stop := startServe(t, cfg)
	defer stop()

	const host = "Host: 127.0.0.1\r\n"
	header := func(n int) string { return "X-Dolgu: " + strings.Repeat("a", n) + "\r\n" }
	post := func(path string, n int) string {
		return "POST " + path + " HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nContent-Length: " +
			strconv.Itoa(n) + "\r\n\r\n" + `{"name":"` + strings.Repeat("x", n-11) + `"}`
	}
	tests := map[string]struct {
		raw    string
		status int
		msg    string
	}{
		"headers over net/http's cap":   {"GET /api/v1/search HTTP/1.1\r\n" + host + header(80<<10) + "\r\n", 431, "too large"},
		"headers over the API's limit":  {"GET /api/v1/search HTTP/1.1\r\n" + host + header(40<<10) + "\r\n", 431, "the headers have"},
		"request line over the cap":     {"GET /api/v1/search?q=" + strings.Repeat("a", 80<<10) + " HTTP/1.1\r\n" + host + "\r\n", 431, "too large"},
		"URL over the API's limit":      {"GET /api/v1/search?q=" + strings.Repeat("a", 9<<10) + " HTTP/1.1\r\n" + host + "\r\n", 414, "the URL has"},
		"garbage request line":          {"MERHABA DÜNYA\r\n\r\n", 400, "malformed request"},
		"binary junk":                   {"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400, "malformed request"},
		"lone GET /":                    {"GET /\r\n", 400, "malformed request"},
		"HTTP/0.9":                      {"GET / HTTP/0.9\r\n\r\n", 505, "unsupported protocol version"},
		"HTTP/2.0 request line":         {"GET / HTTP/2.0\r\n" + host + "\r\n", 505, "unsupported protocol version"},
		"HTTP/2 preface":                {"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00", 505, "HTTP/2 is not served"},
		"no Host in HTTP/1.1":           {"GET /api/v1/search HTTP/1.1\r\n\r\n", 400, "missing required Host header"},
		"bad Host":                      {"GET /api/v1/search HTTP/1.1\r\nHost: a b/c\r\n\r\n", 400, "malformed Host header"},
		"two Hosts":                     {"GET /api/v1/search HTTP/1.1\r\n" + host + "Host: b\r\n\r\n", 400, "malformed request"},
		"bad header name":               {"GET /api/v1/search HTTP/1.1\r\n" + host + "Kötü: 1\r\n\r\n", 400, "malformed request"},
		"header value with NUL":         {"GET /api/v1/search HTTP/1.1\r\n" + host + "X-A: a\x00b\r\n\r\n", 400, "malformed request"},
		"unsupported Transfer-Encoding": {"POST /api/v1/sources HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n", 501, "unsupported Transfer-Encoding"},
		"bad chunked body":              {"POST /api/v1/sources HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "body"},
		"bad Content-Length":            {"POST /api/v1/sources HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n", 400, "malformed request"},
		"Expect other than 100":         {"GET /api/v1/search HTTP/1.1\r\n" + host + "Expect: çay\r\n\r\n", 417, "Expect"},
		"method not allowed":            {"PUT /api/v1/search HTTP/1.1\r\n" + host + "\r\n", 405, `"PUT" is not allowed`},
		"unknown method token":          {"GÖNDER /api/v1/search HTTP/1.1\r\n" + host + "\r\n", 400, "malformed request"},
		"body over 1 MiB":               {post("/api/v1/sources", 2<<20), 413, "body: larger"},
		"source body over 64 KiB":       {post("/api/v1/sources", 80<<10), 413, "body: larger"},
		"unknown path":                  {"GET /api/v1/yok HTTP/1.1\r\n" + host + "\r\n", 404, "no such endpoint"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			checkJSONError(t, rawExchange(t, cfg.Listen, tc.raw, 1)[0], tc.status, tc.msg)
		})
	}

	// On a kept-alive connection a handler's answer passes untouched and
	// the malformed request after it still gets the JSON error.
	t.Run("keep-alive", func(t *testing.T) {
		r := rawExchange(t, cfg.Listen, "GET /healthz HTTP/1.1\r\n"+host+"\r\nGET /healthz HTTP/1.1\r\n"+host+"\r\nMERHABA\r\n\r\n", 3)
		for _, ok := range r[:2] {
			if ok.status != http.StatusOK || ok.header.Get("Date") == "" || !strings.Contains(string(ok.body), `"status":"ok"`) {
				t.Errorf("healthz: %d %v %s", ok.status, ok.header, ok.body)
			}
		}
		checkJSONError(t, r[2], 400, "malformed request")
	})
}
