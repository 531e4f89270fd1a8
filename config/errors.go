package config

import (
	"errors"
	"strconv"
	"strings"
)

// Kinds of problems; every *Error wraps one of them, so callers can test
// with errors.Is even through the errors.Join that Parse returns.
var (
	ErrSyntax     = errors.New("config: YAML syntax error")
	ErrUnknownKey = errors.New("config: unknown key")
	ErrDuplicate  = errors.New("config: duplicate")
	ErrMissing    = errors.New("config: missing required field")
	ErrInvalid    = errors.New("config: invalid value")
	ErrTooLarge   = errors.New("config: file too large")
)

// Error is one problem in a config file, located by file, line and field.
type Error struct {
	File  string // the name given to Parse, or the path given to Load
	Line  int    // 1-based; 0 when the problem has no line
	Field string // yaml path such as "sources[0].schedule"; "" for syntax errors
	Kind  error  // one of the Err* sentinels
	Msg   string // what is wrong, for a human
}

// Error formats the problem as "config: FILE:LINE: FIELD: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("config: ")
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the sentinel, for errors.Is.
func (e *Error) Unwrap() error { return e.Kind }

// syntaxError turns a yaml parser error ("yaml: line 3: did not find
// expected key") into an *Error that carries the line on its own.
func syntaxError(file string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, text
			}
		}
	}
	return &Error{File: file, Line: line, Kind: ErrSyntax, Msg: msg}
}
