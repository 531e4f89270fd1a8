package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
)

// apiRequest is a request to the API on behalf of r's reader, who has
// passed the pages' own checks (session, CSRF): it carries the api_token,
// and nothing of r but its context and host. body, when not nil, is sent
// as JSON.
func (s *Server) apiRequest(r *http.Request, method, target string, body []byte) *http.Request {
	u, _ := url.Parse(target) // our own paths, built with PathEscape
	req := (&http.Request{Method: method, URL: u, RequestURI: target, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Body: http.NoBody, Host: r.Host, RemoteAddr: r.RemoteAddr, TLS: r.TLS}).WithContext(r.Context())
	if body != nil {
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		req.Header.Set("Content-Type", "application/json")
	}
	if s.cfg.APIToken != "" {
		req.Header.Set("Authorization", "Bearer "+s.cfg.APIToken)
	}
	return req
}

// apiAnswer is what the API answered to an internal request.
type apiAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *apiAnswer) Header() http.Header { return a.header }
func (a *apiAnswer) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}
func (a *apiAnswer) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
}

// callAPI runs an internal request through the API. It decodes a
// successful answer into out (when not nil) and returns the status and,
// for an error, the contract's message.
func (s *Server) callAPI(r *http.Request, method, target string, body []byte, out any) (int, string) {
	ans := &apiAnswer{header: http.Header{}}
	s.api.ServeHTTP(ans, s.apiRequest(r, method, target, body))
	if ans.status == 0 {
		ans.status = http.StatusOK
	}
	if ans.status < 400 {
		if out != nil && ans.status != http.StatusNoContent {
			if err := json.Unmarshal(ans.body.Bytes(), out); err != nil {
				return http.StatusInternalServerError, "web: " + method + " " + target + ": " + err.Error()
			}
		}
		return ans.status, ""
	}
	var e struct {
		Error struct{ Message string } `json:"error"`
	}
	if json.Unmarshal(ans.body.Bytes(), &e) != nil || e.Error.Message == "" {
		return ans.status, http.StatusText(ans.status)
	}
	return ans.status, e.Error.Message
}
