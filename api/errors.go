package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/params"
	"github.com/haberci/haberci/sources"
)

// errTooLarge is a request body past its route's limit (413).
var errTooLarge = errors.New("body: larger than this endpoint takes")

// statusClientClosed answers a request whose client went away before its
// answer was ready.
const statusClientClosed = 499

// inputError is bad input found by the api package itself.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func badInput(msg string) error { return &inputError{msg} }

// answerError is the one place an error becomes a status and the
// contract's error body: refusals of the input are 4xx with their message,
// anything else is logged and answered 500 without its text.
func (s *Server) answerError(w http.ResponseWriter, r *http.Request, op string, err error) {
	var (
		in *inputError
		qe *index.QueryError
		pe *params.Error
	)
	switch {
	case errors.Is(err, errTooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", err.Error())
	case errors.As(err, &in), errors.As(err, &qe), errors.As(err, &pe),
		errors.Is(err, index.ErrBadRequest), errors.Is(err, sources.ErrInvalid):
		badRequest(w, err.Error())
	case errors.Is(err, sources.ErrConflict), errors.Is(err, sources.ErrConfigured):
		writeError(w, http.StatusConflict, "conflict", err.Error())
	case errors.Is(err, sources.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", err.Error())
	case errors.Is(err, archive.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "not found")
	case r.Context().Err() != nil && errors.Is(err, r.Context().Err()):
		// The client hung up: nobody reads this answer, and it is no fault
		// of the server's to log as an error or count as a 500. 499 is
		// the common mark for it (nginx's "client closed request").
		s.log.Debug("api: client gone", slog.String("op", op), slog.String("path", r.URL.Path))
		writeError(w, statusClientClosed, "client_closed", "the request was cancelled")
	default:
		s.log.Error("api", slog.String("op", op), slog.String("path", r.URL.Path), slog.Any("error", err))
		writeError(w, http.StatusInternalServerError, "internal", "internal error")
	}
}
