package api

import (
	"bytes"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWriteJSONLogsThroughServer: a value JSON cannot hold is a clean 500
// in the error shape, and the cause goes to the server's own logger.
func TestWriteJSONLogsThroughServer(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil))}
	w := httptest.NewRecorder()
	s.writeJSON(w, http.StatusOK, map[string]float64{"score": math.NaN()})
	if w.Code != http.StatusInternalServerError || w.Body.String() != `{"error":{"code":"internal","message":"internal error"}}`+"\n" {
		t.Errorf("answer %d %q", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), "api: encode response") || !strings.Contains(logs.String(), "NaN") {
		t.Errorf("server log %q, want the encoding error", logs.String())
	}
}
