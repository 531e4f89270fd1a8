package api

import (
	"net/http"
	"slices"
	"strings"
)

// corsPrefix is where CORS applies: the JSON API, not /healthz or /metrics,
// which browsers have no business reading.
const corsPrefix = "/api/v1/"

// cors adds CORS headers for the origins in cors_origins and answers
// preflight requests itself (they carry no token, so they must not reach
// the guard). It reports whether it answered. Without cors_origins it adds
// nothing at all; an unlisted origin gets no Allow-Origin, so browsers keep
// the answer from its page, and its preflight falls through to a 405.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	if len(s.cfg.CORSOrigins) == 0 || !strings.HasPrefix(r.URL.Path, corsPrefix) {
		return false
	}
	// The answer depends on Origin whether or not it is listed: tell caches.
	w.Header().Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin == "" || !slices.Contains(s.cfg.CORSOrigins, origin) {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h.Set("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}
