package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"
)

// errorBody is the contract's error shape.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeJSON answers v as JSON; a value JSON cannot hold is logged through
// the server's logger and answered 500 (see sendJSON).
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	if err := sendJSON(w, status, v); err != nil {
		s.log.Error("api: encode response", slog.Any("error", err))
	}
}

// sendJSON encodes v before sending anything, so that a value JSON cannot
// hold becomes a clean 500 instead of a 200 with an empty body; it returns
// the encoding error for the caller to log.
func sendJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	if err != nil {
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"internal error"}}` + "\n")
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return err
}

// writeError answers the contract's error shape, which always encodes:
// it needs no logger.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	_ = sendJSON(w, status, b)
}

func badRequest(w http.ResponseWriter, msg string) {
	writeError(w, http.StatusBadRequest, "bad_request", msg)
}

// Time is a time in the API: RFC 3339 in UTC, null when unknown.
type Time time.Time

// MarshalJSON implements json.Marshaler.
func (t Time) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + tt.UTC().Format(time.RFC3339) + `"`), nil
}

// UnmarshalJSON implements json.Unmarshaler, for clients of the API in Go.
func (t *Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Time{}
		return nil
	}
	var tt time.Time
	if err := json.Unmarshal(b, &tt); err != nil {
		return err
	}
	*t = Time(tt)
	return nil
}
