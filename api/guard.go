package api

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// access says who may call a route.
type access int

const (
	public access = iota // anyone, always: /healthz, for load balancers and probes
	reader               // GET and HEAD: the token only with private_reads
	writer               // everything else: the token whenever api_token is set
)

// routeAccess derives a route's access from its pattern, so that a new
// state-changing route is locked without anyone remembering to lock it. A
// pattern without a method matches every method, POST included: writer.
func routeAccess(pattern string) access {
	method, path, ok := strings.Cut(pattern, " ")
	switch {
	case !ok || method != http.MethodGet && method != http.MethodHead:
		return writer
	case path == "/healthz":
		return public
	case strings.HasPrefix(path, "/feeds/watches/"):
		return public // the unguessable token in the path is the credential: feed readers send no headers
	case strings.HasPrefix(path, "/api/v1/watches"):
		return writer // watches name their owners' addresses and feed tokens
	}
	return reader
}

// needsToken reports whether calls with access a must carry the token.
// Without api_token writes stay open (local use); private_reads locks reads
// even then, so a config built in code without a token fails closed.
func (s *Server) needsToken(a access) bool {
	switch a {
	case writer:
		return s.cfg.APIToken != ""
	case reader:
		return s.cfg.PrivateReads
	}
	return false
}

// guard puts the token check that pattern's access calls for in front of
// h. Guarded answers are private: Cache-Control: no-store keeps them (and
// the 401s) out of shared caches.
func (s *Server) guard(pattern string, h http.Handler) http.Handler {
	if !s.needsToken(routeAccess(pattern)) {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if !s.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="haberci"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "this endpoint needs Authorization: Bearer <api_token>")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// authorized reports whether r carries the configured bearer token. The
// comparison takes the same time wherever the first difference is.
func (s *Server) authorized(r *http.Request) bool {
	want := s.cfg.APIToken
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
