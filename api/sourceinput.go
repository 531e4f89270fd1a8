package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/haberci/haberci/config"
)

// decodeObject reads a body holding exactly one JSON object.
func decodeObject(body []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var fields map[string]any
	err := dec.Decode(&fields)
	if err == nil && fields != nil {
		if _, err = dec.Token(); err == io.EOF {
			return fields, nil
		}
	}
	return nil, errors.New("body: want one JSON object with the keys of a sources entry (id, name, type, url, schedule, links, …)")
}

// requestError is a refusal with its status.
type requestError struct {
	status    int
	code, msg string
}

func refuse(status int, code, msg string) *requestError { return &requestError{status, code, msg} }

// makeID makes an id for an entry without one: from its name, else its
// URL's host, unique among every id the config and the archive know.
func (s *Server) makeID(ctx context.Context, fields map[string]any) (string, error) {
	name, _ := fields["name"].(string)
	raw, _ := fields["url"].(string)
	base := config.IDBase(name, raw)
	ids, err := s.arch.SourceIDs(ctx)
	if err != nil {
		return "", err
	}
	taken := make(map[string]bool, len(ids)+len(s.cfg.Sources))
	for _, id := range ids {
		taken[id] = true
	}
	for _, src := range s.cfg.Sources {
		taken[src.ID] = true
	}
	return config.UniqueID(base, taken), nil
}

// configProblems renders the config rules' refusal for an API client:
// "field: message; …", without the file and line, which mean nothing for
// a request body.
func configProblems(err error) string {
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		var ce *config.Error
		switch {
		case !errors.As(e, &ce):
			msgs = append(msgs, e.Error())
		case ce.Field == "":
			msgs = append(msgs, ce.Msg)
		default:
			msgs = append(msgs, ce.Field+": "+ce.Msg)
		}
	}
	return strings.Join(msgs, "; ")
}
