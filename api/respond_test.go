package api

import (
	"bytes"
	"context"
	"fmt"
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

// TestAnswerErrorClientGone: a storage or index call cut short because the
// client hung up is no server error (499, not logged as one); the same
// error while the client still waits is a 500 that is.
func TestAnswerErrorClientGone(t *testing.T) {
	cause := fmt.Errorf("index: search: %w", context.Canceled)
	gone, hangUp := context.WithCancel(context.Background())
	hangUp()
	tests := map[string]struct {
		ctx    context.Context
		status int
		logged bool
	}{
		"client gone":    {gone, 499, false},
		"client waiting": {context.Background(), 500, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil))}
			w := httptest.NewRecorder()
			s.answerError(w, httptest.NewRequestWithContext(tc.ctx, "GET", "/api/v1/search", nil), "search", cause)
			if w.Code != tc.status || !strings.Contains(w.Body.String(), `"error":{"code":`) {
				t.Errorf("answer %d %s, want %d", w.Code, w.Body, tc.status)
			}
			if got := strings.Contains(logs.String(), "level=ERROR"); got != tc.logged {
				t.Errorf("logged as an error: %v, want %v: %s", got, tc.logged, logs.String())
			}
		})
	}
}
