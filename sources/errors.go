package sources

import (
	"errors"
	"fmt"
)

// Kinds of refusal; every *Error wraps one of them (errors.Is).
var (
	// ErrInvalid: the entry breaks a rule (the config file's, or a limit).
	ErrInvalid = errors.New("sources: invalid")
	// ErrConflict: the id or URL is already a source's.
	ErrConflict = errors.New("sources: conflict")
	// ErrNotFound: no source has the id.
	ErrNotFound = errors.New("sources: not found")
	// ErrConfigured: the source is the config file's; only the file changes it.
	ErrConfigured = errors.New("sources: configured in the file")
)

// Error is a refusal naming the key at fault ("" for the whole entry).
type Error struct {
	Kind  error
	Field string
	Msg   string
}

// Error reads "field: message".
func (e *Error) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Kind }

func refuse(kind error, field, format string, args ...any) *Error {
	return &Error{Kind: kind, Field: field, Msg: fmt.Sprintf(format, args...)}
}
