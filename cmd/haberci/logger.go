package main

import (
	"io"
	"log/slog"

	"github.com/haberci/haberci/config"
)

// newLogger builds the process's one logger in the configured format and
// makes it slog's default, so that every package writes lines of that one
// format whether it was handed the logger or logs through the default.
func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if format == config.LogJSON {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	log := slog.New(h)
	slog.SetDefault(log)
	return log
}
