package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

// inProcessAPI carries the watch commands' requests: to the daemon's API
// when one owns the data directory, else to the API's handler in process
// on the archive opened here. Only the watch commands still use it; the
// sources, search and coverage commands reach the stores directly.
type inProcessAPI struct {
	send  func(ctx context.Context, method, target string, body []byte) (int, []byte, error)
	close func()
}

func openSourcesAPI(ctx context.Context, cfg *config.Config) (*inProcessAPI, error) {
	ar, lock, err := openArchive(ctx, cfg)
	if errors.Is(err, errOwned) {
		c := newClient(cfg)
		send := func(ctx context.Context, method, target string, body []byte) (int, []byte, error) {
			out, err := c.send(ctx, method, target, nil, body)
			var ae *apiError
			if errors.As(err, &ae) {
				b, _ := json.Marshal(map[string]any{"error": map[string]string{"message": ae.msg}})
				return ae.status, b, nil
			}
			return http.StatusOK, out, err
		}
		return &inProcessAPI{send: send, close: func() {}}, nil
	}
	if err != nil {
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
	return &inProcessAPI{send: send, close: func() { ar.Close(); lock.release() }}, nil
}

// sourcesCall makes one request (see inProcessAPI) and decodes a 2xx JSON
// answer into out. A refusal of the input (400) is a usage error.
func sourcesCall(cfgPath, method, target string, in, out any) error {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	ctx := context.Background()
	sa, err := openSourcesAPI(ctx, cfg)
	if err != nil {
		return err
	}
	defer sa.close()
	var body []byte
	if in != nil {
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	status, answer, err := sa.send(ctx, method, target, body)
	if err != nil {
		return err
	}
	if status >= 300 {
		ae := decodeError(status, method, target, answer)
		if status == http.StatusBadRequest {
			return usageError{ae.msg}
		}
		return ae
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(answer, out)
}
