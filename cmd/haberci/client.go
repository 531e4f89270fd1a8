package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

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
	u := d.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return err
	}
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		return fmt.Errorf("a daemon owns the data directory but its API at %s does not answer: %w", d.base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
			return fmt.Errorf("daemon: %s", e.Error.Message)
		}
		return fmt.Errorf("daemon: %s %s: %s", method, path, resp.Status)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(body, out)
}

// crawlThroughDaemon asks the running daemon to crawl the sources.
func crawlThroughDaemon(ctx context.Context, cfg *config.Config, srcs []config.Source, w io.Writer) error {
	d := newDaemon(cfg)
	var failed []string
	for _, s := range srcs {
		if err := d.do(ctx, http.MethodPost, "/api/v1/sources/"+url.PathEscape(s.ID)+"/crawl", nil, nil); err != nil {
			fmt.Fprintf(w, "%s\t%v\n", s.ID, err)
			failed = append(failed, s.ID)
			continue
		}
		fmt.Fprintf(w, "%s\tstarted by the running daemon\n", s.ID)
	}
	if len(failed) > 0 {
		return fmt.Errorf("the daemon did not start: %s", strings.Join(failed, ", "))
	}
	return nil
}
