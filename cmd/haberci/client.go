package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

// daemon talks to the running "haberci serve" that owns the data directory.
type daemon struct {
	base  string
	token string
	http  *http.Client
}

func newDaemon(cfg *config.Config) *daemon {
	return &daemon{base: "http://" + cfg.Listen, token: cfg.APIToken, http: &http.Client{Timeout: 60 * time.Second}}
}

// do sends a request and decodes a JSON answer into out (when not nil).
func (d *daemon) do(ctx context.Context, method, path string, q url.Values, out any) error {
	target := path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	status, body, err := d.send(ctx, method, target, nil)
	if err != nil {
		return err
	}
	if status >= 300 {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
			return fmt.Errorf("daemon: %s", e.Error.Message)
		}
		return fmt.Errorf("daemon: %s %s: %d %s", method, path, status, http.StatusText(status))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(body, out)
}

// send makes one request (with a JSON body unless body is nil) and returns
// the answer's status and body, whatever the status.
func (d *daemon) send(ctx context.Context, method, target string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, d.base+target, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("a daemon owns the data directory but its API at %s does not answer: %w", d.base, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	return resp.StatusCode, out, err
}

// crawlThroughDaemon asks the running daemon to crawl the sources with
// these ids; none means every source it has that is not paused.
func crawlThroughDaemon(ctx context.Context, cfg *config.Config, ids []string, w io.Writer) error {
	d := newDaemon(cfg)
	if len(ids) == 0 {
		var list api.SourcesResponse
		if err := d.do(ctx, http.MethodGet, "/api/v1/sources", nil, &list); err != nil {
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
		if err := d.do(ctx, http.MethodPost, "/api/v1/sources/"+url.PathEscape(id)+"/crawl", nil, nil); err != nil {
			fmt.Fprintf(w, "%s\t%v\n", id, err)
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
