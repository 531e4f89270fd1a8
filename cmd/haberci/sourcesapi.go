package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
)

// sourcesAPI carries the sources commands' requests: to the daemon's API
// when one owns the data directory, else to the same handler in process on
// the archive opened here. One set of rules either way, and run-time
// sources are the same whichever way they came.
type sourcesAPI struct {
	send  func(ctx context.Context, method, target string, body []byte) (int, []byte, error)
	close func()
}

func openSourcesAPI(ctx context.Context, cfg *config.Config) (*sourcesAPI, error) {
	lock, err := lockDataDir(cfg.DataDir)
	if errors.Is(err, errOwned) {
		return &sourcesAPI{send: newDaemon(cfg).send, close: func() {}}, nil
	}
	if err != nil {
		return nil, err
	}
	ar, err := archive.Open(ctx, cfg.DataDir, archive.WithNearWindow(cfg.NearWindow))
	if err == nil {
		// Configured sources get their rows, as serve gives them: they may be paused.
		if err = ar.SyncSources(ctx, sourceInfos(cfg)); err != nil {
			ar.Close()
		}
	}
	if err != nil {
		lock.release()
		return nil, err
	}
	h := api.New(cfg, nil, ar, nil, nil).Handler()
	send := func(ctx context.Context, method, target string, body []byte) (int, []byte, error) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
		req.Host = cfg.Listen // URLs the API makes (a watch's feed) name the daemon's listener
		if cfg.APIToken != "" {
			req.Header.Set("Authorization", "Bearer "+cfg.APIToken)
		}
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.Bytes(), nil
	}
	return &sourcesAPI{send: send, close: func() { ar.Close(); lock.release() }}, nil
}

// apiError is an answer outside 2xx.
type apiError struct {
	status int
	msg    string // the API's message
}

func (e *apiError) Error() string { return e.msg }

// call sends in as JSON (no body when nil) and decodes a 2xx answer into
// out; other answers give an *apiError.
func (s *sourcesAPI) call(ctx context.Context, method, target string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	status, answer, err := s.send(ctx, method, target, body)
	if err != nil {
		return err
	}
	if status >= 300 {
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		if json.Unmarshal(answer, &e) != nil || e.Error.Message == "" {
			e.Error.Message = fmt.Sprintf("%s %s: %d %s", method, target, status, http.StatusText(status))
		}
		return &apiError{status: status, msg: e.Error.Message}
	}
	return json.Unmarshal(answer, out)
}
