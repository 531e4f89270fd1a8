package api

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestJSONErrorsLeavesHandlersAlone: a handler's answer is never
// rewritten, even one that looks like net/http's own plain-text 400, while
// net/http's refusal on the same connection is; the server's own hooks
// still run.
func TestJSONErrorsLeavesHandlersAlone(t *testing.T) {
	var states, conns atomic.Int32
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Date"] = nil
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, "400 Bad Request")
		}),
		ConnState:   func(net.Conn, http.ConnState) { states.Add(1) },
		ConnContext: func(ctx context.Context, _ net.Conn) context.Context { conns.Add(1); return ctx },
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(JSONErrors(srv, ln)) }()
	defer srv.Close()

	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	const get = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n"
	if _, err := io.WriteString(c, get+"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"+get+"MERHABA\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	want := []struct {
		status int
		ct     string
		body   string
	}{
		{400, "text/plain; charset=utf-8", "400 Bad Request"}, // the handler's
		{200, "", ""}, // net/http's own OPTIONS *, not an error
		{400, "text/plain; charset=utf-8", "400 Bad Request"},
		{400, "application/json; charset=utf-8", `{"error":{"code":"bad_request","message":"malformed request"}}` + "\n"},
	}
	for i, w := range want {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("reply %d: %v", i+1, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != w.status || resp.Header.Get("Content-Type") != w.ct || string(body) != w.body {
			t.Errorf("reply %d: %d %q %q, want %d %q %q", i+1, resp.StatusCode, resp.Header.Get("Content-Type"), body, w.status, w.ct, w.body)
		}
	}
	if states.Load() == 0 || conns.Load() != 1 {
		t.Errorf("the server's hooks: ConnState ran %d times, ConnContext %d", states.Load(), conns.Load())
	}
}

// TestJSONReply: only error replies are rewritten, keeping status, proto
// and net/http's detail.
func TestJSONReply(t *testing.T) {
	now := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
	const plain = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
	tests := map[string]struct {
		in, want string // want "" means passed on as is
	}{
		"431": {"HTTP/1.1 431 Request Header Fields Too Large" + plain + "431 Request Header Fields Too Large",
			"HTTP/1.1 431 Request Header Fields Too Large\r\n"},
		"400 with detail": {"HTTP/1.1 400 Bad Request: malformed Host header" + plain + "400 Bad Request: malformed Host header",
			`{"error":{"code":"bad_request","message":"malformed request: malformed Host header"}}`},
		"417 on HTTP/1.0":     {"HTTP/1.0 417 Expectation Failed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", "HTTP/1.0 417 Expectation Failed\r\n"},
		"unknown status":      {"HTTP/1.1 499 X" + plain + "499 X", `"message":"the request was refused: 499"`},
		"200":                 {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", ""},
		"100 Continue":        {"HTTP/1.1 100 Continue\r\n\r\n", ""},
		"not a reply":         {"0\r\n\r\n", ""},
		"short":               {"HTTP/1.1 4\r\n", ""},
		"status not a number": {"HTTP/1.1 4x0 Bad\r\n\r\n", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := jsonReply([]byte(tc.in), now)
			if tc.want == "" {
				if ok {
					t.Errorf("rewrote %q into %q", tc.in, got)
				}
				return
			}
			if tc.want == "HEAD" { // the head only, its length that of the body a GET would get
				if !ok || !strings.HasSuffix(string(got), "\r\n\r\n") || !strings.Contains(string(got), "\r\nContent-Length: 9") {
					t.Errorf("got %q (%v), want a bodiless JSON error head", got, ok)
				}
				return
			}
			if !ok || !strings.Contains(string(got), tc.want) || !strings.Contains(string(got), "\r\nContent-Type: application/json; charset=utf-8\r\n") {
				t.Errorf("got %q (%v), want it to contain %q", got, ok, tc.want)
			}
			resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(string(got))), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if int64(len(body)) != resp.ContentLength || len(body) == 0 || resp.Header.Get("Date") != "Mon, 07 Dec 2026 07:00:00 GMT" {
				t.Errorf("Content-Length %d for %d bytes, Date %q", resp.ContentLength, len(body), resp.Header.Get("Date"))
			}
		})
	}
}

// FuzzRawRequest sends random bytes as a request over TCP to a server set
// up with JSONErrors around the whole handler: every answer parses as
// HTTP, none is a 500, and every error is the JSON error shape, whether
// net/http or a handler wrote it. (A connection may also end unanswered:
// net/http does not answer a request cut short.)
func FuzzRawRequest(f *testing.F) {
	fx := newFixture(f, "", nil)
	srv := &http.Server{Handler: fx.api.Handler(), ReadHeaderTimeout: 2 * time.Second, MaxHeaderBytes: 2 << 10}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	go func() { _ = srv.Serve(JSONErrors(srv, ln)) }()
	f.Cleanup(func() { _ = srv.Close() })
	for _, seed := range []string{
		"GET /api/v1/search?q=zab%C4%B1ta HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /\r\n",
		"GET / HTTP/0.9\r\n\r\n",
		"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
		"POST /api/v1/sources HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
		"POST /api/v1/sources HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n{\"a\":",
		"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /api/v1/yok HTTP/1.1\r\nHost: a b\r\n\r\n",
		"HEAD /api/v1/articles/yok HTTP/1.1\r\nHost: a\r\nExpect: çay\r\n\r\n",
		"GET /api/v1/search HTTP/1.1\r\nHost: a\r\nX-A: " + strings.Repeat("a", 3000) + "\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		go func() {
			_, _ = c.Write(raw)
			_ = c.(*net.TCPConn).CloseWrite()
		}()
		br := bufio.NewReader(c)
		// Whether a body follows an answer to what starts as HEAD depends on
		// whether net/http parsed the request: only the first answer's head
		// is read then.
		var req *http.Request
		if bytes.HasPrefix(raw, []byte("HEAD ")) {
			req = &http.Request{Method: http.MethodHead}
		}
		for {
			if _, err := br.Peek(1); err != nil {
				return // the server is done with the connection
			}
			resp, err := http.ReadResponse(br, req)
			if err != nil {
				t.Fatalf("%q: unreadable answer: %v", raw, err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatalf("%q: answer %d: body: %v", raw, resp.StatusCode, err)
			}
			if resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && resp.StatusCode != http.StatusHTTPVersionNotSupported {
				t.Fatalf("%q: %d %s", raw, resp.StatusCode, body)
			}
			if resp.StatusCode >= 400 && (resp.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
				req == nil && !bytes.HasPrefix(body, []byte(`{"error":{"code":"`))) {
				t.Fatalf("%q: %d %q %q: not the JSON error shape", raw, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if req != nil {
				return
			}
		}
	})
}
