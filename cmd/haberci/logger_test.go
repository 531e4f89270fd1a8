package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/haberci/haberci/config"
)

// TestLoggerOneFormat checks that a line logged through slog's default (as
// the stores do) has the configured format, like one logged through the
// logger handed out.
func TestLoggerOneFormat(t *testing.T) {
	defer slog.SetDefault(slog.Default())
	for name, tc := range map[string]struct {
		format string
		isJSON bool
	}{
		"json": {config.LogJSON, true},
		"text": {config.LogText, false},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			log := newLogger(&buf, tc.format, slog.LevelInfo)
			log.Info("handed", slog.String("k", "İstanbul"))
			slog.Warn("default", slog.Any("error", "disk full"))
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			if len(lines) != 2 {
				t.Fatalf("got %d lines, want 2:\n%s", len(lines), buf.String())
			}
			for _, l := range lines {
				var m map[string]any
				isJSON := json.Unmarshal([]byte(l), &m) == nil
				if isJSON != tc.isJSON {
					t.Errorf("line %q: JSON %v, want %v", l, isJSON, tc.isJSON)
				}
			}
		})
	}
}
