package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// maxSourceBody bounds a POST or PATCH /sources body: one source's settings.
const maxSourceBody = 64 << 10

// readObject reads a body holding exactly one JSON object of at most
// maxSourceBody bytes. A larger body is errTooLarge (413).
func readObject(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSourceBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, errTooLarge
	}
	if err != nil {
		return nil, badInput("body: unreadable")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var fields map[string]any
	err = dec.Decode(&fields)
	if err == nil && fields != nil {
		if _, err = dec.Token(); err == io.EOF {
			return fields, nil
		}
	}
	return nil, badInput("body: want one JSON object with the keys of a sources entry (id, name, type, url, schedule, links, …)")
}
