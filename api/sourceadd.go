package api

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/crawler/fetch"
)

// maxSourceBody bounds a POST /sources body: one source's settings.
const maxSourceBody = 64 << 10

// addSource is POST /api/v1/sources: the body is one sources entry of the
// config file as a JSON object (id optional: made from the name). It is
// validated with the config file's rules, stored in the archive as a
// run-time source and scheduled at once. 201 with the source; 400 for bad
// input or a private address; 409 when its id or URL is already a source's.
func (s *Server) addSource(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSourceBody))
	if err != nil {
		badRequest(w, "body: unreadable or larger than 64 KiB")
		return
	}
	fields, err := decodeObject(body)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	s.srcMu.Lock() // a made-up id is checked and taken in one step
	defer s.srcMu.Unlock()
	src, key, rerr := s.newSource(r, fields)
	if rerr != nil {
		writeError(w, rerr.status, rerr.code, rerr.msg)
		return
	}
	entry, _ := json.Marshal(src.Entry()) // strings, ints and bools only
	info := archive.SourceInfo{ID: src.ID, Name: src.Name, Type: src.Type, URL: src.URL, Schedule: src.Schedule, Options: string(entry)}
	if err := s.arch.AddSource(r.Context(), info, key); err != nil {
		var ee *archive.ExistsError
		switch {
		case errors.As(err, &ee) && ee.Field == "url":
			writeError(w, http.StatusConflict, "conflict", "url: source "+ee.ID+" already has this URL")
		case errors.As(err, &ee):
			writeError(w, http.StatusConflict, "conflict", "id: "+ee.ID+" is already a source's id")
		case errors.Is(err, archive.ErrInvalid):
			badRequest(w, "too many run-time sources")
		default:
			s.fail(w, "add source", err)
		}
		return
	}
	if s.sched != nil {
		if err := s.sched.Add(src); err != nil { // stored: the next start schedules it
			s.log.Warn("added source not scheduled", slog.String("source", src.ID), slog.Any("error", err))
		}
	}
	s.answerSource(w, r, http.StatusCreated, src.ID)
}

// answerSource answers with one source and its state.
func (s *Server) answerSource(w http.ResponseWriter, r *http.Request, status int, id string) {
	out, err := oneSource(r.Context(), s.cfg, s.arch, id)
	if err != nil {
		s.fail(w, "source", err)
		return
	}
	writeJSON(w, status, out)
}

// newSource validates the entry, making up its id when it has none, and
// checks it against the config's sources; it returns the source and the
// key its URL is compared by.
func (s *Server) newSource(r *http.Request, fields map[string]any) (config.Source, string, *requestError) {
	if id, _ := fields["id"].(string); id == "" {
		made, err := s.makeID(r.Context(), fields)
		if err != nil {
			s.log.Error("api", slog.String("op", "add source"), slog.Any("error", err))
			return config.Source{}, "", refuse(http.StatusInternalServerError, "internal", "internal error")
		}
		fields["id"] = made
	}
	doc, _ := json.Marshal(fields) // decoded JSON encodes again
	src, err := config.ParseSource(doc, "request")
	if err != nil {
		return src, "", refuse(http.StatusBadRequest, "bad_request", configProblems(err))
	}
	u, _ := url.Parse(src.URL) // ParseSource checked it
	if !s.cfg.AllowPrivateSources && fetch.IsPrivateHost(u.Hostname()) {
		return src, "", refuse(http.StatusBadRequest, "bad_request", "url: "+u.Hostname()+
			" is a loopback, private or link-local address, which sources added at run time may not reach (see allow_private_sources)")
	}
	key, err := canon.URL(src.URL)
	if err != nil {
		return src, "", refuse(http.StatusBadRequest, "bad_request", "url: "+err.Error())
	}
	if _, taken := s.cfg.Source(src.ID); taken {
		return src, "", refuse(http.StatusConflict, "conflict", "id: "+src.ID+" is already a configured source's id")
	}
	for _, c := range s.cfg.Sources {
		if k, err := canon.URL(c.URL); err == nil && k == key {
			return src, "", refuse(http.StatusConflict, "conflict", "url: configured source "+c.ID+" already has this URL")
		}
	}
	src.Origin = config.OriginAPI
	return src, key, nil
}
