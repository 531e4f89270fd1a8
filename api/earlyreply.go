package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// net/http answers some requests before any handler runs, in plain text
// written straight on the connection: a request line and headers past
// MaxHeaderBytes (431), a malformed request line, Host or header (400), an
// unsupported Transfer-Encoding (501), an HTTP version it does not serve
// (505, HTTP/0.9 included) and an Expect other than
// 100-continue (417, empty). No handler sees these requests, and raising
// MaxHeaderBytes only moves the 431 (checkRequest enforces the documented
// header limit below it, in JSON). So JSONErrors wraps each connection
// instead: a write made while no handler has started on the connection
// since it went idle is net/http's own, and one with an error status is
// replaced by the contract's error body. A handler's answer is never
// inspected: the root handler disarms the connection before it runs, and
// only StateIdle, reported after the answer is flushed, arms it again.
// Matching the canned texts instead would tie us to net/http's wording and
// could mistake a response body written at a buffer boundary for one.

// JSONErrors makes srv answer in the contract's JSON error shape where
// net/http would answer in plain text before any handler runs. It wraps
// srv.Handler and chains srv.ConnContext and srv.ConnState; serve srv on
// the listener it returns (plain TCP: TLS connections are not wrapped).
func JSONErrors(srv *http.Server, ln net.Listener) net.Listener {
	next := srv.Handler
	if next == nil {
		next = http.DefaultServeMux
	}
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := r.Context().Value(replyConnKey{}).(*replyConn); ok {
			c.armed.Store(false)
		}
		if r.Method == "PRI" && r.RequestURI == "*" {
			// HTTP/2's preface, which net/http hands to handlers in case
			// they upgrade: we do not, so it is a version not served.
			writeError(w, http.StatusHTTPVersionNotSupported, "http_version_not_supported",
				"HTTP/2 is not served: this listener speaks HTTP/1.0 and HTTP/1.1")
			return
		}
		next.ServeHTTP(w, r)
	})
	connCtx := srv.ConnContext
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if connCtx != nil {
			ctx = connCtx(ctx, c)
		}
		if rc, ok := c.(*replyConn); ok {
			ctx = context.WithValue(ctx, replyConnKey{}, rc)
		}
		return ctx
	}
	connState := srv.ConnState
	srv.ConnState = func(c net.Conn, st http.ConnState) {
		if rc, ok := c.(*replyConn); ok && st == http.StateIdle {
			rc.armed.Store(true)
		}
		if connState != nil {
			connState(c, st)
		}
	}
	return replyListener{ln}
}

type replyConnKey struct{}

type replyListener struct{ net.Listener }

func (l replyListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	rc := &replyConn{Conn: c}
	rc.armed.Store(true)
	return rc, nil
}

// replyConn rewrites net/http's own error replies; see JSONErrors.
type replyConn struct {
	net.Conn
	armed atomic.Bool // no handler has run since the connection opened or went idle
}

func (c *replyConn) Write(p []byte) (int, error) {
	if !c.armed.Load() {
		return c.Conn.Write(p)
	}
	reply, ok := jsonReply(p, time.Now())
	if !ok {
		return c.Conn.Write(p)
	}
	if _, err := c.Conn.Write(reply); err != nil {
		return 0, err
	}
	return len(p), nil
}

// CloseWrite lets net/http half-close after its 431 (so that the client
// reads the answer before the reset its unread request would cause).
func (c *replyConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// earlyErrors names net/http's own refusals: the contract's code and what
// to tell the client (net/http's detail, such as "malformed Host header",
// is appended).
var earlyErrors = map[int]struct{ code, msg string }{
	http.StatusBadRequest:                  {"bad_request", "malformed request"},
	http.StatusRequestHeaderFieldsTooLarge: {"headers_too_large", fmt.Sprintf("the request line and headers are too large; headers: at most %d bytes", maxHeaderBytes)},
	http.StatusNotImplemented:              {"not_implemented", "unsupported Transfer-Encoding: only chunked is accepted"},
	http.StatusHTTPVersionNotSupported:     {"http_version_not_supported", "unsupported protocol version: HTTP/1.0 and HTTP/1.1 are served"},
	http.StatusExpectationFailed:           {"expectation_failed", "unsupported Expect header: only 100-continue is accepted"},
}

// jsonReply turns an HTTP/1.x reply with an error status, as net/http
// writes it in one piece, into the same status with the contract's JSON
// error body. It reports false for anything else, which is passed on as is.
func jsonReply(p []byte, now time.Time) ([]byte, bool) {
	line, _, ok := bytes.Cut(p, []byte("\r\n"))
	if !ok || !bytes.HasPrefix(line, []byte("HTTP/1.")) || len(line) < len("HTTP/1.1 400") {
		return nil, false
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil || status < 400 || status > 599 {
		return nil, false
	}
	e, known := earlyErrors[status]
	if !known { // none today; a later net/http may add one
		e.code, e.msg = "error", "the request was refused: "+strconv.Itoa(status)
	}
	// net/http puts its detail in the reason phrase: "400 Bad Request:
	// missing required Host header".
	if _, detail, ok := strings.Cut(string(line[12:]), ": "); ok && detail != "" {
		e.msg += ": " + detail
	}
	var b errorBody
	b.Error.Code, b.Error.Message = e.code, e.msg
	body, err := json.Marshal(b)
	if err != nil {
		return nil, false
	}
	body = append(body, '\n')
	reply := fmt.Appendf(nil, "%s %d %s\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n"+
		"Connection: close\r\nDate: %s\r\nContent-Length: %d\r\n\r\n", line[:8], status, http.StatusText(status), now.UTC().Format(http.TimeFormat), len(body))
	// An answer to HEAD (net/http's 417 is one when the request was) has
	// neither body nor length: keep it bodiless, with the length a GET's
	// body would have.
	if head, rest, _ := bytes.Cut(p, []byte("\r\n\r\n")); len(rest) == 0 && !bytes.Contains(head, []byte("\r\nContent-Length:")) {
		return reply, true
	}
	return append(reply, body...), true
}
