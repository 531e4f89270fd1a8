package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/params"
	"github.com/haberci/haberci/sources"
)

// client talks to the running "haberci serve" that owns the data
// directory, through its API: the one way the CLI reaches a daemon.
type client struct {
	base  string
	token string
	http  *http.Client
}

func newClient(cfg *config.Config) *client {
	return &client{base: "http://" + cfg.Listen, token: cfg.APIToken, http: &http.Client{Timeout: 60 * time.Second}}
}

// apiError is an answer outside 2xx, with the API's message. It unwraps to
// the sources kind its status stands for, so callers test a refusal the
// same way whether the daemon or the registry made it.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// Unwrap maps the status back to the refusal's kind (nil for others).
func (e *apiError) Unwrap() error {
	switch e.status {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		return sources.ErrInvalid
	case http.StatusConflict:
		return sources.ErrConflict
	case http.StatusNotFound:
		return sources.ErrNotFound
	}
	return nil
}

// badInput reports a refusal of what the user typed, by the daemon (400)
// or by the parsers and stores here: a usage error (exit 2).
func badInput(err error) bool {
	var qe *index.QueryError
	var pe *params.Error
	return errors.Is(err, sources.ErrInvalid) || errors.Is(err, index.ErrBadRequest) ||
		errors.As(err, &qe) || errors.As(err, &pe)
}

// call sends in as JSON (no body when nil) and decodes a 2xx JSON answer
// into out (when not nil).
func (c *client) call(ctx context.Context, method, path string, q url.Values, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	answer, err := c.send(ctx, method, path, q, body)
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal(answer, out)
}

// send makes one request and returns the body of a 2xx answer; other
// answers give an *apiError.
func (c *client) send(ctx context.Context, method, path string, q url.Values, body []byte) ([]byte, error) {
	target := c.base + path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("a daemon owns the data directory but its API at %s does not answer: %w", c.base, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("daemon: %s %s: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		return nil, decodeError(resp.StatusCode, method, path, out)
	}
	return out, nil
}

// decodeError reads the contract's error body.
func decodeError(status int, method, path string, body []byte) *apiError {
	var e struct {
		Error struct{ Message string } `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
		e.Error.Message = fmt.Sprintf("daemon: %s %s: %d %s", method, path, status, http.StatusText(status))
	}
	return &apiError{status: status, msg: e.Error.Message}
}

// crawlThroughDaemon asks the running daemon to crawl the sources with
// these ids; none means every source it has that is not paused.
func crawlThroughDaemon(ctx context.Context, cfg *config.Config, ids []string, w io.Writer) error {
	c := newClient(cfg)
	if len(ids) == 0 {
		var list api.SourcesResponse
		if err := c.call(ctx, http.MethodGet, "/api/v1/sources", nil, nil, &list); err != nil {
			return err
		}
		for _, s := range list.Sources {
			if !s.Paused {
				ids = append(ids, s.ID)
			}
		}
	}
	var failed []string
	for _, id := range ids {
		if err := c.call(ctx, http.MethodPost, "/api/v1/sources/"+url.PathEscape(id)+"/crawl", nil, nil, nil); err != nil {
			fmt.Fprintf(w, "%s\tdaemon: %v\n", id, err)
			failed = append(failed, id)
			continue
		}
		fmt.Fprintf(w, "%s\tstarted by the running daemon\n", id)
	}
	if len(failed) > 0 {
		return fmt.Errorf("the daemon did not start: %s", strings.Join(failed, ", "))
	}
	return nil
}
